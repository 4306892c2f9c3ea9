import { html } from 'hono/html';
import type { HtmlEscapedString } from 'hono/utils/html';
import { messages, type Lang } from '../i18n';

export type Html = HtmlEscapedString | Promise<HtmlEscapedString>;

/** Page shell: viewport for phones, one external stylesheet, no scripts. `langHref` switches the UI language. */
export function layout(opts: { lang: Lang; title: string; body: Html; langHref?: { zh: string; en: string } }): Html {
  const m = messages(opts.lang);
  const switcher = opts.langHref
    ? opts.lang === 'en'
      ? html`<a href="${opts.langHref.zh}" lang="zh-CN">中文</a>`
      : html`<a href="${opts.langHref.en}" lang="en">English</a>`
    : '';
  return html`<!doctype html>
    <html lang="${opts.lang}">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>${opts.title} · ${m.appName}</title>
        <link rel="stylesheet" href="/assets/app.css" />
      </head>
      <body>
        <header><strong>${m.appName}</strong>${switcher}</header>
        <main>${opts.body}</main>
      </body>
    </html>`;
}

/** A page with one message: result, already decided, expired or invalid link, errors. */
export function messagePage(opts: {
  lang: Lang;
  tone: 'ok' | 'warn' | 'error';
  title: string;
  lines: string[];
  extra?: Html;
}): Html {
  const body = html`<h1>${opts.title}</h1>
    <div class="banner ${opts.tone}" role="status">${opts.lines.map((l) => html`<p>${l}</p>`)}</div>
    ${opts.extra ?? ''}`;
  return layout({ lang: opts.lang, title: opts.title, body });
}
