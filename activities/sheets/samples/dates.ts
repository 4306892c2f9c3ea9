import type { PeriodInfo } from './types';

/** Calendar dates as UTC midnight: exceljs writes a Date's UTC wall clock into the cell. */
export function utcDate(y: number, m: number, d: number): Date {
  return new Date(Date.UTC(y, m - 1, d));
}

export function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * 86_400_000);
}

export function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

export function parsePeriod(period: string): PeriodInfo {
  const m = /^(\d{4})-(\d{2})$/.exec(period);
  if (!m || Number(m[2]) < 1 || Number(m[2]) > 12)
    throw new Error(`period must look like 2026-11, got ${JSON.stringify(period)}`);
  return { period, year: Number(m[1]), month: Number(m[2]) };
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
