/**
 * Human document numbers: contiguous per series and period even when many callers draw at once (several children
 * of a run, in this process and others), the same key always gets its number back, a number never goes to another key.
 */
import { describe, expect, it } from 'vitest';
import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DocumentNumbers, formatDocNumber } from '../../../activities/numbering/document-numbers';

describe('document numbers', () => {
  it('draws 0001… without gaps or duplicates under concurrency, idempotently per key, per series and period', async () => {
    const root = mkdtempSync(join(tmpdir(), 'numbers-'));
    const a = new DocumentNumbers(root);
    const b = new DocumentNumbers(root); // a second instance, as another worker on the host would have
    const keys = Array.from({ length: 40 }, (_, i) => `dunning-2026-11-D${String(i).padStart(4, '0')}/L3-x`);
    const drawn = await Promise.all(keys.map((k, i) => (i % 2 ? a : b).assign('CK', '2026-11', k)));
    expect(drawn.map((e) => e.seq).sort((x, y) => x - y)).toEqual(keys.map((_, i) => i + 1));
    expect(new Set(drawn.map((e) => e.no)).size).toBe(40);
    // Asking again (a retry, a re-run) returns the same number; a new key gets the next one.
    const again = await Promise.all(keys.map((k) => b.assign('CK', '2026-11', k)));
    expect(again.map((e) => e.no)).toEqual(drawn.map((e) => e.no));
    expect((await a.assign('CK', '2026-11', 'dunning-2026-11-D9999/L1-y')).no).toBe('CK-2026-11-0041');
    // Another period and another series start at 0001.
    expect((await a.assign('CK', '2026-12', keys[0]!)).no).toBe('CK-2026-12-0001');
    expect((await a.assign('PD-NP', '2026-11', 'x')).no).toBe('PD-NP-2026-11-0001');
    expect((await a.list('CK', '2026-11')).map((e) => e.no)).toEqual(
      Array.from({ length: 41 }, (_, i) => formatDocNumber('CK', '2026-11', i + 1)),
    );
  });

  it('a scoped series (a dealer’s letters of the month) numbers from 01 in the scope, whatever other scopes drew', async () => {
    const root = mkdtempSync(join(tmpdir(), 'numbers-'));
    const n = new DocumentNumbers(root);
    // Two dealers drawing in either order get the same numbers: the number is a function of the dealer's own letters.
    for (const order of [
      ['D0002', 'D0001'],
      ['D0001', 'D0002'],
    ]) {
      const r = new DocumentNumbers(mkdtempSync(join(tmpdir(), 'numbers-')));
      const got = await Promise.all(order.map((d) => r.assign('CK', '2026-11', `dunning-2026-11-${d}/L3-x`, d)));
      expect(Object.fromEntries(order.map((d, i) => [d, got[i]!.no]))).toEqual({
        D0001: 'CK-2026-11-D0001-01',
        D0002: 'CK-2026-11-D0002-01',
      });
    }
    expect((await n.assign('CK', '2026-11', 'a', 'D0001')).no).toBe('CK-2026-11-D0001-01');
    expect((await n.assign('CK', '2026-11', 'b', 'D0001')).no).toBe('CK-2026-11-D0001-02');
    expect((await n.assign('CK', '2026-11', 'a', 'D0001')).no).toBe('CK-2026-11-D0001-01');
    expect((await n.assign('CK', '2026-11', 'c')).no).toBe('CK-2026-11-0001');
    expect((await n.list('CK', '2026-11', 'D0001')).map((e) => [e.no, e.scope])).toEqual([
      ['CK-2026-11-D0001-01', 'D0001'],
      ['CK-2026-11-D0001-02', 'D0001'],
    ]);
    await expect(n.assign('CK', '2026-11', 'k', '../x')).rejects.toThrow(/scope/);
  });

  it('a torn last line (crash mid-append) is cut off, never numbered over', async () => {
    const root = mkdtempSync(join(tmpdir(), 'numbers-'));
    const n = new DocumentNumbers(root);
    await n.assign('CK', '2026-11', 'k1');
    const file = join(root, 'numbers', 'CK', '2026-11.jsonl');
    appendFileSync(file, '{"seq":2,"no":"CK-2026-11-00');
    expect((await n.list('CK', '2026-11')).map((e) => e.key)).toEqual(['k1']);
    expect((await n.assign('CK', '2026-11', 'k2')).no).toBe('CK-2026-11-0002');
    expect(
      readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).key),
    ).toEqual(['k1', 'k2']);
    await expect(n.assign('ck lower', '2026-11', 'k')).rejects.toThrow(/series/);
    await expect(n.assign('CK', '2026-13', 'k')).rejects.toThrow(/month/);
  });
});
