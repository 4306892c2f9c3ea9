/**
 * Working days of the company calendar: Monday–Friday, minus configured public holidays (法定节假日), plus
 * configured extra workdays (调休上班, usually a Saturday or Sunday next to a holiday). Pure: dates are ISO
 * `yyyy-MM-dd` strings and all arithmetic is on UTC day numbers, so the answer is the same in a workflow, an
 * activity and a test. The Chinese holiday list changes every year (announced by the State Council each
 * autumn), which is why it comes from config (`calendar.holidays`, `calendar.extraWorkdays`), not from code.
 */

export interface WorkCalendar {
  /** Days off that would otherwise be working days, ISO dates. */
  holidays: readonly string[];
  /** Weekend days that are working days, ISO dates. */
  extraWorkdays: readonly string[];
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const PERIOD = /^(\d{4})-(\d{2})$/;
const DAY_MS = 86_400_000;

function parts(date: string): [number, number, number] | null {
  const m = ISO_DATE.exec(date);
  if (!m) return null;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return null;
  return [y, mo, d];
}

function pad(n: number, width = 2): string {
  return String(n).padStart(width, '0');
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** True for a real calendar date written `yyyy-MM-dd`. */
export function isIsoDate(value: unknown): value is string {
  return typeof value === 'string' && parts(value) !== null;
}

/** True for an accounting period written `yyyy-MM`. */
export function isPeriod(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  const m = PERIOD.exec(value);
  return !!m && Number(m[2]) >= 1 && Number(m[2]) <= 12;
}

function mustDate(date: string): [number, number, number] {
  const p = parts(date);
  if (!p) throw new RangeError(`not a calendar date (yyyy-MM-dd): ${JSON.stringify(date)}`);
  return p;
}

function mustPeriod(period: string): [number, number] {
  if (!isPeriod(period)) throw new RangeError(`not a period (yyyy-MM): ${JSON.stringify(period)}`);
  return [Number(period.slice(0, 4)), Number(period.slice(5, 7))];
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  const [y, m, d] = mustDate(date);
  return new Date(Date.UTC(y, m - 1, d)).getUTCDay();
}

/** The ISO date `days` calendar days after (or before, if negative) `date`. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = mustDate(date);
  const t = new Date(Date.UTC(y, m - 1, d) + days * DAY_MS);
  return `${pad(t.getUTCFullYear(), 4)}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())}`;
}

/** Extra workdays win over weekends; holidays remove weekdays. */
export function isWorkingDay(date: string, cal: WorkCalendar): boolean {
  mustDate(date);
  if (cal.extraWorkdays.includes(date)) return true;
  if (cal.holidays.includes(date)) return false;
  const dow = dayOfWeek(date);
  return dow !== 0 && dow !== 6;
}

/** The period (`yyyy-MM`) a date belongs to. */
export function periodOf(date: string): string {
  mustDate(date);
  return date.slice(0, 7);
}

/** The period `months` months after (negative: before) `period`, e.g. shiftPeriod('2026-01', -1) = '2025-12'. */
export function shiftPeriod(period: string, months: number): string {
  const [y, m] = mustPeriod(period);
  const index = y * 12 + (m - 1) + months;
  return `${pad(Math.floor(index / 12), 4)}-${pad((index % 12) + 1)}`;
}

/** The last working day of a period, or null when the calendar leaves no working day in it at all. */
export function lastWorkingDayOfMonth(period: string, cal: WorkCalendar): string | null {
  const [y, m] = mustPeriod(period);
  for (let d = daysInMonth(y, m); d >= 1; d--) {
    const date = `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
    if (isWorkingDay(date, cal)) return date;
  }
  return null;
}

export function isLastWorkingDayOfMonth(date: string, cal: WorkCalendar): boolean {
  return lastWorkingDayOfMonth(periodOf(date), cal) === date;
}

/** The local calendar date of an instant in an IANA time zone, e.g. 2026-11-30T16:30Z in Asia/Shanghai = 2026-12-01. */
export function localDate(instant: Date | number, timeZone: string): string {
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const byType = Object.fromEntries(fmt.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return `${byType.year}-${byType.month}-${byType.day}`;
}

/**
 * Problems of a configured calendar: malformed dates, or a day listed both as holiday and as extra workday.
 * (Weekend days in the holiday list are harmless: the official lists include them and they are kept.)
 */
export function calendarProblems(cal: WorkCalendar): string[] {
  const problems: string[] = [];
  for (const [key, list] of [
    ['holidays', cal.holidays],
    ['extraWorkdays', cal.extraWorkdays],
  ] as const) {
    list.forEach((date, i) => {
      if (!isIsoDate(date)) problems.push(`calendar.${key}.${i}: not a calendar date: ${JSON.stringify(date)}`);
    });
  }
  for (const date of cal.holidays.filter((d) => cal.extraWorkdays.includes(d))) {
    problems.push(`calendar: ${date} is listed both in holidays and in extraWorkdays`);
  }
  return problems;
}
