import { KeyRing } from '../lib/signed-token';

/**
 * CSRF for action links: the form carries a token bound by HMAC (under the CSRF secret) to the link it was served
 * for and to that link's expiry. Nothing is stored in the browser, so any number of links can be open in one
 * browser at once (a cookie shared by all links would be replaced by the next link opened). A POST needs the
 * field of *this* link, so a blind form post, a field lifted from another link or an edited field all fail; a
 * browser's cross-site post is refused outright by its Sec-Fetch-Site header.
 */
export const CSRF_FIELD = '_csrf';

export interface FormTokens {
  /** The hidden field for the page of the link with this fingerprint and expiry. */
  issue(tokenFingerprint: string, linkExpiresAt: number): string;
  check(tokenFingerprint: string, linkExpiresAt: number, field: unknown): boolean;
}

export function createFormTokens(csrfSecret: string): FormTokens {
  const ring = new KeyRing(csrfSecret, 'csrfSecret');
  const parts = (fingerprint: string, expiresAt: number) => [
    { purpose: 'action.form', data: `${fingerprint}.${expiresAt}` },
  ];
  return {
    issue: (fingerprint, expiresAt) => ring.signText(parts(fingerprint, expiresAt)),
    check: (fingerprint, expiresAt, field) => ring.verifyText(field, parts(fingerprint, expiresAt)),
  };
}
