/**
 * The time a month's document states it was made, when no person's decision dates it: the end of the period's last
 * day (or of a given business day) in the company's zone. A function of the period alone, so a retry, a replay and a
 * re-run of the month print the same time and render the same bytes. Pure (Intl only), safe in workflows.
 */
import { lastDayOf } from './month-end';
import type { Period } from './period';

/** Minutes east of UTC of `timeZone` at the instant `epochMs`. */
export function zoneOffsetMinutes(epochMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(epochMs));
  const n = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second'));
  return Math.round((asUtc - Math.floor(epochMs / 1000) * 1000) / 60_000);
}

/** 23:59:59 of the day `isoDate` (yyyy-MM-dd) in the zone, as an ISO instant. */
export function endOfDayInstant(isoDate: string, timeZone: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  const localEnd = Date.UTC(y, m - 1, d, 23, 59, 59);
  const offset = zoneOffsetMinutes(localEnd - 12 * 3_600_000, timeZone);
  return new Date(localEnd - offset * 60_000).toISOString();
}

/** 23:59:59 on the period's last day in the zone: "as of the month's close". */
export function periodCloseInstant(period: Period, timeZone: string): string {
  return endOfDayInstant(lastDayOf(period), timeZone);
}

/** The latest of some ISO instants (decision times), or `fallback` when there are none. */
export function latestInstant(instants: readonly (string | undefined)[], fallback: string): string {
  let best: string | undefined;
  for (const t of instants) if (t && (best === undefined || Date.parse(t) > Date.parse(best))) best = t;
  return best ?? fallback;
}
