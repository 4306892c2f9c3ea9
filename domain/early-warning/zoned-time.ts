/**
 * Instants of local calendar days in an IANA time zone, through Intl only (deterministic, safe in workflows):
 * a corrective action due on 2026-12-15 in Asia/Shanghai is due at 2026-12-15T16:00Z (midnight after that day).
 */
import { zoneOffsetMinutes } from '../calendar';

/** The zone's offset at `instant` in ms (the calendar module's one Intl-based reading of it). */
function offsetMs(instant: number, timeZone: string): number {
  return zoneOffsetMinutes(instant, timeZone) * 60_000;
}

/** The instant local midnight begins `date` (YYYY-MM-DD) in `timeZone`. */
export function startOfLocalDay(date: string, timeZone: string): number {
  const guess = Date.parse(`${date}T00:00:00Z`);
  if (Number.isNaN(guess)) throw new RangeError(`not a date: ${JSON.stringify(date)}`);
  const first = guess - offsetMs(guess, timeZone);
  // Once more at the corrected instant, for days whose offset changes (daylight saving time).
  return guess - offsetMs(first, timeZone);
}

/** The instant the day after `date` begins: when something due "on" `date` becomes late. */
export function endOfLocalDay(date: string, timeZone: string): number {
  const next = new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
  return startOfLocalDay(next, timeZone);
}
