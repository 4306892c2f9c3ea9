import type { PeriodInfo } from './types';
import { parsePeriod, periodParts } from '../../../domain/calendar';

/** Calendar dates as UTC midnight: exceljs writes a Date's UTC wall clock into the cell. */
export function utcDate(y: number, m: number, d: number): Date {
  return new Date(Date.UTC(y, m - 1, d));
}

export function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * 86_400_000);
}

/** The year and month of a period (parsed by the calendar's one parser). */
export function periodInfo(period: string): PeriodInfo {
  const p = parsePeriod(period, 'sample period');
  return { period: p, ...periodParts(p) };
}

/** The period and the `n` months before it, oldest first, as { year, month }. */
export function monthList(p: PeriodInfo, n: number): { year: number; month: number }[] {
  const out: { year: number; month: number }[] = [];
  for (let i = n; i >= 0; i--) {
    const total = p.year * 12 + (p.month - 1) - i;
    out.push({ year: Math.floor(total / 12), month: (total % 12) + 1 });
  }
  return out;
}

/** Same as monthList, as "yyyy-MM" strings. */
export function monthsBack(p: PeriodInfo, n: number): string[] {
  return monthList(p, n).map(({ year, month }) => `${year}-${String(month).padStart(2, '0')}`);
}

export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);
