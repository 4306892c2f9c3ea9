import { describe, expect, it } from 'vitest';
import { isPeriod, parsePeriod, PeriodError, periodParts, type Period } from '../../../domain/calendar';
import { AppError } from '../../../domain/errors';

describe('parsePeriod: the one rule for yyyy-MM', () => {
  it('accepts every month 01–12 and returns the same text, branded', () => {
    for (let m = 1; m <= 12; m++) {
      const text = `2026-${String(m).padStart(2, '0')}`;
      const p: Period = parsePeriod(text);
      expect(p).toBe(text);
      expect(periodParts(p)).toEqual({ year: 2026, month: m });
    }
  });

  it('refuses a month out of range: 2026-13 and 2026-00', () => {
    for (const bad of ['2026-13', '2026-00', '2026-99']) {
      expect(isPeriod(bad)).toBe(false);
      expect(() => parsePeriod(bad)).toThrow(PeriodError);
    }
  });

  it('refuses anything that is not exactly yyyy-MM', () => {
    for (const bad of [
      '2026-1',
      '26-11',
      '2026/11',
      '2026-11-01',
      ' 2026-11',
      '2026-11 ',
      '202611',
      '二〇二六-11',
      '',
    ]) {
      expect(isPeriod(bad), bad).toBe(false);
      expect(() => parsePeriod(bad), bad).toThrow(PeriodError);
    }
    for (const bad of [undefined, null, 202611, new Date(Date.UTC(2026, 10, 1))]) {
      expect(isPeriod(bad)).toBe(false);
      expect(() => parsePeriod(bad)).toThrow(PeriodError);
    }
  });

  it('names where the bad value came from, with the value and an example, as a typed AppError', () => {
    const err = (() => {
      try {
        parsePeriod('2026-13', '--period');
      } catch (e) {
        return e;
      }
    })() as PeriodError;
    expect(err).toBeInstanceOf(AppError);
    expect(err.code).toBe('InvalidPeriod');
    expect(err.where).toBe('--period');
    expect(err.value).toBe('2026-13');
    expect(err.message).toBe('--period must look like 2026-11 (yyyy-MM, month 01–12), got "2026-13"');
    expect(err.context).toEqual({ where: '--period', value: '2026-13' });
    expect(() => parsePeriod('2026/11', 'config stocktake.period')).toThrow(/^config stocktake\.period must look like/);
    expect(() => parsePeriod(undefined)).toThrow(/^period must look like 2026-11 .*got undefined$/);
  });

  it('checks a Period again when it comes back from JSON (history, archived data)', () => {
    const stale = JSON.parse('"2026-13"') as Period;
    expect(() => periodParts(stale)).toThrow(PeriodError);
  });
});
