import type { PortalMessages } from '../portal-messages';
import { type Html, html } from './html';
import { layout } from './layout';

export interface LoginView {
  m: PortalMessages;
  lang: string;
  base: string;
  csrf: string;
  next: string;
  username?: string;
  error?: string;
}

export function loginPage(v: LoginView): Html {
  return layout(
    { m: v.m, lang: v.lang, base: v.base, title: v.m.loginTitle },
    html`<div class="card narrow">
      <h1>${v.m.loginTitle}</h1>
      ${v.error ? html`<div class="msg bad" role="alert">${v.error}</div>` : ''}
      <form method="post" action="${v.base}/login" autocomplete="on">
        <input type="hidden" name="_csrf" value="${v.csrf}" />
        <input type="hidden" name="next" value="${v.next}" />
        <div class="field">
          <label for="username">${v.m.username}</label>
          <input id="username" name="username" autocomplete="username" required value="${v.username ?? ''}" />
        </div>
        <div class="field">
          <label for="password">${v.m.password}</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />
        </div>
        <button type="submit">${v.m.login}</button>
      </form>
    </div>`,
  );
}
