/**
 * The accounting period (`yyyy-MM`, month 01–12) as a branded string. A `Period` is made only by `parsePeriod` (or
 * by the calendar's own arithmetic on periods), at the edges where text comes in — CLI flags, schedules, web
 * routes, config and sheet reads, a workflow's start input — and is carried typed inward from there, so no other
 * module tests a period's shape again. Pure: safe in workflows.
 */
import { AppError } from '../errors';

export type Period = string & { readonly __brand: 'Period' };

const PERIOD = /^(\d{4})-(0[1-9]|1[0-2])$/;

/** A value that is not a `yyyy-MM` period; `where` names where it came from (a CLI flag, a config key, a cell). */
export class PeriodError extends AppError {
  constructor(
    readonly where: string,
    readonly value: unknown,
  ) {
    super('InvalidPeriod', `${where} must look like 2026-11 (yyyy-MM, month 01–12), got ${show(value)}`, {
      where,
      value,
    });
  }
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

/** True for an accounting period written `yyyy-MM` with a month 01–12. */
export function isPeriod(value: unknown): value is Period {
  return typeof value === 'string' && PERIOD.test(value);
}

/** The period `text` names; throws a PeriodError naming `where` (default "period") when it is not one. */
export function parsePeriod(text: unknown, where = 'period'): Period {
  if (!isPeriod(text)) throw new PeriodError(where, text);
  return text;
}

/** Year and month (1–12) of a period; checked again because a Period may come back from JSON (workflow history). */
export function periodParts(period: Period): { year: number; month: number } {
  const p = parsePeriod(period);
  return { year: Number(p.slice(0, 4)), month: Number(p.slice(5, 7)) };
}

/** The period of a year and month (1–12). */
export function periodFrom(year: number, month: number): Period {
  return parsePeriod(`${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`);
}
