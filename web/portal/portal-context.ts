import type { Context, Env } from 'hono';
import { getCookie } from 'hono/cookie';
import type { ArchiveStore } from '../../activities/archive/archive-store';
import type { AuditAction, AuditLog } from '../../activities/archive/audit-log';
import type { LoginThrottle, ThrottleOptions } from './login-throttle';
import { readForm, type FormFields } from '../read-form';
import { portalMessages, type PortalLocale, type PortalMessages } from './portal-messages';
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
  /** Where faults of ours are reported (default: console.error); the person sees a short page, never the error. */
  onError?: (err: unknown, where: string) => void;
}

export interface SessionPayload {
  u: string;
  sid: string;
  iat: number;
  exp: number;
}

/** Per request: the signed-in session (after the sign-in guard) and the page language (always). */
export type PortalEnv = Env & { Variables: { session: SessionPayload; lang: PortalLocale } };

export const SESSION_COOKIE = 'portal_session';
export const PRE_LOGIN_COOKIE = 'portal_pre';

/** Everything the route modules share, built once per `createPortalRoutes` call. */
export interface Portal {
  deps: PortalDeps;
  /** The configured language; a request's own (?lang=, Accept-Language) wins, see `textOf`. */
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

/** The texts of this request's language. */
export const textOf = (c: Context<PortalEnv>): PortalMessages => portalMessages(c.get('lang'));

/** Page chrome for this request: navigation and sign-out when signed in, the bare frame otherwise. */
export function chrome(
  portal: Portal,
  c: Context<PortalEnv>,
  title: string,
  active?: PageChrome['active'],
): PageChrome {
  const s = c.get('session') as SessionPayload | undefined;
  const frame = { m: textOf(c), lang: c.get('lang'), base: portal.base, title, active };
  if (!s) return frame;
  const account = portal.accounts.get(s.u);
  return { ...frame, user: { name: account?.displayName ?? s.u, csrf: portal.tokens.csrf('session', s.sid) } };
}

/** A short page for a refused or malformed request, in the person's language. */
export function refusal(
  portal: Portal,
  c: Context<PortalEnv>,
  status: 400 | 401 | 403 | 404 | 409 | 413,
  text: string,
) {
  return c.html(messagePage(chrome(portal, c, String(status)), text), status);
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

/** For signed-in POSTs: the form, or a 400 page when it is not a readable form, or 403 without the session's CSRF token. */
export async function checkedForm(portal: Portal, c: Context<PortalEnv>): Promise<FormFields | Response> {
  const form = await readForm(c);
  if (!form) return refusal(portal, c, 400, textOf(c).badRequest);
  if (portal.tokens.checkCsrf('session', c.get('session').sid, form._csrf)) return form;
  await auditPortal(portal, c, c.get('session').u, 'portal.csrf-refused', c.req.path);
  return refusal(portal, c, 403, textOf(c).forbidden);
}
