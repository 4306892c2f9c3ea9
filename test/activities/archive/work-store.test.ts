import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WorkStore } from '../../../activities/archive/work-store';
import { tempRoot } from './fixtures/archive-test-helpers';

describe('WorkStore', () => {
  it('round-trips JSON by content hash, idempotently and independent of key order', async () => {
    const root = await tempRoot('work-');
    const work = new WorkStore({ root });
    const value = { rows: [{ partNo: 'P-001', qty: 3, unitCostFen: 1250 }], warehouse: '新件库', note: undefined };
    const ref = await work.putJson(value);
    expect(ref.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(await work.getJson(ref)).toEqual({
      rows: [{ partNo: 'P-001', qty: 3, unitCostFen: 1250 }],
      warehouse: '新件库',
    });
    expect(await work.putJson({ warehouse: '新件库', rows: [{ unitCostFen: 1250, qty: 3, partNo: 'P-001' }] })).toEqual(
      ref,
    );
    expect(await work.putJson({ warehouse: '旧件库', rows: [] })).not.toEqual(ref);
    await expect(work.putJson({ x: Number.NaN })).rejects.toThrow(/non-finite/);
  });

  it('round-trips bytes and refuses corrupt blobs and malformed refs', async () => {
    const root = await tempRoot('work-');
    const work = new WorkStore({ root });
    const pdf = Buffer.from('%PDF-1.7 test');
    const ref = await work.putBytes(pdf);
    expect((await work.getBytes(ref)).equals(pdf)).toBe(true);
    await writeFile(join(root, 'work', ref.sha256.slice(0, 2), `${ref.sha256}.bin`), 'tampered');
    await expect(work.getBytes(ref)).rejects.toMatchObject({ code: 'WorkBlobCorrupt' });
    await expect(work.getJson({ sha256: '../../etc/passwd' })).rejects.toMatchObject({ code: 'WorkRefInvalid' });
    await expect(work.getJson({ sha256: 'a'.repeat(64) })).rejects.toMatchObject({ code: 'WorkBlobMissing' });
  });
});
