import { createHash } from 'node:crypto';

/**
 * Canonical JSON: JSON.stringify semantics (toJSON honoured, undefined members dropped) with object keys
 * sorted by code unit, so the same value always yields the same bytes and therefore the same hash.
 * Non-finite numbers and BigInt are refused rather than silently turned into null.
 */
export function canonicalJson(value: unknown): string {
  const out = encode(value, '');
  if (out === undefined) throw new TypeError('canonicalJson: value is not JSON-serialisable');
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
