import { createHmac, timingSafeEqual } from 'node:crypto';
import { ConfigError } from '../domain/errors';

/**
 * The one signed-token format of the application (action links, portal sessions and pre-login cookies, form
 * tokens): `<body>.<tag>`, both unpadded base64url. The body is JSON; the tag is HMAC-SHA256 over
 * `<purpose>.<body>` — the purpose separates uses that share a key — optionally followed by short tags over
 * other data (the action link's jti). Keys rotate: the first key of a ring signs, every key verifies.
 *
 * Verification is strict so that one payload has exactly one accepted spelling: both parts must be canonical
 * base64url (no padding, no stray low bits in the last character), the tag must have the exact length, and the
 * WHOLE tag must match under one key, compared in constant time with every key tried (no early exit).
 */
export interface TagPart {
  /** A constant naming what is signed, e.g. `portal.session`; never a prefix + '.' of another purpose on the same keys. */
  purpose: string;
  data: string;
  /** Bytes of the HMAC kept (default 32, at least 12). */
  bytes?: number;
}

const MIN_TAG_BYTES = 12;
const DEFAULT_MAX_TOKEN = 4096;

/** Secrets, newest first: the first signs, all verify. Each at least `minLength` characters (default 32). */
export class KeyRing {
  private readonly keys: readonly string[];

  constructor(keys: readonly string[] | string, what = 'signing key', minLength = 32) {
    const list = typeof keys === 'string' ? [keys] : keys;
    if (!Array.isArray(list) || list.length === 0) throw new ConfigError(`${what}: at least one key is required`);
    list.forEach((key, index) => {
      if (typeof key !== 'string' || key.length < minLength) {
        throw new ConfigError(`${what} #${index + 1} is shorter than ${minLength} characters`, { index });
      }
    });
    this.keys = [...list];
  }

  private tag(key: string, parts: readonly TagPart[]): Buffer {
    return Buffer.concat(
      parts.map((p) => {
        const bytes = p.bytes ?? 32;
        if (bytes < MIN_TAG_BYTES || bytes > 32) throw new RangeError(`tag of ${bytes} bytes for ${p.purpose}`);
        return createHmac('sha256', key).update(`${p.purpose}.${p.data}`).digest().subarray(0, bytes);
      }),
    );
  }

  /** The tag over `parts` with the signing (first) key. */
  sign(parts: readonly TagPart[]): Buffer {
    return this.tag(this.keys[0]!, parts);
  }

  /** True when `given` is the whole tag over `parts` under one of the keys. Every key is tried. */
  verify(given: Uint8Array, parts: readonly TagPart[]): boolean {
    let ok = false;
    for (const key of this.keys) {
      const expected = this.tag(key, parts);
      ok = (given.length === expected.length && timingSafeEqual(given, expected)) || ok;
    }
    return ok;
  }

  /** The tag as base64url text, for form fields. */
  signText(parts: readonly TagPart[]): string {
    return this.sign(parts).toString('base64url');
  }

  /** Checks a base64url tag from a form or cookie: canonical spelling, then `verify`. */
  verifyText(given: unknown, parts: readonly TagPart[]): boolean {
    const bytes = decodeCanonical(given, 64);
    return bytes !== null && this.verify(bytes, parts);
  }
}

const B64URL = /^[A-Za-z0-9_-]*$/;

/** Bytes of a canonical unpadded base64url string (the only spelling that re-encodes to itself), else null. */
export function decodeCanonical(text: unknown, maxBytes: number): Buffer | null {
  if (typeof text !== 'string' || text.length > Math.ceil((maxBytes * 4) / 3) || !B64URL.test(text)) return null;
  const bytes = Buffer.from(text, 'base64url');
  return bytes.toString('base64url') === text ? bytes : null;
}

export function signToken(ring: KeyRing, purpose: string, payload: unknown, extra: readonly TagPart[] = []): string {
  const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
  return `${body}.${ring.sign([{ purpose, data: body }, ...extra]).toString('base64url')}`;
}

export type OpenedToken =
  | { ok: true; payload: unknown }
  | { ok: false; reason: 'malformed' }
  /** Well-formed, but the tag does not match under any key; `tag` lets a caller say which part failed. */
  | { ok: false; reason: 'bad-signature'; payload: unknown; tag: Buffer };

/**
 * Opens a token made by `signToken` with the same purpose and extra parts (`extra` derives them from the
 * payload; null means the payload lacks what they need, i.e. malformed). Checks shape first, then the whole tag.
 */
export function openToken(
  ring: KeyRing,
  purpose: string,
  token: unknown,
  opts: { extra?: (payload: unknown) => TagPart[] | null; maxLength?: number } = {},
): OpenedToken {
  const malformed = { ok: false, reason: 'malformed' } as const;
  if (typeof token !== 'string' || token.length > (opts.maxLength ?? DEFAULT_MAX_TOKEN)) return malformed;
  const parts = token.split('.');
  if (parts.length !== 2) return malformed;
  const [body, tagText] = parts as [string, string];
  const bodyBytes = decodeCanonical(body, token.length);
  const tag = decodeCanonical(tagText, 32 * 4);
  if (!bodyBytes || !bodyBytes.length || !tag) return malformed;
  let payload: unknown;
  try {
    payload = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bodyBytes));
  } catch {
    return malformed;
  }
  const extra = opts.extra ? opts.extra(payload) : [];
  if (!extra) return malformed;
  const tagParts = [{ purpose, data: body }, ...extra];
  const expectedLength = tagParts.reduce((n, p) => n + (p.bytes ?? 32), 0);
  if (tag.length !== expectedLength) return malformed;
  return ring.verify(tag, tagParts) ? { ok: true, payload } : { ok: false, reason: 'bad-signature', payload, tag };
}
