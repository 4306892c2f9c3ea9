import { randomBytes } from 'node:crypto';
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import { requestLang } from '../i18n';
import { ConfigError } from '../../domain/errors';
import { registerArchiveRoutes } from './archive-routes';
import { registerAuthRoutes } from './auth-routes';
import { LoginThrottle } from './login-throttle';
import { registerMailRoutes } from './mail-routes';
import { DEFAULT_SCRYPT_PARAMS, parsePasswordHash } from './password-hash';
import {
  type Portal,
  type PortalAccount,
  type PortalDeps,
  type PortalEnv,
  chrome,
  defaultClientIp,
  readSession,
  refusal,
  textOf,
} from './portal-context';
import { portalTokens } from './session-token';
import { messagePage } from './views/layout';
import { PORTAL_CSS_HASH } from './views/portal-css';
import { registerVerifyRoutes } from './verify-routes';

const CSP = [
  "default-src 'none'",
  `style-src ${PORTAL_CSS_HASH}`,
  "img-src 'self' data:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/**
 * The auditor portal: sign-in, then a read-only view of the archive (list and filter, document details,
 * download by id, hash-chain check, verify an uploaded file) and of the mails that may have arrived twice. Mount at `deps.basePath` (default '/portal'):
 * `app.route('/portal', createPortalRoutes(deps))`. No GET changes anything; every POST needs a CSRF token and a
 * same-origin request. Logins (ok and failed), downloads and verifications are written to the audit log.
 * Throws ConfigError for a short session secret or a malformed password hash, naming the account.
 */
export function createPortalRoutes(deps: PortalDeps): Hono<PortalEnv> {
  const portal = buildPortal(deps);
  const app = new Hono<PortalEnv>();

  app.use('*', async (c, next) => {
    c.set('lang', requestLang(c, undefined, portal.lang));
    await next();
    c.header('Content-Security-Policy', CSP);
    c.header('X-Content-Type-Options', 'nosniff');
    c.header('X-Frame-Options', 'DENY');
    // Not 'no-referrer': browsers then send `Origin: null` on our own form posts, which the origin check refuses.
    c.header('Referrer-Policy', 'same-origin');
    c.header('Cache-Control', 'no-store');
  });

  // Cross-site form posts are refused outright; the CSRF token is the second, independent check.
  app.use('*', async (c, next) => {
    if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
    const site = c.req.header('sec-fetch-site');
    const origin = c.req.header('origin');
    let sameOrigin = !site || site === 'same-origin' || site === 'none';
    if (origin !== undefined) {
      try {
        sameOrigin &&= new URL(origin).host === c.req.header('host');
      } catch {
        sameOrigin = false;
      }
    }
    if (sameOrigin) return next();
    return refusal(portal, c, 403, textOf(c).forbidden);
  });

  // Hono matches the mount point without its trailing slash; send "/portal/" to "/portal".
  app.use('*', async (c, next) => {
    if (portal.base === '' || c.req.path !== `${portal.base}/`) return next();
    return c.redirect(portal.base + new URL(c.req.url).search, 301);
  });

  registerAuthRoutes(app, portal, dummyHash(deps.accounts));

  app.use('*', async (c, next) => {
    const session = readSession(portal, c);
    if (session) {
      c.set('session', session);
      return next();
    }
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD') return refusal(portal, c, 401, textOf(c).signInRequired);
    const url = new URL(c.req.url);
    return c.redirect(`${portal.base}/login?next=${encodeURIComponent(url.pathname + url.search)}`, 302);
  });

  registerArchiveRoutes(app, portal);
  registerVerifyRoutes(app, portal);
  registerMailRoutes(app, portal);

  // Requests the framework refused (4xx) get their page; anything else is our fault: logged, a short page shown.
  app.onError((err, c) => {
    if (err instanceof HTTPException && err.status >= 400 && err.status < 500) {
      return c.html(messagePage(chrome(portal, c, String(err.status)), textOf(c).badRequest), err.status);
    }
    (deps.onError ?? ((e, where) => console.error(`[portal] ${where}:`, e)))(err, `${c.req.method} ${c.req.path}`);
    return c.html(messagePage(chrome(portal, c, '500'), textOf(c).internalError), 500);
  });
  return app;
}

function buildPortal(deps: PortalDeps): Portal {
  if (typeof deps.sessionSecret !== 'string' || deps.sessionSecret.length < 32) {
    throw new ConfigError('portal session secret must be at least 32 characters', { key: 'portal.sessionSecret' });
  }
  const accounts = new Map<string, PortalAccount>();
  for (const a of deps.accounts) {
    if (!a.username || accounts.has(a.username)) {
      throw new ConfigError(`portal account "${a.username}" is empty or duplicated`, { key: 'portal.accounts' });
    }
    if (!parsePasswordHash(a.passwordHash)) {
      throw new ConfigError(
        `portal account "${a.username}": passwordHash is not a valid scrypt$N$r$p$salt$hash string`,
        {
          key: 'portal.accounts',
          username: a.username,
        },
      );
    }
    accounts.set(a.username, a);
  }
  const lang = deps.locale ?? 'zh-CN';
  return {
    deps,
    lang,
    base: (deps.basePath ?? '/portal').replace(/\/+$/, ''),
    tz: deps.timeZone ?? 'Asia/Shanghai',
    tokens: portalTokens(deps.sessionSecret),
    throttle: new LoginThrottle(deps.throttle),
    accounts,
    revoked: new Map(),
    now: deps.now ?? (() => new Date()),
    ip: deps.clientIp ?? defaultClientIp,
  };
}

/** A hash no password matches, with the same cost as the real accounts', for unknown user names. */
function dummyHash(accounts: PortalAccount[]): string {
  const first = accounts[0] ? parsePasswordHash(accounts[0].passwordHash) : null;
  const { N, r, p } = first ?? DEFAULT_SCRYPT_PARAMS;
  return ['scrypt', N, r, p, randomBytes(16).toString('base64'), randomBytes(32).toString('base64')].join('$');
}
