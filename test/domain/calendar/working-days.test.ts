import { describe, expect, it } from 'vitest';
import {
  addDays,
  calendarProblems,
  decideMonthlyRun,
  isLastWorkingDayOfMonth,
  isWorkingDay,
  lastWorkingDayOfMonth,
  localDate,
  parsePeriod,
  PeriodError,
  type Period,
  type WorkCalendar,
} from '../../../domain/calendar';

const plain: WorkCalendar = { holidays: [], extraWorkdays: [] };
const P = (text: string): Period => parsePeriod(text);

describe('last working day of the month', () => {
  it('February in a leap year ends on the 29th when that is a weekday', () => {
    expect(lastWorkingDayOfMonth(P('2028-02'), plain)).toBe('2028-02-29'); // Tuesday
    expect(isLastWorkingDayOfMonth('2028-02-28', plain)).toBe(false);
  });

  it('February in a common year ending on a Sunday falls back to Friday the 26th', () => {
    expect(lastWorkingDayOfMonth(P('2027-02'), plain)).toBe('2027-02-26');
    // 2100 is not a leap year (divisible by 100, not by 400): 28 Feb 2100 is a Sunday too.
    expect(lastWorkingDayOfMonth(P('2100-02'), plain)).toBe('2100-02-26');
  });

  it('a month ending on a weekend ends on the Friday before', () => {
    expect(lastWorkingDayOfMonth(P('2026-10'), plain)).toBe('2026-10-30'); // 31 Oct 2026 is a Saturday
    expect(lastWorkingDayOfMonth(P('2027-01'), plain)).toBe('2027-01-29'); // 31 Jan 2027 is a Sunday
    expect(lastWorkingDayOfMonth(P('2026-11'), plain)).toBe('2026-11-30'); // Monday
  });

  it('configured holidays on the last weekdays move it earlier', () => {
    const cal = { holidays: ['2027-04-29', '2027-04-30'], extraWorkdays: [] };
    expect(lastWorkingDayOfMonth(P('2027-04'), cal)).toBe('2027-04-28');
    expect(isWorkingDay('2027-04-30', cal)).toBe(false);
  });

  it('an extra workday (调休) on the last Saturday makes that Saturday the last working day', () => {
    const cal = { holidays: [], extraWorkdays: ['2026-10-31'] };
    expect(isWorkingDay('2026-10-31', cal)).toBe(true);
    expect(lastWorkingDayOfMonth(P('2026-10'), cal)).toBe('2026-10-31');
    expect(isLastWorkingDayOfMonth('2026-10-30', cal)).toBe(false);
  });

  it('a Spring Festival week at the end of January reaches back past it', () => {
    const cal = {
      holidays: ['2028-01-25', '2028-01-26', '2028-01-27', '2028-01-28', '2028-01-31'],
      extraWorkdays: [],
    };
    expect(lastWorkingDayOfMonth(P('2028-01'), cal)).toBe('2028-01-24');
  });

  it('says null when the calendar leaves no working day, and refuses malformed input', () => {
    const all = Array.from({ length: 28 }, (_, i) => addDays('2027-02-01', i));
    expect(lastWorkingDayOfMonth(P('2027-02'), { holidays: all, extraWorkdays: [] })).toBeNull();
    expect(() => lastWorkingDayOfMonth('2027-13' as Period, plain)).toThrow(PeriodError);
    expect(() => isWorkingDay('2027-02-30', plain)).toThrow(/not a calendar date/);
  });
});

describe('time zones and configured calendars', () => {
  it('takes the local date in the company time zone, not UTC', () => {
    expect(localDate(Date.parse('2026-11-30T16:30:00Z'), 'Asia/Shanghai')).toBe('2026-12-01');
    expect(localDate(Date.parse('2026-11-30T15:59:00Z'), 'Asia/Shanghai')).toBe('2026-11-30');
    expect(localDate(Date.parse('2026-11-30T16:30:00Z'), 'UTC')).toBe('2026-11-30');
  });

  it('flags a day listed as both holiday and extra workday, and malformed dates', () => {
    expect(calendarProblems({ holidays: ['2026-10-01'], extraWorkdays: [] })).toEqual([]);
    expect(calendarProblems({ holidays: ['2026-10-10'], extraWorkdays: ['2026-10-10'] })).toEqual([
      'calendar: 2026-10-10 is listed both in holidays and in extraWorkdays',
    ]);
    expect(calendarProblems({ holidays: ['2026-02-30'], extraWorkdays: [] })[0]).toMatch(/calendar.holidays.0/);
  });
});

describe('decideMonthlyRun', () => {
  const base = { timeZone: 'Asia/Shanghai', calendar: plain, periodOffset: 0 } as const;

  it('acts on the last working day at 08:00 Shanghai and not on the day after', () => {
    const yes = decideMonthlyRun({ ...base, rule: 'last-working-day', instant: Date.parse('2026-11-30T00:00:00Z') });
    expect(yes).toMatchObject({ act: true, localDate: '2026-11-30', period: '2026-11' });
    const no = decideMonthlyRun({ ...base, rule: 'last-working-day', instant: Date.parse('2026-11-30T17:00:00Z') });
    expect(no).toMatchObject({ act: false, localDate: '2026-12-01', period: '2026-12', lastWorkingDay: '2026-12-31' });
    expect(no.reason).toContain('not the last working day');
  });

  it('runs the month before when the offset is -1, across the year end', () => {
    const d = decideMonthlyRun({
      ...base,
      rule: 'every-run',
      periodOffset: -1,
      instant: Date.parse('2027-01-05T00:00:00Z'),
    });
    expect(d).toMatchObject({ act: true, localDate: '2027-01-05', period: '2026-12' });
  });
});
