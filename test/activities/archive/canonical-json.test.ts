/**
 * Canonical JSON decides work-store references and the keys that make mails idempotent (a statement mail is keyed
 * by the hash of its data), so its bytes must never change: the fast path must spell every value exactly as the
 * reference encoder (the original implementation, kept here) does.
 */
import { describe, expect, it } from 'vitest';
import { canonicalJson } from '../../../activities/archive/canonical-json';

/** The original encoder, verbatim in behaviour: keys sorted by code unit, JSON.stringify for leaves. */
function reference(value: unknown): string | undefined {
  if (value !== null && typeof value === 'object' && typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    value = (value as { toJSON: () => unknown }).toJSON();
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError('non-finite');
      return JSON.stringify(value);
    case 'bigint':
      throw new TypeError('BigInt');
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined;
  }
  if (value === null) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => reference(v) ?? 'null').join(',')}]`;
  const obj = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(obj).sort()) {
    const encoded = reference(obj[key]);
    if (encoded !== undefined) parts.push(`${JSON.stringify(key)}:${encoded}`);
  }
  return `{${parts.join(',')}}`;
}

/** Deterministic pseudo-random values covering what the stores hold and the awkward corners. */
function* values(seed: number, count: number, opts: { inOrder?: number } = {}): Generator<unknown> {
  let s = seed >>> 0;
  const rnd = () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const keys = ['a', 'B', 'z', '_x', '$y', 'é', '配件', 'partNo', '0', '1', '10', '2', '01', '-1', '1.5', 'a b', ''];
  const leaves: unknown[] = [
    0,
    -0,
    1,
    -1,
    0.1,
    1e21,
    1e-7,
    123456789.125,
    Number.MAX_SAFE_INTEGER,
    true,
    false,
    null,
    undefined,
    '',
    'x',
    '刹车片 前轮',
    'quote " back \\ nl \n tab \t',
    '\u2028\u2029',
    'lone \ud800 surrogate',
    '😀',
    new Date(Date.UTC(2026, 10, 30, 2)),
    () => 1,
    Symbol('s'),
  ];
  const make = (depth: number): unknown => {
    const r = rnd();
    if (depth > 3 || r < 0.45) return pick(leaves);
    if (r < 0.7) return Array.from({ length: Math.floor(rnd() * 4) }, () => make(depth + 1));
    const o: Record<string, unknown> = {};
    for (let i = Math.floor(rnd() * 5); i > 0; i--) o[pick(keys)] = make(depth + 1);
    // Some objects built with their keys already in code-unit order (as a snapshot's lines are).
    if (rnd() < (opts.inOrder ?? 0)) return Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
    return o;
  };
  for (let i = 0; i < count; i++) yield make(0);
}

describe('canonicalJson', () => {
  it('spells every value exactly as the reference encoder does', () => {
    let compared = 0;
    for (const v of values(20261130, 5000)) {
      const expected = reference(v);
      // A bare undefined, function or symbol has no JSON at all: refused.
      if (expected === undefined) expect(() => canonicalJson(v)).toThrow(/not JSON-serialisable/);
      else expect(canonicalJson(v), JSON.stringify(v) ?? String(v)).toBe(expected);
      compared++;
    }
    expect(compared).toBe(5000);
  });

  it('spells values whose objects are partly or wholly in key order already exactly as the reference does', () => {
    for (const v of values(7, 5000, { inOrder: 0.7 })) {
      const expected = reference(v);
      if (expected === undefined) expect(() => canonicalJson(v)).toThrow(/not JSON-serialisable/);
      else expect(canonicalJson(v), JSON.stringify(v) ?? String(v)).toBe(expected);
    }
    // In order at the top, out of order below, and the other way round; the value itself is left as it was.
    const mixed = {
      a: [
        { z: 1, b: { y: 2, c: 3 } },
        { b: 1, z: [] },
      ],
      b: 'x',
      c: { d: null, e: undefined },
    };
    const before = JSON.stringify(mixed);
    expect(canonicalJson(mixed)).toBe(reference(mixed));
    expect(canonicalJson({ z: mixed, a: mixed.a[1] })).toBe(reference({ z: mixed, a: mixed.a[1] }));
    expect(JSON.stringify(mixed)).toBe(before);
  });

  it('keeps the awkward cases: index-like keys, __proto__ as data, boxed primitives, Map, class instances', () => {
    class Line {
      constructor(
        readonly qty: number,
        readonly partNo: string,
      ) {}
    }
    const cases: unknown[] = [
      { 10: 'a', 9: 'b', x: 1, '-1': 2 },
      JSON.parse('{"__proto__": {"a": 1}, "b": 2}'),
      { n: new Number(1), s: new String('s'), b: new Boolean(false) },
      { m: new Map([['k', 1]]), set: new Set([1]) },
      [new Line(3, 'P-1'), { nested: [new Line(0, 'P-2')] }],
      { levelsSent: { '1': 2, '3': 1 }, closingFen: 920_000 },
    ];
    for (const c of cases) expect(canonicalJson(c)).toBe(reference(c));
  });

  it('refuses non-finite numbers and BigInt, naming where they are', () => {
    expect(() => canonicalJson({ lines: [{ qty: Number.NaN }] })).toThrow(/non-finite number at \.lines\[0\]\.qty/);
    expect(() => canonicalJson({ a: 1n })).toThrow(/BigInt at \.a/);
    expect(() => canonicalJson(undefined)).toThrow(/not JSON-serialisable/);
  });
});
