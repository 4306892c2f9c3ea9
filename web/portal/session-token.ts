import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Stateless signed tokens for the portal's cookies: base64url(JSON payload) + "." + base64url(HMAC-SHA256).
 * Separate keys are derived from the one configured secret for sessions, pre-login cookies and CSRF tokens,
 * so a value minted for one purpose never verifies for another.
 */
export interface PortalKeys {
  session: Buffer;
  /** Signs the pre-login cookie that anchors the login form's CSRF token. */
  preLogin: Buffer;
  csrf: Buffer;
}

export function deriveKeys(secret: string): PortalKeys {
  const k = (label: string) => createHmac('sha256', secret).update(`aftersales-portal/${label}`).digest();
  return { session: k('session'), preLogin: k('pre-login'), csrf: k('csrf') };
}

const mac = (key: Buffer, data: string): Buffer => createHmac('sha256', key).update(data).digest();

export function signToken(key: Buffer, payload: object): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(key, body).toString('base64url')}`;
}

/** The payload if the signature is valid and `exp` (ms since epoch) is in the future; else null. */
export function verifyToken<T extends { exp: number }>(
  key: Buffer,
  token: string | undefined,
  nowMs: number,
): T | null {
  if (!token || token.length > 4096) return null;
  const dot = token.indexOf('.');
  if (dot < 1) return null;
  const body = token.slice(0, dot);
  const given = Buffer.from(token.slice(dot + 1), 'base64url');
  const expected = mac(key, body);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const payload = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as T;
    return typeof payload.exp === 'number' && payload.exp > nowMs ? payload : null;
  } catch {
    return null;
  }
}

/** CSRF token bound to a session id (or a pre-login nonce): HMAC, so nothing to store server-side. */
export function csrfToken(keys: PortalKeys, purpose: 'session' | 'login', id: string): string {
  return mac(keys.csrf, `${purpose}\0${id}`).toString('base64url');
}

export function checkCsrf(keys: PortalKeys, purpose: 'session' | 'login', id: string, given: unknown): boolean {
  if (typeof given !== 'string' || given.length > 200) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(csrfToken(keys, purpose, id));
  return a.length === b.length && timingSafeEqual(a, b);
}

export const randomId = (): string => randomBytes(16).toString('base64url');
