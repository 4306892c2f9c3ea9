import { Hono } from 'hono';
import { createActionRoutes, type ActionRouteDeps } from './action-routes';
import { createFormTokens } from './csrf';
import { messages, pickLang } from './i18n';
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
  if (deps.portal) app.route('/portal', createPortalRoutes({ ...deps.portal, basePath: '/portal' }));

  app.notFound((c) => {
    const lang = pickLang(c.req.query('lang'), deps.locale);
    const m = messages(lang);
    return c.html(messagePage({ lang, tone: 'error', title: m.notFoundTitle, lines: [m.notFoundBody] }), 404);
  });
  app.onError((err, c) => {
    onError(err, `${c.req.method} ${new URL(c.req.url).pathname.replace(/\/a\/[^/]+/, '/a/<token>')}`);
    const lang = pickLang(c.req.query('lang'), deps.locale);
    const m = messages(lang);
    const status = (err as { status?: number }).status;
    if (status === 413)
      return c.html(messagePage({ lang, tone: 'error', title: m.invalidInputTitle, lines: ['413'] }), 413);
    return c.html(messagePage({ lang, tone: 'error', title: m.unavailableTitle, lines: [m.unavailableBody] }), 500);
  });
  return app;
}
