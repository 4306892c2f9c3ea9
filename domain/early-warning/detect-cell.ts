/**
 * The rule for one cell (a part × failure mode, or one supplier/region inside it) on one day, from its daily
 * event counts: the baseline days, then the monitored days ending on the day examined.
 *
 *   rate      = (baseline events + 1) / baseline exposure          exposure = days, or vehicle-days in the field
 *   testMean  = rate × window exposure                             the events the window may hold by chance
 *   Poisson   fires when P(X ≥ observed | testMean) ≤ alpha, observed ≥ minCount and observed ≥ minRatio × testMean
 *   CUSUM     S = max(0, S + x·ln k − (k − 1)·rate·exposure) day by day over the monitored days (k = shift);
 *             fires when S ≥ threshold and the monitored days hold ≥ minCount events
 *
 * The "+1" keeps a quiet or brand-new failure mode from signalling on its second event: with no baseline events
 * the rate is one event per baseline span, not zero. `expected` (baseline events × window / baseline exposure) is
 * printed beside it as the plain figure. The CUSUM catches a jump within days (it weighs each day's excess as it
 * comes); the window test catches a rise spread evenly over the week.
 */
import { poissonUpperTail } from './poisson';
import type { CellFigures, DetectionSettings, FrozenBaseline } from './types';

type Series = ArrayLike<number>;

function sum(a: Series, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s += a[i]!;
  return s;
}

/** Exposure of day i: the series, or one per day when volumes are unknown. */
const exposureAt = (e: Series | null, i: number): number => (e ? e[i]! : 1);

/**
 * Judges the monitored days (the last `monitorDays` entries of `counts`) against a rate per unit of exposure.
 * `start` is the index of the first monitored day.
 */
function judge(
  counts: Series,
  exposure: Series | null,
  start: number,
  rate: number,
  s: DetectionSettings,
  alpha: number,
  base: { baselineCount: number; baselineExposure: number; expectedRate: number },
): CellFigures {
  const end = counts.length;
  const wStart = end - s.windowDays;
  const observed = sum(counts, wStart, end);
  const windowExposure = exposure ? sum(exposure, wStart, end) : s.windowDays;
  const testMean = rate * windowExposure;
  const pValue = poissonUpperTail(observed, testMean);
  const ratio = testMean > 0 ? observed / testMean : observed > 0 ? Infinity : 0;

  const k = s.cusum.shift;
  const lnK = Math.log(k);
  let cusum = 0;
  let monitorCount = 0;
  let risingFrom = end;
  for (let i = start; i < end; i++) {
    const x = counts[i]!;
    monitorCount += x;
    cusum = Math.max(0, cusum + x * lnK - (k - 1) * rate * exposureAt(exposure, i));
    if (cusum === 0) risingFrom = end;
    else if (risingFrom === end) risingFrom = i;
  }

  const firedBy: CellFigures['firedBy'] = [];
  if (observed >= s.minCount && pValue <= alpha && observed >= s.minRatio * testMean) firedBy.push('poisson');
  if (monitorCount >= s.minCount && cusum >= s.cusum.threshold) firedBy.push('cusum');
  return {
    baselineCount: base.baselineCount,
    baselineExposure: base.baselineExposure,
    windowExposure,
    volumeAdjusted: exposure !== null,
    observed,
    expected: base.expectedRate * windowExposure,
    testMean,
    ratio,
    pValue,
    alpha,
    cusum,
    cusumThreshold: s.cusum.threshold,
    monitorCount,
    risingDaysAgo: risingFrom < end ? end - 1 - risingFrom : null,
    firedBy,
  };
}

/**
 * The rule for one cell. `counts` (and `exposure`, when volumes are known) hold baselineDays + monitorDays
 * entries, oldest first; the last entry is the day examined.
 */
export function evaluateCell(
  counts: Series,
  exposure: Series | null,
  s: DetectionSettings,
  alpha: number = s.alpha,
): CellFigures {
  const b = s.baselineDays;
  if (counts.length !== b + s.monitorDays || (exposure && exposure.length !== counts.length)) {
    throw new RangeError(`evaluateCell needs ${b + s.monitorDays} days of counts, got ${counts.length}`);
  }
  const baselineCount = sum(counts, 0, b);
  const baselineExposure = exposure ? sum(exposure, 0, b) : b;
  if (!(baselineExposure > 0)) {
    // No vehicles in the field during the baseline: judge by days instead of failing.
    return evaluateCell(counts, null, s, alpha);
  }
  const rate = (baselineCount + 1) / baselineExposure;
  return judge(counts, exposure, b, rate, s, alpha, {
    baselineCount,
    baselineExposure,
    expectedRate: baselineCount / baselineExposure,
  });
}

/** The baseline an incident keeps from the day it opened (the rate `evaluateCell` tested against). */
export function freezeBaseline(f: CellFigures, s: DetectionSettings, from: string, to: string): FrozenBaseline {
  return {
    rate: (f.baselineCount + 1) / f.baselineExposure,
    ratePerDay: (f.baselineCount + 1) / s.baselineDays,
    baselineCount: f.baselineCount,
    baselineExposure: f.baselineExposure,
    volumeAdjusted: f.volumeAdjusted,
    from,
    to,
  };
}

/**
 * The same rule over the monitored days against a frozen rate (an open incident): `counts`/`exposure` hold
 * monitorDays entries. Exposure must be measured the way the frozen rate was (vehicles or days).
 */
export function evaluateAgainst(
  counts: Series,
  exposure: Series | null,
  frozen: FrozenBaseline,
  s: DetectionSettings,
): CellFigures {
  if (counts.length !== s.monitorDays) {
    throw new RangeError(`evaluateAgainst needs ${s.monitorDays} days of counts, got ${counts.length}`);
  }
  if (frozen.volumeAdjusted && exposure) {
    return judge(counts, exposure, 0, frozen.rate, s, s.alpha, {
      baselineCount: frozen.baselineCount,
      baselineExposure: frozen.baselineExposure,
      expectedRate: frozen.baselineCount / frozen.baselineExposure,
    });
  }
  return judge(counts, null, 0, frozen.ratePerDay, s, s.alpha, {
    baselineCount: frozen.baselineCount,
    baselineExposure: s.baselineDays,
    expectedRate: frozen.baselineCount / s.baselineDays,
  });
}
