/** A period's first and last day. Pure: safe in workflows. */
import { periodParts, type Period } from './period';

/** Inclusive ISO dates `yyyy-MM-dd`, e.g. a period's bounds or a statement's from..to. */
export interface DateRange {
  from: string;
  to: string;
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** Days in a month (1–12) of a year, leap years included. */
export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** The first day (yyyy-MM-dd) of a period. */
export function firstDayOf(period: Period): string {
  periodParts(period);
  return `${period}-01`;
}

/** The last day (yyyy-MM-dd) of a period: lastDayOf('2024-02') = '2024-02-29'. */
export function lastDayOf(period: Period): string {
  const { year, month } = periodParts(period);
  return `${period}-${String(daysInMonth(year, month)).padStart(2, '0')}`;
}

/** `2026-11` → 2026-11-01 … 2026-11-30. */
export function periodBounds(period: Period): DateRange {
  return { from: firstDayOf(period), to: lastDayOf(period) };
}
