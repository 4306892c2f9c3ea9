import { createHash } from 'node:crypto';

/**
 * Canonical JSON: JSON.stringify semantics (toJSON honoured, undefined members dropped) with object keys
 * sorted by code unit, so the same value always yields the same bytes and therefore the same hash.
 * Non-finite numbers and BigInt are refused rather than silently turned into null.
 */
export function canonicalJson(value: unknown): string {
  // Fast path: the engine's JSON.stringify (no replacer, so it stays native) over the value with its objects' keys
  // in code-unit order; a 43,000-line stocktake snapshot took ~2 s in the encoder below. Objects already in that
  // order are used as they are: a snapshot built in key order is not copied at all (the copy of its 43,000 lines
  // made encoding it 2-5x slower: 0.13-0.32 s instead of 0.05 s). Anything the engine would spell differently (keys
  // it orders numerically, boxed primitives, non-finite numbers, BigInt, toJSON) is left to the encoder below, which
  // also names the offending path.
  const inOrder = sortedCopy(value, 0);
  if (inOrder !== SLOW_PATH) {
    const out = JSON.stringify(inOrder);
    if (out !== undefined) return out;
  }
  const out = encode(value, '');
  if (out === undefined) throw new TypeError('canonicalJson: value is not JSON-serialisable');
  return out;
}

const SLOW_PATH = Symbol('canonical-json slow path');
/** Deeper than this is not copied (the encoder below handles it, or reports a cycle as JSON.stringify would). */
const MAX_DEPTH = 200;

/**
 * The value with its objects' keys in code-unit order, or SLOW_PATH when JSON.stringify would differ. Only what is
 * out of order is copied: an object whose keys are in order and whose members need no copy is returned itself.
 */
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
    let out: unknown[] | undefined;
    for (let i = 0; i < value.length; i++) {
      if (!(i in value)) return SLOW_PATH;
      const v = sortedCopy(value[i], depth + 1);
      if (v === SLOW_PATH) return SLOW_PATH;
      if (v !== value[i]) (out ??= value.slice(0, i))[i] = v;
      else if (out) out[i] = v;
    }
    return out ?? value;
  }
  if (value instanceof Number || value instanceof String || value instanceof Boolean) return SLOW_PATH;
  const obj = value as Record<string, unknown>;
  const keys = Object.keys(obj);
  let ordered = true;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    // Index-like names ("0", "17") are emitted first, in numeric order, by the engine.
    const c = k.charCodeAt(0);
    if ((c >= 48 && c <= 57 && /^(?:0|[1-9]\d*)$/.test(k)) || k === '__proto__') return SLOW_PATH;
    if (i > 0 && keys[i - 1]! > k) ordered = false;
  }
  if (!ordered) keys.sort();
  let out: Record<string, unknown> | undefined;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const member = obj[k];
    const v = sortedCopy(member, depth + 1);
    if (v === SLOW_PATH) return SLOW_PATH;
    if (!out && (!ordered || v !== member)) {
      // From here on a copy: the members before this one (in order, unchanged) first.
      out = {};
      for (let j = 0; j < i; j++) out[keys[j]!] = obj[keys[j]!];
    }
    if (out) out[k] = v;
  }
  return out ?? obj;
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
