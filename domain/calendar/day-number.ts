/**
 * Calendar-day arithmetic on ISO `yyyy-MM-dd` strings through day numbers (days since 1970-01-01), with Howard
 * Hinnant's civil-date algorithms: no time zones, no Date objects, so the same answer in a workflow sandbox, an
 * activity and a test. Hand-parsed (no RegExp): quality cleaning and repeats call `dayNumber` for every one of 200k
 * events.
 */
import { AppError } from '../errors';
import { daysInMonth } from './month-end';

function digits(s: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return -1;
    n = n * 10 + c;
  }
  return n;
}

function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * Day number of an ISO date (a `T…`/` …` time suffix is ignored, as in a timestamp cell); null when the text is not
 * a real calendar date.
 */
export function dayNumber(iso: string): number | null {
  if (iso.length < 10 || iso.charCodeAt(4) !== 45 || iso.charCodeAt(7) !== 45) return null;
  if (iso.length > 10 && iso[10] !== 'T' && iso[10] !== ' ') return null;
  const y = digits(iso, 0, 4);
  const m = digits(iso, 5, 7);
  const d = digits(iso, 8, 10);
  if (y < 0 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return daysFromCivil(y, m, d);
}

/** True for a real calendar date written exactly `yyyy-MM-dd`. */
export function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && value.length === 10 && dayNumber(value) !== null;
}

/** Day number of an exact `yyyy-MM-dd` date; throws InvalidDate otherwise. */
export function toDayNumber(iso: string): number {
  if (!isIsoDate(iso)) {
    throw new AppError('InvalidDate', `not a calendar date (yyyy-MM-dd): ${JSON.stringify(iso)}`, { iso });
  }
  return dayNumber(iso)!;
}

/** `yyyy-MM-dd` of a day number (inverse of dayNumber). */
export function isoFromDay(n: number): string {
  const z = n + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** The ISO date `days` calendar days after (or before, if negative) `iso`. */
export function addDays(iso: string, days: number): string {
  return isoFromDay(toDayNumber(iso) + days);
}

/** Whole days from `from` to `to` (positive when `to` is later). */
export function daysBetween(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from);
}

/** 0 = Sunday … 6 = Saturday (1970-01-01, day 0, was a Thursday). */
export function dayOfWeek(iso: string): number {
  return (((toDayNumber(iso) + 4) % 7) + 7) % 7;
}

export function maxDate(a: string, b: string): string {
  return a >= b ? a : b;
}

export function minDate(a: string, b: string): string {
  return a <= b ? a : b;
}
