import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../domain/errors';

/**
 * CSRF for action links: double-submit cookie bound to the link. The GET page sets a random nonce cookie
 * (HttpOnly, SameSite=Strict, path /a/) and puts HMAC(secret, nonce | token fingerprint) in the form. A POST
 * must carry both and they must match for *this* token — so a cross-site form, a mail scanner replaying the
 * POST without the cookie, or a form field lifted from another link all fail.
 */
export const CSRF_COOKIE = 'as_csrf';
export const CSRF_FIELD = '_csrf';

const NONCE = /^[A-Za-z0-9_-]{22,64}$/;

export function checkCsrfSecret(secret: string): void {
  if (typeof secret !== 'string' || secret.length < 32)
    throw new ConfigError('csrfSecret must be at least 32 characters');
}

export function newCsrfNonce(): string {
  return randomBytes(18).toString('base64url');
}

export function isCsrfNonce(value: string | undefined): value is string {
  return typeof value === 'string' && NONCE.test(value);
}

export function csrfFieldFor(secret: string, nonce: string, tokenFingerprint: string): string {
  return createHmac('sha256', secret).update(`csrf.v1.${nonce}.${tokenFingerprint}`).digest('base64url');
}

export function csrfValid(
  secret: string,
  nonce: string | undefined,
  field: unknown,
  tokenFingerprint: string,
): boolean {
  if (!isCsrfNonce(nonce) || typeof field !== 'string' || field.length > 128) return false;
  const expected = Buffer.from(csrfFieldFor(secret, nonce, tokenFingerprint));
  const given = Buffer.from(field);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
