import { describe, expect, it } from 'vitest';
import { buildPareto, buildTrend, histogramStats } from '../../../domain/quality';

describe('Pareto, trend and percentile helpers', () => {
  it('a row ending exactly on 80 % closes the vital few', () => {
    // 8 + 2: A reaches 80 % exactly, so B (cumulative before it = 80 %) is not vital.
    const p = buildPareto([
      { key: 'B', label: 'b', count: 2, qty: 2 },
      { key: 'A', label: 'a', count: 8, qty: 8 },
      { key: 'Z', label: 'z', count: 0, qty: 0 },
    ]);
    expect(p.rows.map((r) => [r.key, r.sharePct, r.cumulativePct, r.vital])).toEqual([
      ['A', 80, 80, true],
      ['B', 20, 100, false],
    ]);
    expect(p.vitalCount).toBe(1);
    expect(buildPareto([]).rows).toEqual([]);
  });

  it('thirds round to 2 decimals but the cumulative ends at exactly 100', () => {
    const p = buildPareto(['a', 'b', 'c'].map((k) => ({ key: k, label: k, count: 1, qty: 1 })));
    expect(p.rows.map((r) => [r.sharePct, r.cumulativePct])).toEqual([
      [33.33, 33.33],
      [33.33, 66.67],
      [33.33, 100],
    ]);
    expect(p.vitalCount).toBe(3);
  });

  it('trend over a short window uses the months available', () => {
    // prior [3, 6], current 9: avg3 = avg6 = 4.5, vs avg = +100 %, MoM = +50 %.
    expect(buildTrend('k', 'k', null, [3, 6, 9])).toMatchObject({
      avg3: 4.5,
      avg6: 4.5,
      vsAvg3Pct: 100,
      momChangePct: 50,
    });
    // a fall: [10, 4] → −60 %
    expect(buildTrend('k', 'k', null, [10, 4]).momChangePct).toBe(-60);
  });

  it('median (odd and even counts) and nearest-rank p90 from a histogram', () => {
    expect(histogramStats(new Map([[5, 1]]))).toEqual({ n: 1, median: 5, p90: 5, mean: 5 });
    // [1, 2, 2, 9, 30]: median 2, p90 = ceil(4.5) = 5th = 30, mean 44/5 = 8.8
    expect(
      histogramStats(
        new Map([
          [30, 1],
          [1, 1],
          [2, 2],
          [9, 1],
        ]),
      ),
    ).toEqual({ n: 5, median: 2, p90: 30, mean: 8.8 });
    expect(histogramStats(new Map())).toEqual({ n: 0, median: null, p90: null, mean: null });
  });
});
