import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, fromEpochDay, isIsoDate, toEpochDay, tryEpochDay } from '../../../domain/dunning';
import { AppError } from '../../../domain/errors';

describe('ISO day arithmetic', () => {
  it('agrees with the JavaScript calendar: every day 2000–2040, every 31st day 1600–2400', () => {
    const check = (n: number): void => {
      const iso = new Date(n * 86_400_000).toISOString().slice(0, 10);
      if (fromEpochDay(n) !== iso || toEpochDay(iso) !== n) throw new Error(`mismatch on ${iso} (${n})`);
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
    expect(tryEpochDay('')).toBeNull();
    expect(() => toEpochDay('31/12/2026')).toThrow(AppError);
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
