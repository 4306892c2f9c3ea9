import type { Context, Env } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ArchiveStore } from '../../activities/archive/archive-store';
import type { AuditAction, AuditLog } from '../../activities/archive/audit-log';
import type { LoginThrottle, ThrottleOptions } from './login-throttle';
import type { PortalLocale, PortalMessages } from './portal-messages';
import type { PortalTokens } from './session-token';
import { messagePage } from './views/layout';
import type { PageChrome } from './views/layout';

export interface PortalAccount {
  username: string;
  /** `scrypt$N$r$p$saltB64$hashB64`, made with `hashPassword`. */
  passwordHash: string;
  displayName?: string;
}

export interface PortalDeps {
  store: ArchiveStore;
  audit: AuditLog;
  accounts: PortalAccount[];
  /** At least 32 characters; signs session cookies and CSRF tokens. */
  sessionSecret: string;
  locale?: PortalLocale;
  /** Set the cookies' Secure flag (serve the portal over HTTPS in production). */
  secureCookies?: boolean;
  now?: () => Date;
  /** Where the lead mounts the routes (default '/portal'); used for links, redirects and the cookie path. */
  basePath?: string;
  /** IANA zone for displayed times (default Asia/Shanghai). */
  timeZone?: string;
  /** Client address for rate limiting and the audit log; default: the socket's remote address (node-server). */
  clientIp?: (c: Context) => string;
  throttle?: ThrottleOptions;
  /** Session lifetime (default 8 h). */
  sessionTtlMs?: number;
  /** Largest file accepted by the verify-upload page (default 50 MiB). */
  maxUploadBytes?: number;
}

export interface SessionPayload {
  u: string;
  sid: string;
  iat: number;
  exp: number;
}

export type PortalEnv = Env & { Variables: { session: SessionPayload } };

export const SESSION_COOKIE = 'portal_session';
export const PRE_LOGIN_COOKIE = 'portal_pre';

/** Everything the route modules share, built once per `createPortalRoutes` call. */
export interface Portal {
  deps: PortalDeps;
  m: PortalMessages;
  lang: PortalLocale;
  base: string;
  tz: string;
  tokens: PortalTokens;
  throttle: LoginThrottle;
  accounts: Map<string, PortalAccount>;
  /** Signed-out session ids until their natural expiry (cookies are stateless, so sign-out must be remembered). */
  revoked: Map<string, number>;
  now(): Date;
  ip(c: Context): string;
}

export function readSession(portal: Portal, c: Context): SessionPayload | null {
  const now = portal.now().getTime();
  const s = portal.tokens.open<SessionPayload>('session', getCookie(c, SESSION_COOKIE), now);
  if (!s || typeof s.u !== 'string' || typeof s.sid !== 'string') return null;
  if (portal.revoked.has(s.sid) || !portal.accounts.has(s.u)) return null;
  return s;
}

export function chrome(
  portal: Portal,
  c: Context<PortalEnv>,
  title: string,
  active?: PageChrome['active'],
): PageChrome {
  const s = c.get('session');
  const account = portal.accounts.get(s.u);
  return {
    m: portal.m,
    lang: portal.lang,
    base: portal.base,
    title,
    active,
    user: { name: account?.displayName ?? s.u, csrf: portal.tokens.csrf('session', s.sid) },
  };
}

/** Writes an audit event for a portal action; the caller decides whether a failure to log blocks the action. */
export async function auditPortal(
  portal: Portal,
  c: Context,
  actor: string,
  action: AuditAction,
  target: string,
  detail: Record<string, unknown> = {},
): Promise<void> {
  await portal.deps.audit.record({
    at: portal.now().toISOString(),
    actor,
    action,
    target,
    detail: { ip: portal.ip(c), userAgent: (c.req.header('user-agent') ?? '').slice(0, 200), ...detail },
  });
}

export function defaultClientIp(c: Context): string {
  const env = c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined;
  return env?.incoming?.socket?.remoteAddress ?? 'unknown';
}

/** For signed-in POSTs: a 403 page unless the form carries the session's CSRF token. */
export async function csrfRefusal(portal: Portal, c: Context<PortalEnv>): Promise<Response | null> {
  const body = await c.req.parseBody();
  if (portal.tokens.checkCsrf('session', c.get('session').sid, body._csrf)) return null;
  await auditPortal(portal, c, c.get('session').u, 'portal.csrf-refused', c.req.path);
  return c.html(messagePage(chrome(portal, c, '403'), portal.m.forbidden).value, 403);
}
