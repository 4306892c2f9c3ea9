import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { readForm } from '../read-form';
import { verifyPassword } from './password-hash';
import {
  type Portal,
  type PortalEnv,
  PRE_LOGIN_COOKIE,
  SESSION_COOKIE,
  type SessionPayload,
  auditPortal,
  readSession,
  refusal,
  textOf,
} from './portal-context';
import { randomId } from './session-token';
import { home } from './views/html';
import { loginPage } from './views/login-page';

const PRE_LOGIN_TTL_MS = 60 * 60_000;

/** Login form, login and logout. Every attempt (ok, wrong password, throttled, bad CSRF) is audited. */
export function registerAuthRoutes(app: Hono<PortalEnv>, portal: Portal, dummyHash: string): void {
  const { base } = portal;
  const tooLarge = (c: Context<PortalEnv>) => refusal(portal, c, 413, textOf(c).requestTooLarge);
  const cookieOpts = (maxAgeMs: number) => ({
    path: base,
    httpOnly: true,
    sameSite: 'Lax' as const,
    secure: portal.deps.secureCookies ?? false,
    maxAge: Math.floor(maxAgeMs / 1000),
  });

  /** Reuses a valid pre-login nonce so two open login tabs both keep working. */
  const loginForm = (
    c: Context<PortalEnv>,
    status: 200 | 401 | 403 | 429,
    extra: { username?: string; error?: string; next?: string },
  ) => {
    const nowMs = portal.now().getTime();
    let pre = portal.tokens.open<{ n: string; exp: number }>('pre-login', getCookie(c, PRE_LOGIN_COOKIE), nowMs);
    if (!pre) {
      pre = { n: randomId(), exp: nowMs + PRE_LOGIN_TTL_MS };
      setCookie(c, PRE_LOGIN_COOKIE, portal.tokens.sign('pre-login', pre), cookieOpts(PRE_LOGIN_TTL_MS));
    }
    const csrf = portal.tokens.csrf('login', pre.n);
    const next = safeNext(base, extra.next ?? c.req.query('next'));
    return c.html(loginPage({ ...extra, m: textOf(c), lang: c.get('lang'), base, csrf, next }), status);
  };

  app.get('/login', (c) => (readSession(portal, c) ? c.redirect(home(base), 303) : loginForm(c, 200, {})));

  app.post('/login', bodyLimit({ maxSize: 16 * 1024, onError: tooLarge }), async (c) => {
    const m = textOf(c);
    const body = await readForm(c);
    if (!body) return refusal(portal, c, 400, m.badRequest);
    const username = typeof body.username === 'string' ? body.username.trim().slice(0, 100) : '';
    const password = typeof body.password === 'string' ? body.password.slice(0, 1000) : '';
    const next = typeof body.next === 'string' ? body.next : undefined;
    const nowMs = portal.now().getTime();
    const fail = (reason: string) =>
      auditPortal(portal, c, username || '(empty)', 'portal.login.failed', username || '(empty)', { reason });

    const pre = portal.tokens.open<{ n: string; exp: number }>('pre-login', getCookie(c, PRE_LOGIN_COOKIE), nowMs);
    if (!pre || !portal.tokens.checkCsrf('login', pre.n, body._csrf)) {
      await fail('csrf');
      return loginForm(c, 403, { username, error: m.sessionExpired, next });
    }
    const ip = portal.ip(c);
    const waitMs = portal.throttle.retryAfterMs(username, ip, nowMs);
    if (waitMs > 0) {
      await fail('throttled');
      const seconds = Math.ceil(waitMs / 1000);
      c.header('Retry-After', String(seconds));
      return loginForm(c, 429, { username, error: m.loginThrottled(seconds), next });
    }
    const account = portal.accounts.get(username);
    // Unknown names still pay for one scrypt run, so response time does not reveal which names exist.
    const ok = (await verifyPassword(password, account?.passwordHash ?? dummyHash)) && account !== undefined;
    if (!ok) {
      portal.throttle.failure(username, ip, nowMs);
      await fail(account ? 'bad-password' : 'unknown-user');
      return loginForm(c, 401, { username, error: m.loginFailed, next });
    }
    portal.throttle.success(username, ip);
    const ttl = portal.deps.sessionTtlMs ?? 8 * 60 * 60_000;
    const session: SessionPayload = { u: username, sid: randomId(), iat: nowMs, exp: nowMs + ttl };
    setCookie(c, SESSION_COOKIE, portal.tokens.sign('session', session), cookieOpts(ttl));
    deleteCookie(c, PRE_LOGIN_COOKIE, { path: base });
    await auditPortal(portal, c, username, 'portal.login.ok', username, { sid: session.sid.slice(0, 8) });
    return c.redirect(safeNext(base, next), 303);
  });

  app.post('/logout', bodyLimit({ maxSize: 16 * 1024, onError: tooLarge }), async (c) => {
    const session = readSession(portal, c);
    const body = await readForm(c);
    if (!session) return c.redirect(`${base}/login`, 303);
    if (!body) return refusal(portal, c, 400, textOf(c).badRequest);
    if (!portal.tokens.checkCsrf('session', session.sid, body._csrf))
      return refusal(portal, c, 403, textOf(c).forbidden);
    portal.revoked.set(session.sid, session.exp);
    for (const [sid, exp] of portal.revoked) if (exp < portal.now().getTime()) portal.revoked.delete(sid);
    deleteCookie(c, SESSION_COOKIE, { path: base });
    await auditPortal(portal, c, session.u, 'portal.logout', session.u);
    return c.redirect(`${base}/login`, 303);
  });
}

/** Only same-portal paths: never another host (`//evil`, `/\evil`) or another app on this host. */
export function safeNext(base: string, next: string | undefined): string {
  const list = home(base);
  if (!next || next.startsWith('//') || /[\\\s]|\.\.|%2e/i.test(next)) return list;
  if (next !== base && !next.startsWith(`${base}/`) && !next.startsWith(`${base}?`)) return list;
  return next.startsWith(`${base}/login`) ? list : next;
}
