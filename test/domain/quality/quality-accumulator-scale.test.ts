import { describe, expect, it } from 'vitest';
import {
  UNMAPPED_CODE,
  cleanQualityEvents,
  createQualityAccumulator,
  type CleanQualityEvent,
  type QualityEvent,
  type QualitySource,
} from '../../../domain/quality';
import { CATALOGUE } from './golden-dataset';
import { parsePeriod, type Period, windowMonths } from '../../../domain/calendar';

const SOURCES: QualitySource[] = ['complaint', 'call', 'inspection', 'return'];
const MODES = CATALOGUE.map((c) => c);

/** Deterministic pseudo-random generator (LCG) so the run is the same every time. */
function* generate(n: number, period: Period): Generator<CleanQualityEvent> {
  const months = windowMonths(period, 6);
  // mulberry32: small, fast and (unlike a plain LCG's low bits) well spread for `% k`
  let seed = 12345;
  const rnd = (k: number) => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) % k;
  };
  for (let i = 0; i < n; i++) {
    const mode = rnd(20) === 0 ? undefined : MODES[rnd(MODES.length)]!;
    const month = months[rnd(months.length)]!;
    const day = String(1 + rnd(28)).padStart(2, '0');
    const closed =
      rnd(3) === 0 ? undefined : `${month}-${String(Math.min(28, Number(day) + rnd(10))).padStart(2, '0')}`;
    yield {
      date: `${month}-${day}`,
      source: SOURCES[rnd(4)]!,
      model: `XD-${10 + rnd(12) * 10}`,
      partNo: `P-${1000 + rnd(2000)}`,
      failureMode: mode?.name ?? '其他',
      supplier: `供应商${rnd(60)}`,
      dealerId: `D${rnd(800)}`,
      region: `区域${rnd(8)}`,
      vin: `VIN${rnd(120_000)}`,
      qty: 1 + rnd(3),
      ...(closed ? { closedAt: closed } : {}),
      failureCode: mode?.code ?? UNMAPPED_CODE,
      failureName: mode?.name ?? '未归类',
      failureCategory: mode?.category ?? null,
      mappedBy: mode ? 'name' : 'unmapped',
      mergedCount: 1,
    };
  }
}

/**
 * Correctness at scale only: the figures are printed for orientation, and speed targets live in the benchmarks
 * (`npm run bench -- quality`), never in a timed test.
 */
function timed<T>(fn: () => T): { result: T; wallMs: number; cpuMs: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const result = fn();
  const c = process.cpuUsage(c0);
  return { result, wallMs: performance.now() - t0, cpuMs: (c.user + c.system) / 1000 };
}

describe('quality accumulator at scale', () => {
  it('streams 200,000 events with key-level state and exact totals', () => {
    const events = [...generate(200_000, parsePeriod('2026-11'))];
    const heapBefore = process.memoryUsage().heapUsed;
    const {
      result: agg,
      wallMs,
      cpuMs,
    } = timed(() => {
      const acc = createQualityAccumulator(parsePeriod('2026-11'), {
        productionVolumes: Array.from({ length: 12 }, (_, i) => ({
          month: parsePeriod('2026-11'),
          model: `XD-${10 + i * 10}`,
          volume: 50_000,
        })),
      });
      for (const e of events) acc.add(e);
      return acc.finish();
    });
    const heapMb = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
    console.log(
      `quality accumulator: 200000 events, add+finish ${wallMs.toFixed(0)} ms wall / ${cpuMs.toFixed(0)} ms CPU, ` +
        `heap +${heapMb.toFixed(1)} MB, ${agg.repeats.total} repeat VINs`,
    );
    expect(agg.totals.windowCount).toBe(200_000);
    expect(agg.totals.monthly.reduce((s, x) => s + x, 0)).toBe(200_000);
    expect(agg.pareto.failureModes.rows.at(-1)!.cumulativePct).toBe(100);
    expect(agg.dimensions.failureMode.reduce((s, r) => s + r.windowCount, 0)).toBe(200_000);
    expect(agg.ppm.rows).toHaveLength(12);
    expect(agg.repeats.total).toBeGreaterThan(200);
    expect(agg.repeats.rows).toHaveLength(200);
    expect(agg.handling.overall.closed + agg.handling.overall.open + agg.handling.overall.invalid).toBe(
      agg.handling.overall.considered,
    );
  });

  it('cleans 200,000 raw rows (normalise, map, de-duplicate) without losing one', () => {
    const raw: QualityEvent[] = [];
    for (const e of generate(200_000, parsePeriod('2026-11'))) {
      raw.push({
        date: e.date,
        source: e.source,
        model: e.model.toLowerCase(),
        partNo: ` ${e.partNo.toLowerCase()}`,
        // Written loosely (space, full stop): folds by normalisation, never by a guess.
        failureMode: ` ${e.failureMode}。`,
        vin: e.vin,
        qty: e.qty,
      });
    }
    const { result: r, wallMs, cpuMs } = timed(() => cleanQualityEvents(raw, CATALOGUE));
    console.log(
      `quality cleaning: 200000 rows ${wallMs.toFixed(0)} ms wall / ${cpuMs.toFixed(0)} ms CPU, ` +
        `${r.stats.duplicatesRemoved} duplicates merged, ${r.unmapped.length} unmapped texts`,
    );
    expect(r.stats.output + r.stats.duplicatesRemoved).toBe(200_000);
    expect(r.events[0]!.partNo).toBe(raw[0]!.partNo.trim().toUpperCase());
    expect(r.unmapped.map((u) => u.text)).toEqual(['其他。']);
  });
});
