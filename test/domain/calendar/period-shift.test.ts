import { describe, expect, it } from 'vitest';
import {
  firstDayOf,
  lastDayOf,
  localPeriod,
  parsePeriod,
  periodBounds,
  periodOf,
  PeriodError,
  previousPeriod,
  shiftPeriod,
  windowMonths,
  type Period,
} from '../../../domain/calendar';

const P = (text: string): Period => parsePeriod(text);

describe('period shifts', () => {
  it('shift across year ends, both ways, by more than a year', () => {
    expect(shiftPeriod(P('2026-01'), -1)).toBe('2025-12');
    expect(shiftPeriod(P('2026-12'), 1)).toBe('2027-01');
    expect(shiftPeriod(P('2026-11'), 0)).toBe('2026-11');
    expect(shiftPeriod(P('2026-11'), 14)).toBe('2028-01');
    expect(shiftPeriod(P('2026-02'), -26)).toBe('2023-12');
    expect(shiftPeriod(P('2026-03'), -40)).toBe('2022-11');
    expect(previousPeriod(P('2026-01'))).toBe('2025-12');
  });

  it('a report window is the month and the months before it, oldest first, across the year end', () => {
    expect(windowMonths(P('2026-02'), 6)).toEqual([
      '2025-08',
      '2025-09',
      '2025-10',
      '2025-11',
      '2025-12',
      '2026-01',
      '2026-02',
    ]);
    expect(windowMonths(P('2026-11'), 0)).toEqual(['2026-11']);
  });

  it('refuses to shift a value that is not a period', () => {
    expect(() => shiftPeriod('2026-13' as Period, 1)).toThrow(PeriodError);
  });
});

describe('month ends', () => {
  it('knows 28, 29, 30 and 31-day months, leap years by the Gregorian rule', () => {
    expect(lastDayOf(P('2026-02'))).toBe('2026-02-28');
    expect(lastDayOf(P('2028-02'))).toBe('2028-02-29');
    expect(lastDayOf(P('2100-02'))).toBe('2100-02-28'); // divisible by 100, not by 400
    expect(lastDayOf(P('2000-02'))).toBe('2000-02-29'); // divisible by 400
    expect(lastDayOf(P('2026-04'))).toBe('2026-04-30');
    expect(lastDayOf(P('2026-12'))).toBe('2026-12-31');
    expect(firstDayOf(P('2026-12'))).toBe('2026-12-01');
    expect(periodBounds(P('2026-11'))).toEqual({ from: '2026-11-01', to: '2026-11-30' });
  });
});

describe('the period of a date or an instant', () => {
  it('takes the period of a date, refusing a date that does not exist and naming the source', () => {
    expect(periodOf('2026-11-30')).toBe('2026-11');
    expect(periodOf('2026-11-30T23:59:59')).toBe('2026-11');
    expect(() => periodOf('2026-02-30', 'openedOn')).toThrow(/^openedOn is not a calendar date/);
  });

  it('takes the local period in the company zone: 30 Nov 17:00 UTC is December in Shanghai', () => {
    expect(localPeriod(Date.parse('2026-11-30T17:00:00Z'), 'Asia/Shanghai')).toBe('2026-12');
    expect(localPeriod(Date.parse('2026-11-30T17:00:00Z'), 'UTC')).toBe('2026-11');
  });
});
