import { ConfigError } from '../errors';

const MONTH_RE = /^(\d{4})-(0[1-9]|1[0-2])$/;

function parseMonth(period: string): { year: number; month: number } {
  const m = MONTH_RE.exec(period);
  if (!m) throw new ConfigError(`period must look like 2026-11, got ${JSON.stringify(period)}`, { period });
  return { year: Number(m[1]), month: Number(m[2]) };
}

export function addMonths(period: string, delta: number): string {
  const { year, month } = parseMonth(period);
  const index = year * 12 + (month - 1) + delta;
  const y = Math.floor(index / 12);
  const mm = (index % 12) + 1;
  return `${String(y).padStart(4, '0')}-${String(mm).padStart(2, '0')}`;
}

/** The report month and the `prior` months before it, oldest first: the 7-month window for prior = 6. */
export function windowMonths(period: string, prior: number): string[] {
  parseMonth(period);
  const out: string[] = [];
  for (let i = prior; i >= 0; i--) out.push(addMonths(period, -i));
  return out;
}

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

/**
 * Days since 1970-01-01 for an ISO date (a `T…`/` …` time suffix is ignored); null when not a real calendar
 * date. Hand-parsed (no RegExp, no Date): cleaning and repeats call it for every one of 200k events.
 */
export function dayNumber(iso: string): number | null {
  if (iso.length < 10 || iso.charCodeAt(4) !== 45 || iso.charCodeAt(7) !== 45) return null;
  if (iso.length > 10 && iso[10] !== 'T' && iso[10] !== ' ') return null;
  const y = digits(iso, 0, 4);
  const m = digits(iso, 5, 7);
  const d = digits(iso, 8, 10);
  if (y < 0 || m < 1 || m > 12 || d < 1) return null;
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  if (d > (m === 2 && leap ? 29 : DAYS_IN_MONTH[m - 1]!)) return null;
  // days-from-civil (H. Hinnant), proleptic Gregorian
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** `YYYY-MM-DD` of a day number (inverse of dayNumber). */
export function isoFromDay(day: number): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}
