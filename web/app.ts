import { Hono } from 'hono';
import { createActionRoutes, type ActionRouteDeps } from './action-routes';
import { createFormTokens } from './csrf';
import { HTTPException } from 'hono/http-exception';
import { messages, requestLang } from './i18n';
import { messagePage } from './pages/layout';
import { APP_CSS } from './pages/styles';
import { createPortalRoutes, type PortalDeps } from './portal';

export type { ActionRouteDeps, AuditSink, DocumentSource, WebAuditEvent } from './action-routes';

export interface WebAppDeps extends ActionRouteDeps {
  /** The auditor portal's dependencies (archive, audit log, accounts, session secret); mounted at /portal when given. */
  portal?: Omit<PortalDeps, 'basePath'>;
}

const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  // Action links carry their credential in the path: never leak it through Referer.
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/**
 * The web application: action links under /a, the auditor portal under /portal, /healthz. Pure request
 * handling; the server (server.ts) and the composition root decide where it listens and what it talks to.
 */
export function createWebApp(deps: WebAppDeps): Hono {
  createFormTokens(deps.csrfSecret); // fails fast on a missing or short secret
  const onError = deps.onError ?? ((err, where) => console.error(`[web] ${where}:`, err));
  const app = new Hono();

  // Bodies: one larger than any route takes is refused before it is read (and the connection closed); any other is
  // read to its end before the answer goes out, even when a route answered without reading it (404, 401, 413 by a
  // route's limit), so the client reads the page instead of a connection reset half-way through its upload.
  const maxBody = (deps.portal?.maxUploadBytes ?? 50 * 1024 * 1024) + 64 * 1024;
  app.use('*', async (c, next) => {
    const declared = Number(c.req.header('content-length') ?? 0);
    if (declared > maxBody) {
      const lang = requestLang(c, undefined, deps.locale);
      const m = messages(lang);
      c.header('Connection', 'close');
      return c.html(messagePage({ lang, tone: 'error', title: m.tooLargeTitle, lines: [m.tooLargeBody] }), 413);
    }
    await next();
    const raw = c.req.raw;
    if (declared > 0 && raw.body && !raw.bodyUsed && !raw.body.locked) await raw.arrayBuffer().catch(() => undefined);
  });

  app.use('*', async (c, next) => {
    await next();
    for (const [name, value] of Object.entries(SECURITY_HEADERS)) {
      if (!c.res.headers.has(name)) c.res.headers.set(name, value);
    }
  });

  app.get('/healthz', (c) => c.json({ status: 'ok' }));
  app.get('/assets/app.css', (c) => {
    c.header('Content-Type', 'text/css; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=3600');
    return c.body(APP_CSS);
  });
  app.route('/a', createActionRoutes({ ...deps, onError }));
  if (deps.portal) app.route('/portal', createPortalRoutes({ onError, ...deps.portal, basePath: '/portal' }));

  app.notFound((c) => {
    const lang = requestLang(c, undefined, deps.locale);
    const m = messages(lang);
    return c.html(messagePage({ lang, tone: 'error', title: m.notFoundTitle, lines: [m.notFoundBody] }), 404);
  });
  // The last boundary: a request the framework refused (4xx) gets its page; anything else is a fault of ours, logged
  // with the link's credential masked, and the person sees a short page in their language — never a stack trace.
  app.onError((err, c) => {
    const lang = requestLang(c, undefined, deps.locale);
    const m = messages(lang);
    const status = err instanceof HTTPException ? err.status : 500;
    if (status >= 400 && status < 500) {
      const [title, body] = status === 413 ? [m.tooLargeTitle, m.tooLargeBody] : [m.badRequestTitle, m.badRequestBody];
      return c.html(messagePage({ lang, tone: 'error', title, lines: [body] }), status);
    }
    onError(err, `${c.req.method} ${c.req.path.replace(/\/a\/[^/]+/, '/a/<token>')}`);
    return c.html(messagePage({ lang, tone: 'error', title: m.unavailableTitle, lines: [m.unavailableBody] }), 500);
  });
  return app;
}
