import { randomBytes } from 'node:crypto';
import { KeyRing, openToken, signToken } from '../../lib/signed-token';

/**
 * The portal's cookies and form tokens, all signed tokens of lib/signed-token.ts under the one session secret,
 * each with its own purpose, so a value minted for one use never verifies for another: the session cookie, the
 * pre-login cookie that anchors the login form, and CSRF tokens bound to a session (or pre-login) id.
 */
export type CookieKind = 'session' | 'pre-login';

export interface PortalTokens {
  sign(kind: CookieKind, payload: { exp: number }): string;
  /** The payload if the token is genuine for this kind and `exp` (ms since epoch) is in the future; else null. */
  open<T extends { exp: number }>(kind: CookieKind, token: string | undefined, nowMs: number): T | null;
  /** CSRF token bound to a session id (or a pre-login nonce): nothing to store server-side. */
  csrf(purpose: 'session' | 'login', id: string): string;
  checkCsrf(purpose: 'session' | 'login', id: string, given: unknown): boolean;
}

export function portalTokens(sessionSecret: string): PortalTokens {
  const ring = new KeyRing(sessionSecret, 'portal session secret');
  const csrfParts = (purpose: string, id: string) => [{ purpose: 'portal.csrf', data: `${purpose}\u0000${id}` }];
  return {
    sign: (kind, payload) => signToken(ring, `portal.${kind}`, payload),
    open<T extends { exp: number }>(kind: CookieKind, token: string | undefined, nowMs: number): T | null {
      const opened = openToken(ring, `portal.${kind}`, token);
      if (!opened.ok || typeof opened.payload !== 'object' || opened.payload === null) return null;
      const payload = opened.payload as T;
      return typeof payload.exp === 'number' && payload.exp > nowMs ? payload : null;
    },
    csrf: (purpose, id) => ring.signText(csrfParts(purpose, id)),
    checkCsrf: (purpose, id, given) => ring.verifyText(given, csrfParts(purpose, id)),
  };
}

export const randomId = (): string => randomBytes(16).toString('base64url');
