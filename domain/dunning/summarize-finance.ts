import type { Fen } from '../money';
import { AGING_BUCKETS, emptyAgingBuckets, type AgingBuckets } from './compute-aging';
import type { StatementTotals } from './compute-statement';
import type { DealerReconciliation } from './reconcile-dealer';
import type { Dealer } from './types';

/** What one dealer's child workflow reports for the month: small, plain, mergeable. */
export interface DealerMonthResult {
  dealerId: string;
  region: string;
  heldBack: boolean;
  /** Problems found in the dealer's rows (held-back dealers). */
  problemCount: number;
  totals: StatementTotals;
  aging: AgingBuckets & { unappliedFen: Fen };
  statementSent: boolean;
  /** Levels of the letters actually sent this month (a dealer may climb more than once). */
  levelsSent: number[];
  disputed: boolean;
  creditHold: 'set' | 'lifted' | 'kept' | 'none';
  /** On credit hold at the end of the run. */
  onHold: boolean;
  interestChargedFen: Fen;
  feesChargedFen: Fen;
}

export interface FinanceTotals extends StatementTotals {
  dealers: number;
  heldBack: number;
  statementsSent: number;
  aging: AgingBuckets & { unappliedFen: Fen };
  /** Letters sent per level, keyed by level number. */
  levelsSent: Record<string, number>;
  disputes: number;
  holdsSet: number;
  holdsLifted: number;
  onHold: number;
  interestChargedFen: Fen;
  feesChargedFen: Fen;
}

/** 经销商往来账目月统计报表: overall and per region. */
export interface FinanceSummary {
  overall: FinanceTotals;
  byRegion: Record<string, FinanceTotals>;
}

export function emptyTotals(): FinanceTotals {
  return {
    dealers: 0,
    heldBack: 0,
    statementsSent: 0,
    openingFen: 0,
    shipmentsFen: 0,
    paymentsFen: 0,
    creditsFen: 0,
    feesFen: 0,
    closingFen: 0,
    aging: { ...emptyAgingBuckets(), unappliedFen: 0 },
    levelsSent: {},
    disputes: 0,
    holdsSet: 0,
    holdsLifted: 0,
    onHold: 0,
    interestChargedFen: 0,
    feesChargedFen: 0,
  };
}

export function emptySummary(): FinanceSummary {
  return { overall: emptyTotals(), byRegion: {} };
}

const MONEY_KEYS = ['openingFen', 'shipmentsFen', 'paymentsFen', 'creditsFen', 'feesFen', 'closingFen'] as const;
const COUNT_KEYS = ['dealers', 'heldBack', 'statementsSent', 'disputes', 'holdsSet', 'holdsLifted', 'onHold'] as const;

export function mergeTotals(a: FinanceTotals, b: FinanceTotals): FinanceTotals {
  const out = emptyTotals();
  for (const k of [...MONEY_KEYS, ...COUNT_KEYS, 'interestChargedFen', 'feesChargedFen'] as const) out[k] = a[k] + b[k];
  for (const k of [...AGING_BUCKETS.map((bucket) => bucket.key), 'unappliedFen'] as const)
    out.aging[k] = a.aging[k] + b.aging[k];
  for (const src of [a.levelsSent, b.levelsSent]) {
    for (const [level, n] of Object.entries(src)) out.levelsSent[level] = (out.levelsSent[level] ?? 0) + n;
  }
  return out;
}

function totalsOf(r: DealerMonthResult): FinanceTotals {
  const t = emptyTotals();
  t.dealers = 1;
  if (r.heldBack) {
    t.heldBack = 1;
    return t;
  }
  for (const k of MONEY_KEYS) t[k] = r.totals[k];
  t.aging = { ...r.aging };
  for (const level of r.levelsSent) t.levelsSent[String(level)] = (t.levelsSent[String(level)] ?? 0) + 1;
  t.statementsSent = r.statementSent ? 1 : 0;
  t.disputes = r.disputed ? 1 : 0;
  t.holdsSet = r.creditHold === 'set' ? 1 : 0;
  t.holdsLifted = r.creditHold === 'lifted' ? 1 : 0;
  t.onHold = r.onHold ? 1 : 0;
  t.interestChargedFen = r.interestChargedFen;
  t.feesChargedFen = r.feesChargedFen;
  return t;
}

/**
 * Merges two partial summaries. Associative and commutative with emptySummary() as identity, so the
 * parent workflow can fold per-batch summaries in any grouping without holding all dealers.
 */
export function mergeSummaries(a: FinanceSummary, b: FinanceSummary): FinanceSummary {
  const byRegion: Record<string, FinanceTotals> = { ...a.byRegion };
  for (const [region, t] of Object.entries(b.byRegion))
    byRegion[region] = mergeTotals(byRegion[region] ?? emptyTotals(), t);
  return { overall: mergeTotals(a.overall, b.overall), byRegion };
}

/** Held-back dealers count as dealers and as held back; their money is not in the totals (it was not reconciled). */
export function summarizeFinance(results: readonly DealerMonthResult[]): FinanceSummary {
  let summary = emptySummary();
  for (const r of results) {
    const t = totalsOf(r);
    summary = mergeSummaries(summary, { overall: t, byRegion: { [r.region || '—']: t } });
  }
  return summary;
}

/** What the child did with the reconciliation, as reported back to build its month result. */
export interface DealerMonthOutcome {
  statementSent: boolean;
  levelsSent: number[];
  creditHold: DealerMonthResult['creditHold'];
  onHold: boolean;
  disputed: boolean;
  interestChargedFen: Fen;
  feesChargedFen: Fen;
}

export function toMonthResult(
  dealer: Pick<Dealer, 'dealerId' | 'region'>,
  rec: Pick<DealerReconciliation, 'statement' | 'aging'>,
  outcome: DealerMonthOutcome,
): DealerMonthResult {
  const s = rec.statement;
  const { current, d1to30, d31to60, d61to90, over90, unappliedFen } = rec.aging;
  return {
    dealerId: dealer.dealerId,
    region: dealer.region,
    heldBack: false,
    problemCount: 0,
    totals: {
      openingFen: s.openingFen,
      shipmentsFen: s.shipmentsFen,
      paymentsFen: s.paymentsFen,
      creditsFen: s.creditsFen,
      feesFen: s.feesFen,
      closingFen: s.closingFen,
    },
    aging: { current, d1to30, d31to60, d61to90, over90, unappliedFen },
    ...outcome,
    levelsSent: [...outcome.levelsSent],
  };
}

export function heldBackResult(dealer: Pick<Dealer, 'dealerId' | 'region'>, problemCount: number): DealerMonthResult {
  const zero = emptyTotals();
  return {
    dealerId: dealer.dealerId,
    region: dealer.region,
    heldBack: true,
    problemCount,
    totals: { openingFen: 0, shipmentsFen: 0, paymentsFen: 0, creditsFen: 0, feesFen: 0, closingFen: 0 },
    aging: zero.aging,
    statementSent: false,
    levelsSent: [],
    disputed: false,
    creditHold: 'none',
    onHold: false,
    interestChargedFen: 0,
    feesChargedFen: 0,
  };
}
