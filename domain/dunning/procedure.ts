import { ConfigError } from '../errors';
import type { Fen } from '../money';
import type { DunningLevel, DunningProcedure } from './types';

export const DEFAULT_MIN_DAYS_BETWEEN_LETTERS = 7;

/** The `dunning` section of the app config after zod parsing (money already in fen). */
export interface DunningConfigSection {
  graceDays: number;
  minBalanceForStatement: Fen;
  levels: {
    level: number;
    daysAfterDue: number;
    minOverdue: Fen;
    template: string;
    fee?: Fen;
    interestBpPerYear?: number;
    needsApproval?: boolean;
  }[];
  creditHold?: { atLevel?: number; overLimit?: boolean };
  minDaysBetweenLetters?: number;
  allowSkipLevels?: boolean;
}

/** Levels in ascending order; `validateProcedure` guarantees level numbers 1..n without gaps. */
export function sortedLevels(procedure: Pick<DunningProcedure, 'levels'>): DunningLevel[] {
  return [...procedure.levels].sort((a, b) => a.level - b.level);
}

export function finalLevel(procedure: Pick<DunningProcedure, 'levels'>): number {
  return procedure.levels.reduce((m, l) => Math.max(m, l.level), 0);
}

export function levelDef(procedure: Pick<DunningProcedure, 'levels'>, level: number): DunningLevel | undefined {
  return procedure.levels.find((l) => l.level === level);
}

/** Interest applying to a document at `level`: the rate of the highest level at or below it that sets one. */
export function interestRateAtLevel(procedure: Pick<DunningProcedure, 'levels'>, level: number): number {
  let rate = 0;
  for (const l of sortedLevels(procedure))
    if (l.level <= level && l.interestBpPerYear !== undefined) rate = l.interestBpPerYear;
  return rate;
}

/** Throws ConfigError naming the first inconsistency (levels must be 1..n, ages and amounts non-decreasing). */
export function validateProcedure(procedure: DunningProcedure): DunningProcedure {
  const levels = sortedLevels(procedure);
  const fail = (msg: string, ctx: Record<string, unknown> = {}): never => {
    throw new ConfigError(`dunning procedure: ${msg}`, ctx);
  };
  if (levels.length === 0) fail('at least one level is required');
  if (!Number.isInteger(procedure.graceDays) || procedure.graceDays < 0) fail('graceDays must be a whole number ≥ 0');
  if (!Number.isSafeInteger(procedure.minBalanceForStatementFen) || procedure.minBalanceForStatementFen < 0) {
    fail('minBalanceForStatement must be ≥ 0');
  }
  levels.forEach((l, i) => {
    if (l.level !== i + 1) fail(`levels must be numbered 1..${levels.length} without gaps`, { level: l.level });
    if (!Number.isInteger(l.daysAfterDue) || l.daysAfterDue < 0) fail(`level ${l.level}: daysAfterDue must be ≥ 0`);
    if (!Number.isSafeInteger(l.minOverdueFen) || l.minOverdueFen < 0) fail(`level ${l.level}: minOverdue must be ≥ 0`);
    if (l.feeFen !== undefined && (!Number.isSafeInteger(l.feeFen) || l.feeFen < 0)) fail(`level ${l.level}: bad fee`);
    if (l.interestBpPerYear !== undefined && (!Number.isInteger(l.interestBpPerYear) || l.interestBpPerYear < 0)) {
      fail(`level ${l.level}: interestBpPerYear must be a whole number ≥ 0`);
    }
    if (!l.template) fail(`level ${l.level}: template is required`);
    const prev = levels[i - 1];
    if (prev && l.daysAfterDue <= prev.daysAfterDue) {
      fail(`level ${l.level}: daysAfterDue must be greater than level ${prev.level}'s`, { level: l.level });
    }
  });
  const hold = procedure.creditHold;
  if (hold?.atLevel !== undefined && (hold.atLevel < 0 || hold.atLevel > levels.length)) {
    fail(`creditHold.atLevel must be between 0 and ${levels.length}`);
  }
  return procedure;
}

/** Builds (and validates) a procedure from the parsed `dunning` config section. */
export function procedureFromConfig(section: DunningConfigSection): DunningProcedure {
  return validateProcedure({
    graceDays: section.graceDays,
    minBalanceForStatementFen: section.minBalanceForStatement,
    levels: section.levels.map((l) => ({
      level: l.level,
      daysAfterDue: l.daysAfterDue,
      minOverdueFen: l.minOverdue,
      template: l.template,
      ...(l.fee !== undefined ? { feeFen: l.fee } : {}),
      ...(l.interestBpPerYear !== undefined ? { interestBpPerYear: l.interestBpPerYear } : {}),
      needsApproval: l.needsApproval ?? false,
    })),
    ...(section.minDaysBetweenLetters !== undefined ? { minDaysBetweenLetters: section.minDaysBetweenLetters } : {}),
    ...(section.allowSkipLevels !== undefined ? { allowSkipLevels: section.allowSkipLevels } : {}),
    creditHold: {
      overLimit: section.creditHold?.overLimit ?? true,
      ...(section.creditHold?.atLevel !== undefined ? { atLevel: section.creditHold.atLevel } : {}),
    },
  });
}
