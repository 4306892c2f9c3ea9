import { localDate, periodOf } from './local-date';
import type { Period } from './period';
import { shiftPeriod } from './period-shift';
import { lastWorkingDayOfMonth, type WorkCalendar } from './working-days';

/** 'last-working-day': act only on the month's last working day; 'every-run': act whenever the schedule fires. */
export type MonthlyRunRule = 'last-working-day' | 'every-run';

export interface MonthlyRunQuestion {
  /** The instant the schedule meant to fire (its scheduled time, not a late start). */
  instant: Date | number;
  timeZone: string;
  calendar: WorkCalendar;
  rule: MonthlyRunRule;
  /** Which period the run is for, relative to the local month of `instant`: 0 this month, -1 the month before. */
  periodOffset: number;
}

export interface MonthlyRunDecision {
  /** Local date of `instant` in the company time zone. */
  localDate: string;
  /** The period the started workflows are for. */
  period: Period;
  act: boolean;
  /** Why (for the trigger's result and the logs), in English. */
  reason: string;
  /** For 'last-working-day': the month's last working day, or null if the calendar has none. */
  lastWorkingDay?: string | null;
}

/**
 * Decides whether a monthly schedule should start its workflows now and for which period. The schedule fires
 * daily (Temporal calendars cannot say "last working day of the month"); this function says yes on exactly one
 * of those days. The local date is taken in the company's time zone: 2026-11-30T17:00Z is already 1 December in
 * Shanghai.
 */
export function decideMonthlyRun(q: MonthlyRunQuestion): MonthlyRunDecision {
  const today = localDate(q.instant, q.timeZone);
  const period = shiftPeriod(periodOf(today), q.periodOffset);
  if (q.rule === 'every-run') return { localDate: today, period, act: true, reason: 'runs every time it fires' };
  const last = lastWorkingDayOfMonth(periodOf(today), q.calendar);
  if (last === today) {
    return { localDate: today, period, act: true, reason: `${today} is the last working day`, lastWorkingDay: last };
  }
  const reason =
    last === null
      ? `${periodOf(today)} has no working day in the configured calendar`
      : `${today} is not the last working day (that is ${last})`;
  return { localDate: today, period, act: false, reason, lastWorkingDay: last };
}
