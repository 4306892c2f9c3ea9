/**
 * Acts on an action link the way a person in a browser does, over plain HTTP: GET the page (which never
 * decides), keep any cookie it sets, read the form's hidden CSRF field (a token bound to the link), then POST the
 * chosen button with an optional comment and form fields. Used by the demo ("clicking the real links") and its
 * end-to-end test.
 */
export interface ClickResult {
  status: number;
  /** The result page as text (tags stripped), e.g. "已批准 …" or "already decided by …". */
  text: string;
}

const decode = (s: string): string =>
  s
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');

export function pageText(html: string): string {
  return decode(
    html
      .replace(/<style[\s\S]*?<\/style>/g, ' ')
      .replace(/<[^>]+>/g, ' ')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

/** Every action link (`…/a/<token>`) in a mail's text. */
export function actionLinks(text: string): string[] {
  return [...text.matchAll(/https?:\/\/[^\s"'<>]+\/a\/[A-Za-z0-9._~-]+/g)].map((m) => m[0]);
}

export async function clickActionLink(
  url: string,
  choice: { action: string; comment?: string; fields?: Record<string, string> },
): Promise<ClickResult> {
  const page = await fetch(url, { redirect: 'manual' });
  const html = await page.text();
  if (page.status !== 200) return { status: page.status, text: pageText(html) };
  const form = /<form[^>]*method="post"[^>]*action="([^"]*)"/.exec(html);
  const csrf = /name="_csrf" value="([^"]*)"/.exec(html);
  if (!form || !csrf) return { status: page.status, text: pageText(html) };
  const cookies = (page.headers.getSetCookie?.() ?? []).map((c) => c.split(';')[0]).join('; ');
  const body = new URLSearchParams({ _csrf: decode(csrf[1]!), action: choice.action, comment: choice.comment ?? '' });
  for (const [k, v] of Object.entries(choice.fields ?? {})) body.set(`field.${k}`, v);
  const res = await fetch(new URL(decode(form[1]!), url), {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: cookies, origin: new URL(url).origin },
    body,
  });
  return { status: res.status, text: pageText(await res.text()) };
}
