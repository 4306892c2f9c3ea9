import type { PortalMessages } from '../portal-messages';
import { type Html, home, html, raw } from './html';
import { STYLE_TAG } from './portal-css';

export interface PageChrome {
  m: PortalMessages;
  lang: string;
  base: string;
  title: string;
  /** Present when signed in: shows the navigation and the sign-out button. */
  user?: { name: string; csrf: string };
  active?: 'archive' | 'verify-chain' | 'verify-file' | 'mails';
}

export function layout(p: PageChrome, body: Html): Html {
  const nav = p.user
    ? html`<nav>
          <a href="${home(p.base)}" class="${p.active === 'archive' ? 'active' : ''}">${p.m.archive}</a>
          <a href="${p.base}/verify-file" class="${p.active === 'verify-file' ? 'active' : ''}">${p.m.verifyFile}</a>
          <a href="${p.base}/verify" class="${p.active === 'verify-chain' ? 'active' : ''}">${p.m.verifyChain}</a>
          <a href="${p.base}/mails" class="${p.active === 'mails' ? 'active' : ''}">${p.m.mailsNav}</a>
        </nav>
        <form method="post" action="${p.base}/logout">
          <span>${p.m.signedInAs}: ${p.user.name}</span>
          <input type="hidden" name="_csrf" value="${p.user.csrf}" />
          <button type="submit">${p.m.logout}</button>
        </form>`
    : '';
  return html`<!doctype html>
    <html lang="${p.lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="referrer" content="same-origin" />
        <title>${p.title} · ${p.m.appName}</title>
        ${raw(STYLE_TAG)}
        <link rel="icon" href="data:," />
      </head>
      <body>
        <header><span class="brand">${p.m.appName}</span>${nav}</header>
        <main>${body}</main>
      </body>
    </html>`;
}

/** A short page for errors and refusals (404, 403, 409, 413). */
export function messagePage(p: PageChrome, text: string, tone: 'bad' | 'info' = 'bad'): Html {
  return layout(
    p,
    html`<div class="card narrow">
      <div class="msg ${tone}" role="alert">${text}</div>
      <p><a href="${home(p.base)}">${p.m.back}</a></p>
    </div>`,
  );
}
