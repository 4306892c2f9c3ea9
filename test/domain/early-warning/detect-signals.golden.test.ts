import { describe, expect, it } from 'vitest';
import { DEFAULT_DETECTION, detectSignals, type FrozenBaseline } from '../../../domain/early-warning';
import { AS_OF, goldenEvents } from './golden-dataset';

const frozen = (rate: number, count: number): FrozenBaseline => ({
  rate,
  ratePerDay: rate,
  baselineCount: count,
  baselineExposure: 56,
  volumeAdjusted: false,
  from: '2026-08-01',
  to: '2026-09-25',
});
const open = new Map([
  ['OLD-9|F01', frozen(2 / 56, 1)],
  ['QUIET|F03', frozen(3 / 56, 2)],
]);
const r = detectSignals(goldenEvents(), AS_OF, DEFAULT_DETECTION, { open });
const ln3 = Math.log(3);

describe('early-warning golden day 2026-11-12 (hand-computed)', () => {
  it('reads the 70 days 09-04 … 11-12 only; unmapped texts left out; quiet cells not judged', () => {
    expect([r.from, r.to]).toEqual(['2026-09-04', '2026-11-12']);
    // DP-1230: 10 weekly + 10 batch (09-03 and 11-13 outside); BK-2001: 70; NEW-1: 4; OLD-9: 6.
    expect(r.events).toBe(100);
    expect(r.unmappedEvents).toBe(3);
    expect(r.cells).toBe(4);
    // NEW-1 has 4 events, below minCount 5: never judged. OLD-9 is checked against its incident's baseline.
    expect(r.judged).toBe(2);
  });

  it('one signal: DP-1230 异响, fired by the Poisson tail; the steady busy cell is quiet', () => {
    expect(r.signals.map((s) => s.key)).toEqual(['DP-1230|F07']);
    const s = r.signals[0]!;
    expect(s).toMatchObject({
      partNo: 'DP-1230',
      partName: '制动盘',
      failureName: '异响',
      fired: true,
      suppliers: ['华信', '联达'],
      models: ['JK6480'],
      firstEventInWindow: '2026-11-06',
    });
    // Baseline 8 events in 56 days → expected 8 × 7/56 = 1.0; test mean (8 + 1) × 7/56 = 1.125.
    // Window 11-06 … 11-12: 1 + 2 + 2 + 3 + 3 = 11. P(X ≥ 11 | 1.125) = 3.276015e-8 ≤ 1e-5; 11 ≥ 5 and ≥ 2 × 1.125.
    const f = s.figures;
    expect(f).toMatchObject({
      baselineCount: 8,
      baselineExposure: 56,
      windowExposure: 7,
      volumeAdjusted: false,
      observed: 11,
      monitorCount: 12,
      alpha: 1e-5,
      cusumThreshold: 11,
      risingDaysAgo: 6,
      firedBy: ['poisson'],
    });
    expect(f.expected).toBeCloseTo(1, 12);
    expect(f.testMean).toBeCloseTo(1.125, 12);
    expect(f.ratio).toBeCloseTo(11 / 1.125, 12);
    expect(f.pValue / 3.276015e-8).toBeCloseTo(1, 5);
    // CUSUM, k = 3, λ0 = 9/56 a day: each event adds ln 3, each day takes 2 × 9/56. From 0 on 11-05:
    // 11-06 +1 event, 11-07 and 11-08 none, then 2, 2, 3, 3 → 10·ln3 + 1·ln3 − 7 × 18/56.
    expect(f.cusum).toBeCloseTo(11 * ln3 - (7 * 18) / 56, 9); // 9.8347, below 11: the CUSUM alone would wait
  });

  it('scopes: supplier 华信 (alpha / 2 suppliers) and region 华东 (alpha / 3 regions) fire on their own', () => {
    const s = r.signals[0]!;
    expect(s.scopes.map((x) => [x.dimension, x.value, x.figures.observed, x.figures.firedBy])).toEqual([
      ['supplier', '华信', 10, ['poisson']],
      ['region', '华东', 8, ['poisson']],
    ]);
    const [hx, east] = s.scopes;
    // 华信: 4 baseline events → test mean 5 × 7/56 = 0.625; P(X ≥ 10 | 0.625) = 1.421932e-9.
    expect(hx!.figures.alpha).toBeCloseTo(5e-6, 15);
    expect(hx!.figures.testMean).toBeCloseTo(0.625, 12);
    expect(hx!.figures.pValue / 1.421932e-9).toBeCloseTo(1, 5);
    // 华信's CUSUM: 0 from 11-05 (the 联达 event on 11-06 is not its own), then 2, 2, 3, 3 over four days.
    expect(hx!.figures.cusum).toBeCloseTo(10 * ln3 - 4 * (10 / 56), 9);
    expect(hx!.figures.risingDaysAgo).toBe(3);
    // 华东: never seen before → test mean 1 × 7/56 = 0.125; P(X ≥ 8 | 0.125) = 1.322935e-12.
    expect(east!.figures.alpha).toBeCloseTo(1e-5 / 3, 15);
    expect(east!.figures.expected).toBe(0);
    expect(east!.figures.pValue / 1.322935e-12).toBeCloseTo(1, 5);
    // The list is ordered by the strongest p among the cell and its scopes: −log10(1.322935e-12).
    expect(s.strength).toBeCloseTo(-Math.log10(1.322935e-12), 4);
  });

  it('open incidents are checked against their frozen baseline, with or without events', () => {
    expect(r.checks.map((c) => [c.key, c.active])).toEqual([
      ['OLD-9|F01', true],
      ['QUIET|F03', false],
    ]);
    const old = r.checks[0]!.figures;
    // Frozen rate 2/56 a day → test mean 0.25 over the window; 6 events; P(X ≥ 6 | 0.25) = 2.738136e-7.
    expect(old.observed).toBe(6);
    expect(old.testMean).toBeCloseTo(0.25, 12);
    expect(old.expected).toBeCloseTo(0.125, 12);
    expect(old.pValue / 2.738136e-7).toBeCloseTo(1, 5);
    expect(old.cusum).toBeCloseTo(6 * (ln3 - 4 / 56), 9);
    expect(r.checks[1]!.figures).toMatchObject({ observed: 0, monitorCount: 0, pValue: 1, cusum: 0, firedBy: [] });
  });

  it('the same events in another order give the same answer', () => {
    const again = detectSignals([...goldenEvents()].reverse(), AS_OF, DEFAULT_DETECTION, { open });
    expect(again).toEqual(r);
  });

  it('a stricter level or a higher minimum count silences the signal', () => {
    expect(detectSignals(goldenEvents(), AS_OF, { ...DEFAULT_DETECTION, alpha: 1e-13 }).signals).toEqual([]);
    expect(detectSignals(goldenEvents(), AS_OF, { ...DEFAULT_DETECTION, minCount: 12 }).signals).toEqual([]);
  });
});
