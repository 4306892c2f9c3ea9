// The event spill cleans each event's own fields as it is added (validation, normalisation, failure mapping) and
// gives back, bucket by bucket, exactly what the domain's per-event cleaning makes of it: the same fields in the same
// order, refused events with the same problem, every duplicate pair in one bucket, read order kept in each bucket.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isRefused, createEventSpill, type RefusedEvent } from '../../../activities/quality/event-spill';
import {
  createFailureModeMatcher,
  normaliseQualityEvent,
  validateQualityEvent,
  type CleanQualityEvent,
  type QualityEvent,
} from '../../../domain/quality';
import { CATALOGUE } from '../../domain/quality/golden-dataset';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const ev = (row: number, over: Partial<QualityEvent>): QualityEvent => ({
  date: '2026-11-01',
  source: 'complaint',
  model: ' xd-30 ',
  partNo: 'ab–1001',
  failureMode: '漏油',
  qty: 1,
  ref: { file: 'q.xlsx', sheet: '质量信息', row },
  ...over,
});

const EVENTS: QualityEvent[] = [
  ev(3, { vin: 'lj1k 0464 89', supplier: ' 供应商５６ ', severity: 'b', description: '客户反映 漏油' }),
  ev(4, { failureMode: '异响异响', description: '发动机漏油', region: '华南', dealerId: 'd0733' }),
  ev(5, { date: '2026-13-45', vin: 'LJ1K046489' }), // refused: not a date
  ev(6, { vin: 'LJ1K-046489', partNo: 'AB-1001', closedAt: ' 2026-11-09 ', partName: '后减震器' }), // same pair as row 3
  ev(7, { qty: -2 }), // refused: negative quantity
  ev(8, { failureMode: '', description: undefined, ref: { file: 'q.xlsx', sheet: '质量信息', row: 8, key: 'R-1' } }),
  ev(9, { source: 'rumour' as QualityEvent['source'] }), // refused: unknown source
];

async function spillAll(events: QualityEvent[], buckets: number) {
  const dir = mkdtempSync(join(tmpdir(), 'spill-test-'));
  dirs.push(dir);
  const matcher = createFailureModeMatcher(CATALOGUE);
  const spill = await createEventSpill({ dir, buckets, matcher });
  const out: { bucket: number; events: (CleanQualityEvent | RefusedEvent)[] }[] = [];
  try {
    for (const e of events) await spill.add(e);
    expect(spill.count).toBe(events.length);
    await spill.forEachBucket((bucketEvents, bucket) => {
      out.push({ bucket, events: bucketEvents });
    });
  } finally {
    await spill.dispose();
  }
  expect(readdirSync(dir)).toEqual([]);
  return { out, matcher };
}

describe('event spill', () => {
  it('gives back each event as the domain cleans it, refused ones with their problem', async () => {
    const { out, matcher } = await spillAll(EVENTS, 3);
    const back = out.flatMap((b) => b.events);
    expect(back).toHaveLength(EVENTS.length);
    const byRow = new Map(back.map((e) => [e.ref!.row, e]));
    for (const e of EVENTS) {
      const got = byRow.get(e.ref!.row)!;
      const bad = validateQualityEvent(e);
      if (bad) {
        expect(isRefused(got)).toBe(true);
        expect((got as RefusedEvent).problem).toStrictEqual(bad);
        continue;
      }
      const want = normaliseQualityEvent(e, matcher);
      expect(isRefused(got)).toBe(false);
      expect(got).toStrictEqual(want);
      // Same key order too: documents serialise these objects.
      expect(Object.keys(got)).toEqual(Object.keys(want));
      expect(Object.keys(got.ref!)).toEqual(Object.keys(want.ref!));
    }
    expect((byRow.get(3) as CleanQualityEvent).failureCode).not.toBe((byRow.get(8) as CleanQualityEvent).failureCode);
  });

  it('puts events with the same VIN and part in one bucket, in read order', async () => {
    const { out } = await spillAll(EVENTS, 4);
    const bucketOf = (row: number) => out.find((b) => b.events.some((e) => e.ref!.row === row))!.bucket;
    expect(bucketOf(3)).toBe(bucketOf(6));
    // A refused event is placed from its raw fields, a clean one from its normalised fields: the same bucket.
    expect(bucketOf(5)).toBe(bucketOf(3));
    for (const b of out) {
      const rows = b.events.map((e) => e.ref!.row);
      expect(rows).toEqual([...rows].sort((x, y) => x - y));
    }
  });
});
