import type { LedgerLine, ToleranceConfig, ToleranceRule } from './types';

export type ToleranceRuleName = 'absQty' | 'percent' | 'value';

export interface ResolvedTolerance {
  rule: ToleranceRule;
  /** Which config entries contributed, most general first, e.g. ['default', 'category:紧固件']. */
  sources: string[];
}

function pick(rule: ToleranceRule | undefined): ToleranceRule {
  const out: ToleranceRule = {};
  if (!rule) return out;
  if (rule.absQty !== undefined && rule.absQty !== null) out.absQty = rule.absQty;
  if (rule.percent !== undefined && rule.percent !== null) out.percent = rule.percent;
  if (rule.valueFen !== undefined && rule.valueFen !== null) out.valueFen = rule.valueFen;
  return out;
}

/** Field-wise merge: default ← warehouse ← category. */
export function resolveTolerance(
  line: Pick<LedgerLine, 'warehouse' | 'category'>,
  config: ToleranceConfig,
): ResolvedTolerance {
  const sources = ['default'];
  let rule = pick(config.default);
  const wh = config.byWarehouse?.[line.warehouse];
  if (wh) {
    rule = { ...rule, ...pick(wh) };
    sources.push(`warehouse:${line.warehouse}`);
  }
  const cat = line.category ? config.byCategory?.[line.category] : undefined;
  if (cat) {
    rule = { ...rule, ...pick(cat) };
    sources.push(`category:${line.category}`);
  }
  return { rule, sources };
}

/** The limits a variance exceeds, in a fixed order (empty = within tolerance). */
export function trippedRules(
  varianceQty: number,
  valueFen: number,
  bookQty: number,
  rule: ToleranceRule,
): ToleranceRuleName[] {
  if (varianceQty === 0) return [];
  const out: ToleranceRuleName[] = [];
  const absVar = Math.abs(varianceQty);
  if (rule.absQty !== undefined && absVar > rule.absQty) out.push('absQty');
  if (rule.percent !== undefined) {
    // Integer comparison in basis points: |v| × 10000 > percent(bp) × |book|; a zero book always trips.
    const bp = Math.round(rule.percent * 100);
    if (absVar * 10000 > bp * Math.abs(bookQty)) out.push('percent');
  }
  if (rule.valueFen !== undefined && Math.abs(valueFen) > rule.valueFen) out.push('value');
  return out;
}
