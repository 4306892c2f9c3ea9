/**
 * Calendar date and month of an instant in a time zone, through Intl (deterministic for the same input, so
 * safe in workflows). "2026-11-30T17:00:00Z" in Asia/Shanghai is 2026-12-01.
 */
export function localDate(epochMs: number, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).formatToParts(new Date(epochMs));
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

export function localMonth(epochMs: number, timeZone: string): string {
  return localDate(epochMs, timeZone).slice(0, 7);
}

/** The month before a yyyy-MM month. */
export function previousMonth(period: string): string {
  const y = Number(period.slice(0, 4));
  const m = Number(period.slice(5, 7));
  return m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
}
