/** Periods relative to a period: months before and after, across years. Pure: safe in workflows. */
import { periodFrom, periodParts, type Period } from './period';

/** The period `months` months after (negative: before) `period`, e.g. shiftPeriod('2026-01', -1) = '2025-12'. */
export function shiftPeriod(period: Period, months: number): Period {
  const { year, month } = periodParts(period);
  const index = year * 12 + (month - 1) + months;
  return periodFrom(Math.floor(index / 12), (((index % 12) + 12) % 12) + 1);
}

/** The month before: previousPeriod('2026-01') = '2025-12'. */
export function previousPeriod(period: Period): Period {
  return shiftPeriod(period, -1);
}

/** The period and the `prior` periods before it, oldest first: the 7-month window for prior = 6. */
export function windowMonths(period: Period, prior: number): Period[] {
  const out: Period[] = [];
  for (let i = prior; i >= 0; i--) out.push(shiftPeriod(period, -i));
  return out;
}
