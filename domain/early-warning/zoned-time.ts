/**
 * Instants of local calendar days in an IANA time zone, through Intl only (deterministic, safe in workflows):
 * a corrective action due on 2026-12-15 in Asia/Shanghai is due at 2026-12-15T16:00Z (midnight after that day).
 */

function offsetMs(instant: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(instant));
  const get = (t: string): number => Number(parts.find((p) => p.type === t)?.value ?? 0);
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return asUtc - Math.floor(instant / 1000) * 1000;
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
