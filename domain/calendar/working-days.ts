/**
 * Working days of the company calendar: Monday–Friday, minus configured public holidays (法定节假日), plus
 * configured extra workdays (调休上班, usually a Saturday or Sunday next to a holiday). Pure: dates are ISO
 * `yyyy-MM-dd` strings and all arithmetic is on day numbers, so the answer is the same in a workflow, an
 * activity and a test. The Chinese holiday list changes every year (announced by the State Council each
 * autumn), which is why it comes from config (`calendar.holidays`, `calendar.extraWorkdays`), not from code.
 */
import { addDays, dayOfWeek, isIsoDate, toDayNumber } from './day-number';
import { periodOf } from './local-date';
import { lastDayOf } from './month-end';
import type { Period } from './period';

export interface WorkCalendar {
  /** Days off that would otherwise be working days, ISO dates. */
  holidays: readonly string[];
  /** Weekend days that are working days, ISO dates. */
  extraWorkdays: readonly string[];
}

/** Extra workdays win over weekends; holidays remove weekdays. */
export function isWorkingDay(date: string, cal: WorkCalendar): boolean {
  toDayNumber(date);
  if (cal.extraWorkdays.includes(date)) return true;
  if (cal.holidays.includes(date)) return false;
  const dow = dayOfWeek(date);
  return dow !== 0 && dow !== 6;
}

/** The last working day of a period, or null when the calendar leaves no working day in it at all. */
export function lastWorkingDayOfMonth(period: Period, cal: WorkCalendar): string | null {
  const first = `${period}-01`;
  for (let date = lastDayOf(period); date >= first; date = addDays(date, -1)) {
    if (isWorkingDay(date, cal)) return date;
  }
  return null;
}

export function isLastWorkingDayOfMonth(date: string, cal: WorkCalendar): boolean {
  return lastWorkingDayOfMonth(periodOf(date), cal) === date;
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
