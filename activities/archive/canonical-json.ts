import { createHash } from 'node:crypto';

/**
 * Canonical JSON: JSON.stringify semantics (toJSON honoured, undefined members dropped) with object keys
 * sorted by code unit, so the same value always yields the same bytes and therefore the same hash.
 * Non-finite numbers and BigInt are refused rather than silently turned into null.
 */
export function canonicalJson(value: unknown): string {
  // Fast path: the engine's JSON.stringify (no replacer, so it stays native) over a key-sorted copy; a
  // 43,000-line stocktake snapshot took ~2 s in the encoder below. Anything the engine would spell differently
  // (keys it orders numerically, boxed primitives, non-finite numbers, BigInt, toJSON) is left to the encoder
  // below, which also names the offending path.
  const copy = sortedCopy(value, 0);
  if (copy !== SLOW_PATH) {
    const out = JSON.stringify(copy);
    if (out !== undefined) return out;
  }
  const out = encode(value, '');
  if (out === undefined) throw new TypeError('canonicalJson: value is not JSON-serialisable');
  return out;
}

const SLOW_PATH = Symbol('canonical-json slow path');
/** Deeper than this is not copied (the encoder below handles it, or reports a cycle as JSON.stringify would). */
const MAX_DEPTH = 200;

/** A copy whose objects have their keys in code-unit order, or SLOW_PATH when JSON.stringify would differ. */
function sortedCopy(value: unknown, depth: number): unknown {
  switch (typeof value) {
    case 'string':
    case 'boolean':
    case 'undefined':
      return value;
    case 'number':
      return Number.isFinite(value) ? value : SLOW_PATH;
    case 'object':
      break;
    default:
      return SLOW_PATH; // bigint, function, symbol: rare, left to the encoder's rules
  }
  if (value === null) return null;
  if (depth > MAX_DEPTH || typeof (value as { toJSON?: unknown }).toJSON === 'function') return SLOW_PATH;
  if (Array.isArray(value)) {
    const out = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) return SLOW_PATH;
      const v = sortedCopy(value[i], depth + 1);
      if (v === SLOW_PATH) return SLOW_PATH;
      out[i] = v;
    }
    return out;
  }
  if (value instanceof Number || value instanceof String || value instanceof Boolean) return SLOW_PATH;
  const keys = Object.keys(value).sort();
  const out: Record<string, unknown> = {};
  for (const k of keys) {
    // Index-like names ("0", "17") are emitted first, in numeric order, by the engine.
    const c = k.charCodeAt(0);
    if ((c >= 48 && c <= 57 && /^(?:0|[1-9]\d*)$/.test(k)) || k === '__proto__') return SLOW_PATH;
    const v = sortedCopy((value as Record<string, unknown>)[k], depth + 1);
    if (v === SLOW_PATH) return SLOW_PATH;
    out[k] = v;
  }
  return out;
}

function encode(value: unknown, path: string): string | undefined {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: non-finite number at ${path || '(root)'}`);
      return JSON.stringify(value);
    case 'bigint':
      throw new TypeError(`canonicalJson: BigInt at ${path || '(root)'}`);
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    return `[${value.map((v, i) => encode(v, `${path}[${i}]`) ?? 'null').join(',')}]`;
  }
  const obj = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(obj).sort()) {
    const encoded = encode(obj[key], `${path}.${key}`);
    if (encoded !== undefined) parts.push(`${JSON.stringify(key)}:${encoded}`);
  }
  return `{${parts.join(',')}}`;
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

const SHA256_RE = /^[0-9a-f]{64}$/;

/** True for a lowercase 64-hex SHA-256 digest; used to validate anything that becomes a file name. */
export function isSha256Hex(s: unknown): s is string {
  return typeof s === 'string' && SHA256_RE.test(s);
}
