import { describe, expect, it } from 'vitest';
import { AppError } from '../../../domain/errors';
import {
  addDays,
  dayNumber,
  dayOfWeek,
  daysBetween,
  dueDateOf,
  isIsoDate,
  isoFromDay,
  toDayNumber,
} from '../../../domain/calendar';

describe('ISO day arithmetic', () => {
  it('agrees with the JavaScript calendar: every day 2000–2040, every 31st day 1600–2400', () => {
    const check = (n: number): void => {
      const iso = new Date(n * 86_400_000).toISOString().slice(0, 10);
      if (isoFromDay(n) !== iso || toDayNumber(iso) !== n) throw new Error(`mismatch on ${iso} (${n})`);
    };
    for (let n = Date.UTC(2000, 0, 1) / 86_400_000; n <= Date.UTC(2040, 11, 31) / 86_400_000; n++) check(n);
    for (let n = Date.UTC(1600, 0, 1) / 86_400_000; n <= Date.UTC(2400, 11, 31) / 86_400_000; n += 31) check(n);
  });

  it('rejects dates that are not on the calendar or not yyyy-MM-dd', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2026-02-29')).toBe(false);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('2000-02-29')).toBe(true);
    expect(isIsoDate('2026-04-31')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-1-5')).toBe(false);
    expect(isIsoDate('2026-11-05T00:00')).toBe(false);
    expect(isIsoDate(20261105)).toBe(false);
    expect(dayNumber('')).toBeNull();
    expect(() => toDayNumber('31/12/2026')).toThrow(AppError);
  });

  it('adds and subtracts days across month, year and leap-day boundaries', () => {
    expect(addDays('2026-11-30', 1)).toBe('2026-12-01');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2024-03-01', -1)).toBe('2024-02-29');
    expect(addDays('2026-10-31', 92)).toBe('2027-01-31');
    expect(daysBetween('2026-10-31', '2027-01-31')).toBe(92);
    expect(daysBetween('2027-01-31', '2026-10-31')).toBe(-92);
  });
});

describe('day numbers of timestamp cells', () => {
  it('reads the date part of a timestamp, and refuses other shapes', () => {
    expect(dayNumber('1970-01-01')).toBe(0);
    expect(dayNumber('2024-03-01')! - dayNumber('2024-02-28')!).toBe(2);
    expect(dayNumber('2026-11-05T23:59:00+08:00')).toBe(dayNumber('2026-11-05'));
    expect(dayNumber('2026-11-05 08:00')).toBe(dayNumber('2026-11-05'));
    expect(dayNumber('2026-02-29')).toBeNull();
    expect(dayNumber('05/11/2026')).toBeNull();
    expect(dayNumber('2026-11-05x')).toBeNull();
  });
});

describe('days of the week and due dates', () => {
  it('names the weekday from the day number (1970-01-01 was a Thursday)', () => {
    expect(dayOfWeek('1970-01-01')).toBe(4);
    expect(dayOfWeek('2026-11-30')).toBe(1); // Monday
    expect(dayOfWeek('1969-12-28')).toBe(0); // Sunday, before day 0
  });

  it('a due date is the date plus the payment terms, across month and year ends', () => {
    expect(dueDateOf('2026-11-15', 30)).toBe('2026-12-15');
    expect(dueDateOf('2026-12-20', 30)).toBe('2027-01-19');
    expect(dueDateOf('2028-01-31', 29)).toBe('2028-02-29');
    expect(dueDateOf('2026-11-15', 0)).toBe('2026-11-15');
    expect(() => dueDateOf('2026-11-31', 30)).toThrow(/not a calendar date/);
  });
});
