import type { RepeatRow } from './quality-aggregates';
import type { VinHitStore } from './vin-hit-store';
import { dayNumber, isoFromDay, type Period, shiftPeriod } from '../calendar';

/**
 * Repeat failures: a VIN/serial with an event in the report month and at least one other event (earlier in
 * the window or later in the month) no more than `windowDays` away from one of its report-month events.
 * Events may be in different months; duplicates were already merged by cleaning, so two hits here are two
 * real failures. Returns every repeat's count and the first `max` rows (most events, latest, then VIN).
 */
export function findQualityRepeats(
  store: VinHitStore,
  period: Period,
  windowDays: number,
  max: number,
): { total: number; rows: RepeatRow[] } {
  const first = dayNumber(`${period}-01`)!;
  const last = dayNumber(`${shiftPeriod(period, 1)}-01`)! - 1;
  const rows: RepeatRow[] = [];
  store.forEachVin(2, first, last, (vin, hits) => {
    const current = hits.filter((h) => h.day >= first && h.day <= last);
    const related = hits.filter((h) => current.some((c) => Math.abs(c.day - h.day) <= windowDays));
    if (related.length < 2) return;
    const codes = related.map((h) => h.code);
    const dates = related.map((h) => isoFromDay(h.day));
    rows.push({
      vin,
      events: related.length,
      firstDate: dates[0]!,
      lastDate: dates[dates.length - 1]!,
      months: uniqueSorted(dates.map((d) => d.slice(0, 7))),
      partNos: uniqueSorted(related.map((h) => h.partNo)),
      failureCodes: uniqueSorted(codes),
      sameFailureMode: new Set(codes).size < codes.length,
    });
  });
  rows.sort(
    (a, b) =>
      b.events - a.events ||
      (a.lastDate < b.lastDate ? 1 : a.lastDate > b.lastDate ? -1 : 0) ||
      (a.vin < b.vin ? -1 : a.vin > b.vin ? 1 : 0),
  );
  return { total: rows.length, rows: rows.slice(0, max) };
}

function uniqueSorted(xs: readonly string[]): string[] {
  return [...new Set(xs)].sort();
}
