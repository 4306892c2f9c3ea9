import { createHash } from 'node:crypto';
import { KeyRing, openToken, signToken, type TagPart } from './signed-token';

/**
 * Action tokens: the only credential in an approval link, signed by the approval activities and checked by the
 * web server. A signed token (lib/signed-token.ts) whose body is compact JSON binding workflow, step, allowed
 * actions, recipient, expiry and a jti; its tag is the 32-byte HMAC over the body followed by a 12-byte HMAC over
 * the jti alone. Both must verify, under the same key, for the link to work: a change to any character is refused.
 *
 * The jti tag only helps the audit log tell a *tampered* token (a real one that was edited: one of its two tags
 * still verifies) from a *forged* one. The format is unchanged from the first version, so links mailed before
 * an upgrade keep working. Keys rotate: the first key signs, every key in the list verifies.
 */
export interface ActionTokenClaims {
  workflowId: string;
  stepId: string;
  actions: string[];
  /** E-mail address of the one person this link is for (lower-cased). */
  recipient: string;
  /** Expiry, epoch milliseconds (stored with second precision). */
  expiresAt: number;
  /** Unique id of this grant; the workflow only accepts jtis it issued. */
  jti: string;
  locale?: string;
}

export type TokenFailure = 'forged' | 'tampered' | 'expired' | 'malformed';

export type TokenVerification =
  { ok: true; claims: ActionTokenClaims } | { ok: false; reason: TokenFailure; claims?: ActionTokenClaims };

export interface TokenKeys {
  /** Secrets, newest first. At least one; each at least 32 characters. */
  keys: string[];
}

const PURPOSE = 'v1.payload';
const JTI_TAG_BYTES = 12;
const jtiTag = (jti: string): TagPart => ({ purpose: 'v1.jti', data: jti, bytes: JTI_TAG_BYTES });
const ring = (signer: TokenKeys) => new KeyRing(signer.keys, 'Action token key');

interface WirePayload {
  v: 1;
  w: string;
  s: string;
  a: string[];
  r: string;
  e: number;
  j: string;
  l?: string;
}

/** Signs claims with the first key. Deterministic: the same grant always gets the same link. */
export function signActionToken(claims: ActionTokenClaims, signer: TokenKeys): string {
  const wire: WirePayload = {
    v: 1,
    w: claims.workflowId,
    s: claims.stepId,
    a: claims.actions,
    r: claims.recipient.toLowerCase(),
    e: Math.floor(claims.expiresAt / 1000),
    j: claims.jti,
    ...(claims.locale ? { l: claims.locale } : {}),
  };
  return signToken(ring(signer), PURPOSE, wire, [jtiTag(claims.jti)]);
}

function claimsOf(wire: unknown): ActionTokenClaims | null {
  if (typeof wire !== 'object' || wire === null || Array.isArray(wire)) return null;
  const w = wire as Partial<WirePayload>;
  const isText = (x: unknown): x is string => typeof x === 'string' && x.length > 0 && x.length <= 512;
  if (w.v !== 1 || !isText(w.w) || !isText(w.s) || !isText(w.r) || !isText(w.j)) return null;
  if (!Array.isArray(w.a) || w.a.length === 0 || !w.a.every(isText)) return null;
  if (typeof w.e !== 'number' || !Number.isSafeInteger(w.e)) return null;
  if (w.l !== undefined && !isText(w.l)) return null;
  return {
    workflowId: w.w,
    stepId: w.s,
    actions: w.a,
    recipient: w.r,
    expiresAt: w.e * 1000,
    jti: w.j,
    ...(w.l ? { locale: w.l } : {}),
  };
}

/**
 * Verifies a token against every key (constant-time compares of the whole tag). Order: shape → signature →
 * expiry, so an expired token is only reported as `expired` when it is genuine.
 */
export function verifyActionToken(token: string, signer: TokenKeys, now: number = Date.now()): TokenVerification {
  const keys = ring(signer);
  const opened = openToken(keys, PURPOSE, token, {
    extra: (payload) => {
      const claims = claimsOf(payload);
      return claims ? [jtiTag(claims.jti)] : null;
    },
  });
  if (!opened.ok && opened.reason === 'malformed') return { ok: false, reason: 'malformed' };
  const claims = claimsOf(opened.payload)!;
  if (!opened.ok) {
    // Refused either way; for the audit log, a token one of whose two tags is genuine was edited, not made up.
    const bodyTagOk = keys.verify(opened.tag.subarray(0, 32), [{ purpose: PURPOSE, data: token.split('.')[0]! }]);
    const jtiTagOk = keys.verify(opened.tag.subarray(32), [jtiTag(claims.jti)]);
    return { ok: false, reason: bodyTagOk || jtiTagOk ? 'tampered' : 'forged' };
  }
  if (claims.expiresAt <= now) return { ok: false, reason: 'expired', claims };
  return { ok: true, claims };
}

/** A short, non-secret fingerprint of a token for logs and workflow history (never store the token). */
export function tokenFingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 16);
}
