import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../domain/errors';

/**
 * Action tokens: the only credential in an approval link. A token is `<payload>.<mac>` in base64url, where
 * the payload is compact JSON binding workflow, step, allowed actions, recipient, expiry and a jti, and the
 * mac is HMAC-SHA256 over the payload (32 bytes) followed by a short HMAC over the jti alone (12 bytes).
 *
 * The second tag lets verification tell a *tampered* token (a real one whose fields were edited: the jti
 * tag still verifies) from a *forged* one (never issued with any of our keys). Keys rotate: the first key
 * signs, every key in the list verifies, so old links keep working until their own expiry.
 */
export interface ActionTokenClaims {
  workflowId: string;
  stepId: string;
  actions: string[];
  /** E-mail address of the one person this link is for (lower-cased). */
  recipient: string;
  /** Expiry, epoch milliseconds (stored with second precision). */
  expiresAt: number;
  /** Unique id of this grant; the workflow only accepts jtis it issued for the step. */
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

const MAC_LEN = 32;
const JTI_TAG_LEN = 12;
const MIN_KEY_LENGTH = 32;
const MAX_TOKEN_LENGTH = 4096;

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

function checkKeys(signer: TokenKeys): string[] {
  if (!Array.isArray(signer.keys) || signer.keys.length === 0) {
    throw new ConfigError('Action token keys: at least one key is required');
  }
  signer.keys.forEach((key, index) => {
    if (typeof key !== 'string' || key.length < MIN_KEY_LENGTH) {
      throw new ConfigError(`Action token key #${index + 1} is shorter than ${MIN_KEY_LENGTH} characters`, { index });
    }
  });
  return signer.keys;
}

function payloadMac(key: string, payloadB64: string): Buffer {
  return createHmac('sha256', key).update(`v1.payload.${payloadB64}`).digest();
}

function jtiTag(key: string, jti: string): Buffer {
  return createHmac('sha256', key).update(`v1.jti.${jti}`).digest().subarray(0, JTI_TAG_LEN);
}

/** Signs claims with the first key. Throws ConfigError on missing/short keys. */
export function signActionToken(claims: ActionTokenClaims, signer: TokenKeys): string {
  const [key] = checkKeys(signer);
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
  const payloadB64 = Buffer.from(JSON.stringify(wire), 'utf8').toString('base64url');
  const mac = Buffer.concat([payloadMac(key!, payloadB64), jtiTag(key!, claims.jti)]);
  return `${payloadB64}.${mac.toString('base64url')}`;
}

const B64URL = /^[A-Za-z0-9_-]+$/;

function decodePayload(payloadB64: string): ActionTokenClaims | null {
  let wire: unknown;
  try {
    wire = JSON.parse(Buffer.from(payloadB64, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (typeof wire !== 'object' || wire === null) return null;
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
 * Verifies a token against every key (constant-time compares). Order of checks: shape → signature →
 * expiry, so an expired token is only reported as `expired` when it is genuine.
 */
export function verifyActionToken(token: string, signer: TokenKeys, now: number = Date.now()): TokenVerification {
  const keys = checkKeys(signer);
  if (typeof token !== 'string' || token.length > MAX_TOKEN_LENGTH) return { ok: false, reason: 'malformed' };
  const parts = token.split('.');
  if (parts.length !== 2 || !B64URL.test(parts[0]!) || !B64URL.test(parts[1]!))
    return { ok: false, reason: 'malformed' };
  const [payloadB64, macB64] = parts as [string, string];
  const mac = Buffer.from(macB64, 'base64url');
  if (mac.length !== MAC_LEN + JTI_TAG_LEN) return { ok: false, reason: 'malformed' };
  const claims = decodePayload(payloadB64);
  if (!claims) return { ok: false, reason: 'malformed' };

  const givenMac = mac.subarray(0, MAC_LEN);
  const givenTag = mac.subarray(MAC_LEN);
  // Check every key without early exit so timing does not reveal which key (if any) matched.
  let macOk = false;
  let tagOk = false;
  for (const key of keys) {
    macOk = timingSafeEqual(payloadMac(key, payloadB64), givenMac) || macOk;
    tagOk = timingSafeEqual(jtiTag(key, claims.jti), givenTag) || tagOk;
  }
  if (!macOk) return { ok: false, reason: tagOk ? 'tampered' : 'forged' };
  if (claims.expiresAt <= now) return { ok: false, reason: 'expired', claims };
  return { ok: true, claims };
}

/** A short, non-secret fingerprint of a token for logs and workflow history (never store the token). */
export function tokenFingerprint(token: string): string {
  return createHash('sha256').update(token).digest('hex').slice(0, 16);
}
