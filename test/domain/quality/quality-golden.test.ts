import { describe, expect, it } from 'vitest';
import {
  aggregateQualityEvents,
  cleanQualityEvents,
  type QualityAggregates,
  type TrendRow,
} from '../../../domain/quality';
import { CATALOGUE, EVENTS, VOLUMES } from './golden-dataset';
import { parsePeriod } from '../../../domain/calendar';

const cleaned = cleanQualityEvents(EVENTS, CATALOGUE, { dedupeWindowDays: 3 });
const agg: QualityAggregates = aggregateQualityEvents(parsePeriod('2026-11'), cleaned.events, {
  productionVolumes: VOLUMES,
  repeatWindowDays: 90,
});
const trend = (code: string): TrendRow => agg.trends.failureModes.find((t) => t.key === code)!;

describe('quality golden month 2026-11 (hand-computed)', () => {
  it('cleans: 30 rows, 2 duplicates merged, 28 events, 1 unmapped text', () => {
    expect(cleaned.stats).toEqual({ input: 30, invalid: 0, duplicatesRemoved: 2, output: 28, unmappedEvents: 1 });
    // r16 (call, only a VIN) merged into r17 (complaint, 7 filled fields) 3 days later, across the month boundary;
    // r21 (inspection, bare) merged into r20 (complaint with region/dealer/closedAt) 2 days earlier.
    expect(cleaned.merged.map((m) => [m.vin, m.partNo, m.kept.index, m.dropped.map((d) => d.index)])).toEqual([
      ['LVIN0005', 'AB-1001', 17, [16]],
      ['LVIN0004', 'AB-1001', 20, [21]],
    ]);
    expect(cleaned.unmapped).toEqual([
      { text: '仪表盘闪烁', count: 1, qty: 1, firstRef: { file: 'quality.xlsx', sheet: '质量信息', row: 31 } },
    ]);
  });

  it('window, totals and the out-of-window row', () => {
    expect(agg.months).toEqual(['2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    // r0 (2026-04-30) is outside; 27 events remain in the window.
    expect(agg.totals).toEqual({
      count: 12,
      qty: 13, // r25 has qty 2
      monthly: [2, 2, 2, 2, 3, 4, 12],
      monthlyQty: [2, 2, 2, 2, 3, 4, 13],
      windowCount: 27,
      windowQty: 28,
      outOfWindow: 1,
    });
  });

  it('Pareto of failure modes with share, cumulative % and the 80% cut', () => {
    // total 12: F01 4 → 33.33 / 33.33; F04 2 (qty 3 beats F02's qty 2) → 16.67 / 50; F02 2 → 16.67 / 66.67;
    // F03 1 → 8.33 / 75; F05 1 → 83.33 (cumulative before it 75 < 80, so still vital); F06 → 91.67 (83.33 ≥ 80, cut);
    // UNMAPPED → 100. Ties on count and qty go by code.
    const p = agg.pareto.failureModes;
    expect(p.total).toBe(12);
    expect(p.vitalCount).toBe(5);
    expect(p.rows.map((r) => [r.key, r.count, r.qty, r.sharePct, r.cumulativePct, r.vital])).toEqual([
      ['F01', 4, 4, 33.33, 33.33, true],
      ['F04', 2, 3, 16.67, 50, true],
      ['F02', 2, 2, 16.67, 66.67, true],
      ['F03', 1, 1, 8.33, 75, true],
      ['F05', 1, 1, 8.33, 83.33, true],
      ['F06', 1, 1, 8.33, 91.67, false],
      ['UNMAPPED', 1, 1, 8.33, 100, false],
    ]);
    expect(p.rows.find((r) => r.key === 'UNMAPPED')!.label).toBe('未归类');
  });

  it('overall month-over-month and 3/6-month trend', () => {
    // [2,2,2,2,3,4,12]: MoM (12−4)/4 = 200%; avg3 = (2+3+4)/3 = 3; avg6 = 15/6 = 2.5;
    // vs avg3 (12−3)/3 = 300%; vs avg6 (12−2.5)/2.5 = 380%.
    expect(agg.trends.overall).toMatchObject({
      monthly: [2, 2, 2, 2, 3, 4, 12],
      current: 12,
      previous: 4,
      momChangePct: 200,
      avg3: 3,
      avg6: 2.5,
      vsAvg3Pct: 300,
      vsAvg6Pct: 380,
    });
  });

  it('per-mode trends', () => {
    expect(agg.trends.failureModes.map((t) => t.key)).toEqual(['F01', 'F02', 'F04', 'F03', 'F05', 'F06', 'UNMAPPED']);
    // F01 [1,1,0,1,1,1,4]: MoM 3/1 = 300%; avg3 = 1; avg6 = 5/6 = 0.83; vs avg6 (4 − 5/6)/(5/6) = 380%.
    expect(trend('F01')).toMatchObject({
      monthly: [1, 1, 0, 1, 1, 1, 4],
      momChangePct: 300,
      avg3: 1,
      avg6: 0.83,
      vsAvg3Pct: 300,
      vsAvg6Pct: 380,
    });
    // F02 [1,0,1,1,1,1,2]: MoM 100%; avg3 1; avg6 5/6; vs avg6 (2 − 5/6)/(5/6) = 140%.
    expect(trend('F02')).toMatchObject({ momChangePct: 100, avg3: 1, avg6: 0.83, vsAvg3Pct: 100, vsAvg6Pct: 140 });
    // F03 [0,1,1,0,1,1,1]: MoM 0; avg3 = 2/3; avg6 = 4/6; both +50%.
    expect(trend('F03')).toMatchObject({ momChangePct: 0, avg3: 0.67, avg6: 0.67, vsAvg3Pct: 50, vsAvg6Pct: 50 });
    // F04 [0,0,0,0,0,1,2]: MoM 100%; avg3 1/3; avg6 1/6; vs avg3 (2 − 1/3)/(1/3) = 500%; vs avg6 1100%.
    expect(trend('F04')).toMatchObject({ momChangePct: 100, avg3: 0.33, avg6: 0.17, vsAvg3Pct: 500, vsAvg6Pct: 1100 });
    // F05 is new: previous month 0 → no MoM %, no average to compare with.
    expect(trend('F05')).toMatchObject({ current: 1, previous: 0, momChangePct: null, avg3: 0, vsAvg3Pct: null });
    expect(trend('F04').category).toBe('供应商');
  });

  it('PPM per model where volumes exist', () => {
    // XD-30: 8 failures in 2026-11 / 2000 × 1e6 = 4000; October 3 / 2500 × 1e6 = 1200;
    // window (only months with volume) (3 + 8) / (2500 + 2000) × 1e6 = 2444.44.
    // XD-50: 3 / 1000 × 1e6 = 3000. XD-90: 0 failures → 0. XD-70 has failures but no volume.
    expect(agg.ppm.rows).toEqual([
      {
        model: 'XD-30',
        failures: 8,
        volume: 2000,
        ppm: 4000,
        monthlyPpm: [null, null, null, null, null, 1200, 4000],
        windowFailures: 11,
        windowVolume: 4500,
        windowPpm: 2444.44,
      },
      {
        model: 'XD-50',
        failures: 3,
        volume: 1000,
        ppm: 3000,
        monthlyPpm: [null, null, null, null, null, null, 3000],
        windowFailures: 3,
        windowVolume: 1000,
        windowPpm: 3000,
      },
      {
        model: 'XD-90',
        failures: 0,
        volume: 500,
        ppm: 0,
        monthlyPpm: [null, null, null, null, null, null, 0],
        windowFailures: 0,
        windowVolume: 500,
        windowPpm: 0,
      },
    ]);
    expect(agg.ppm.modelsWithoutVolume).toEqual(['XD-70']);
  });

  it('new failure modes: none of the 6 prior months, out-of-window history ignored, UNMAPPED excluded', () => {
    // F05 also occurred in 2026-04 (r0) — 7 months back, outside the prior 6, so it is still new.
    expect(agg.newFailureModes).toEqual([
      { code: 'F05', name: '焊点开裂', category: '制造', count: 1, qty: 1 },
      { code: 'F06', name: '油封漏油', category: '供应商', count: 1, qty: 1 },
    ]);
  });

  it('repeat failures on the same VIN within 90 days', () => {
    // LVIN0003: 11-03 F01 AB-1001 and 11-20 F02 CD-2002 (17 days). LVIN0001: 09-10 and 11-05, F01 both (56 days).
    // LVIN0002: 05-20 and 11-12 are 176 days apart: not a repeat. LVIN0004/0005 are duplicates merged to one.
    expect(agg.repeats.total).toBe(2);
    expect(agg.repeats.rows).toEqual([
      {
        vin: 'LVIN0003',
        events: 2,
        firstDate: '2026-11-03',
        lastDate: '2026-11-20',
        months: ['2026-11'],
        partNos: ['AB-1001', 'CD-2002'],
        failureCodes: ['F01', 'F02'],
        sameFailureMode: false,
      },
      {
        vin: 'LVIN0001',
        events: 2,
        firstDate: '2026-09-10',
        lastDate: '2026-11-05',
        months: ['2026-09', '2026-11'],
        partNos: ['AB-1001'],
        failureCodes: ['F01'],
        sameFailureMode: true,
      },
    ]);
    // Widened to exactly 176 days LVIN0002 joins (inclusive edge); rows order by events, then latest date.
    const wide = aggregateQualityEvents(parsePeriod('2026-11'), cleaned.events, { repeatWindowDays: 176 });
    expect(wide.repeats.rows.map((r) => [r.vin, r.lastDate])).toEqual([
      ['LVIN0003', '2026-11-20'],
      ['LVIN0002', '2026-11-12'],
      ['LVIN0001', '2026-11-05'],
    ]);
    const narrow = aggregateQualityEvents(parsePeriod('2026-11'), cleaned.events, { repeatWindowDays: 175 });
    expect(narrow.repeats.total).toBe(2);
  });

  it('top movers against the 3-month average', () => {
    // current − avg3: F01 4−1 = 3; F04 2−1/3 = 1.67; F02 2−1 = 1; F05 1−0 = 1; F06 1; F03 1−2/3 = 0.33.
    expect(agg.topMovers.failureModes.byAbsolute.map((m) => [m.key, m.absIncrease])).toEqual([
      ['F01', 3],
      ['F04', 1.67],
      ['F02', 1],
      ['F05', 1],
      ['F06', 1],
      ['F03', 0.33],
    ]);
    // Relative needs a 3-month average and (default) ≥3 this month: only F01 (+300%).
    expect(agg.topMovers.failureModes.byRelative.map((m) => [m.key, m.relIncreasePct])).toEqual([['F01', 300]]);
    const loose = aggregateQualityEvents(parsePeriod('2026-11'), cleaned.events, { moverMinCount: 1 });
    expect(loose.topMovers.failureModes.byRelative.map((m) => [m.key, m.relIncreasePct])).toEqual([
      ['F04', 500],
      ['F01', 300],
      ['F02', 100],
      ['F03', 50],
    ]);
  });

  it('complaint handling times (complaints + calls of the month)', () => {
    // r17 2d, r19 4d, r20 5d, r22 10d; r23 open; r24 closed before it was opened (invalid).
    // median of [2,4,5,10] = (4+5)/2 = 4.5; p90 nearest rank ceil(3.6) = 4th = 10; mean 21/4 = 5.25.
    expect(agg.handling.overall).toEqual({
      considered: 6,
      closed: 4,
      open: 1,
      invalid: 1,
      medianDays: 4.5,
      p90Days: 10,
      meanDays: 5.25,
    });
    expect(agg.handling.byRegion).toEqual([
      { region: '华东', considered: 2, closed: 2, open: 0, invalid: 0, medianDays: 6, p90Days: 10, meanDays: 6 },
      { region: '华北', considered: 2, closed: 1, open: 0, invalid: 1, medianDays: 5, p90Days: 5, meanDays: 5 },
      { region: '华南', considered: 2, closed: 1, open: 1, invalid: 0, medianDays: 4, p90Days: 4, meanDays: 4 },
    ]);
  });

  it('counts and qty by model, part, supplier, source, dealer', () => {
    const pick = (d: keyof QualityAggregates['dimensions']) =>
      agg.dimensions[d].filter((r) => r.count > 0).map((r) => [r.key, r.count, r.qty]);
    expect(pick('model')).toEqual([
      ['XD-30', 8, 9],
      ['XD-50', 3, 3],
      ['XD-70', 1, 1],
    ]);
    // CD-2002 and GH-4004 both 2 this month; CD-2002 has more in the window (7 vs 3).
    expect(pick('part')).toEqual([
      ['AB-1001', 4, 4],
      ['CD-2002', 2, 2],
      ['GH-4004', 2, 3],
      ['EF-3003', 1, 1],
      ['JK-5005', 1, 1],
      ['LM-6006', 1, 1],
      ['NP-9009', 1, 1],
    ]);
    expect(agg.dimensions.part[0]!.label).toBe('机油滤清器');
    expect(pick('supplier')).toEqual([
      ['(未填)', 9, 9],
      ['恒达密封', 1, 2],
      ['华远橡胶', 1, 1],
      ['宏发油封', 1, 1],
    ]);
    expect(pick('source')).toEqual([
      ['complaint', 4, 4],
      ['inspection', 4, 5],
      ['call', 2, 2],
      ['return', 2, 2],
    ]);
    expect(pick('dealer').slice(1)).toEqual([
      ['D01', 2, 2],
      ['D02', 2, 2],
      ['D03', 2, 2],
    ]);
  });
});
