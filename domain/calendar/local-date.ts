/**
 * The local calendar date and period of an instant in an IANA time zone, through Intl (deterministic for the same
 * input, so safe in workflows): 2026-11-30T16:30Z in Asia/Shanghai is 2026-12-01.
 */
import { AppError } from '../errors';
import { dayNumber } from './day-number';
import { parsePeriod, type Period } from './period';

export function localDate(instant: Date | number, timeZone: string): string {
  const fmt = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
  const byType = Object.fromEntries(fmt.formatToParts(new Date(instant)).map((p) => [p.type, p.value]));
  return `${byType.year}-${byType.month}-${byType.day}`;
}

/** The period an instant falls in, in the zone. */
export function localPeriod(instant: Date | number, timeZone: string): Period {
  return parsePeriod(localDate(instant, timeZone).slice(0, 7));
}

/** The period (`yyyy-MM`) a date or timestamp `yyyy-MM-dd…` belongs to; `where` names its source in the error. */
export function periodOf(date: string, where = 'date'): Period {
  if (dayNumber(date) === null) {
    throw new AppError('InvalidDate', `${where} is not a calendar date (yyyy-MM-dd): ${JSON.stringify(date)}`, {
      where,
      date,
    });
  }
  return parsePeriod(date.slice(0, 7), where);
}
