// Form values a person types on a decision page, checked by the workflow's Update validator (pure function).
import { describe, expect, it } from 'vitest';
import { validateFormFields, type FormField } from '../../../workflows/lib/decision-types';

const receivedOn: FormField = {
  name: 'receivedOn',
  label: '收货日期',
  type: 'date',
  minDate: '2026-11-02',
  notAfterTodayIn: 'Asia/Shanghai',
};
// 2026-11-30T16:30Z is already 1 December in Shanghai.
const now = Date.parse('2026-11-30T16:30:00Z');

describe('validateFormFields, date fields', () => {
  it('takes a business date between the minimum and today in the company time zone', () => {
    expect(validateFormFields([receivedOn], { receivedOn: '2026-11-02' }, now)).toEqual({
      ok: true,
      values: { receivedOn: '2026-11-02' },
    });
    expect(validateFormFields([receivedOn], { receivedOn: '2026-12-01' }, now)).toMatchObject({ ok: true });
    // Left empty: not required, no value (the workflow uses the decision's own date).
    expect(validateFormFields([receivedOn], { receivedOn: ' ' }, now)).toEqual({ ok: true, values: {} });
  });

  it('refuses a date before the minimum, after today, or not a calendar date', () => {
    expect(validateFormFields([receivedOn], { receivedOn: '2026-11-01' }, now)).toEqual({
      ok: false,
      problems: ['收货日期: before 2026-11-02'],
    });
    expect(validateFormFields([receivedOn], { receivedOn: '2026-12-02' }, now)).toEqual({
      ok: false,
      problems: ['收货日期: after today (2026-12-01)'],
    });
    for (const bad of ['2026-13-01', '2026-11-31', '2026-02-30', '30/11/2026'])
      expect(validateFormFields([receivedOn], { receivedOn: bad }, now)).toMatchObject({ ok: false });
  });
});
