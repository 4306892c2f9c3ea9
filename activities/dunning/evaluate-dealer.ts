/**
 * One look at one dealer: the domain's reconcileDealer over the dealer's ledger and persisted dunning state,
 * stored whole in the work store; the workflow gets back only small facts (balances, the decision, the keys that
 * make its effects idempotent) and DataRefs of the statement / letter template data.
 */
import { createHash } from 'node:crypto';
import {
  isDunningBlocked,
  openDisputes,
  reconcileDealer,
  type Dealer,
  type DealerReconciliation,
  type DealerTransaction,
  type DunningProcedure,
  type Period,
} from '../../domain/dunning';
import type { DataRef } from '../archive/types';
import { buildLetterData, buildStatementData } from './build-document-data';
import type { StoredDunningState } from './dunning-state-store';
import type { DealerFacts } from './types';

/** dealer + level + the documents that climb: the same letter is the same key in any run, on any day. */
export function letterKeyOf(level: number, docNos: readonly string[]): string {
  const docs = [...docNos].sort().join('\n');
  return `L${level}-${createHash('sha256').update(docs).digest('hex').slice(0, 16)}`;
}

export interface EvaluateInput {
  dealer: Dealer;
  ledger: readonly DealerTransaction[];
  stored: StoredDunningState;
  procedure: DunningProcedure;
  period: Period;
  periodKey: string;
  asOf: string;
  companyName: string;
  /** Days the dealer is given to pay in a letter. */
  payWithinDays?: number;
}

export async function evaluateDealer(
  input: EvaluateInput,
  work: { putJson(value: unknown): Promise<DataRef> },
  opts: { withStatement: boolean },
): Promise<DealerFacts> {
  const { dealer, procedure } = input;
  const rec: DealerReconciliation = reconcileDealer({
    dealer,
    transactions: input.ledger,
    state: input.stored.state,
    procedure,
    period: input.period,
    asOf: input.asOf,
  });
  const d = rec.decision;
  const advanced = d.items.filter((i) => i.advanced).map((i) => i.docNo);
  const letterKey = d.action === 'send' && d.level !== undefined ? letterKeyOf(d.level, advanced) : undefined;
  const recRef = await work.putJson(rec);
  let statementDataRef: DataRef | undefined;
  if (opts.withStatement && rec.statementNeeded) {
    statementDataRef = await work.putJson(
      buildStatementData(dealer, rec, { companyName: input.companyName, period: input.periodKey }),
    );
  }
  const letterDataRef =
    letterKey !== undefined
      ? await work.putJson(
          buildLetterData(dealer, rec, {
            companyName: input.companyName,
            procedure,
            payWithinDays: input.payWithinDays ?? 7,
          }),
        )
      : undefined;
  const payments = rec.allocation.credits
    .filter((c) => c.type === 'payment')
    .sort((a, b) => (a.date < b.date ? -1 : 1));
  const last = payments[payments.length - 1];
  return {
    dealerId: dealer.dealerId,
    name: dealer.name,
    email: dealer.email,
    region: dealer.region,
    asOf: input.asOf,
    recRef,
    stateVersion: input.stored.version,
    statementNeeded: rec.statementNeeded,
    ...(statementDataRef ? { statementDataRef, statementKey: statementDataRef.sha256.slice(0, 16) } : {}),
    ...(letterDataRef ? { letterDataRef } : {}),
    ...(opts.withStatement
      ? {
          month: monthFigures(rec),
        }
      : {}),
    closingFen: rec.statement.closingFen,
    openFen: rec.allocation.openFen,
    overdueFen: d.overdueFen,
    dunnableFen: d.dunnableFen,
    ...(last ? { lastPayment: { date: last.date, docNo: last.docNo, amountFen: last.amountFen } } : {}),
    decision: decisionFacts(d, letterKey, advanced.length),
    ...(rec.interestCharge
      ? { interestCharge: { docNo: rec.interestCharge.docNo, amountFen: rec.interestCharge.amountFen } }
      : {}),
    onHold: dealer.creditHold,
    systemHold: rec.state.creditHold !== undefined,
    openDisputes: openDisputes(rec.state).map((x) => ({ id: x.id, openedOn: x.openedOn })),
    blocked: isDunningBlocked(dealer, rec.state, input.asOf),
  };
}

/** The month's statement totals and aging, for the finance report (first look only). */
function monthFigures(rec: DealerReconciliation): NonNullable<DealerFacts['month']> {
  return {
    totals: {
      openingFen: rec.statement.openingFen,
      shipmentsFen: rec.statement.shipmentsFen,
      paymentsFen: rec.statement.paymentsFen,
      creditsFen: rec.statement.creditsFen,
      feesFen: rec.statement.feesFen,
      closingFen: rec.statement.closingFen,
    },
    aging: {
      current: rec.aging.current,
      d1to30: rec.aging.d1to30,
      d31to60: rec.aging.d31to60,
      d61to90: rec.aging.d61to90,
      over90: rec.aging.over90,
      unappliedFen: rec.aging.unappliedFen,
    },
  };
}

/** The decision as the workflow needs it: small facts, the reconciliation stays in the work store. */
function decisionFacts(
  d: DealerReconciliation['decision'],
  letterKey: string | undefined,
  docCount: number,
): DealerFacts['decision'] {
  return {
    action: d.action,
    reason: d.reason,
    ...(d.level !== undefined ? { level: d.level } : {}),
    ...(d.template !== undefined ? { template: d.template } : {}),
    ...(letterKey ? { letterKey } : {}),
    needsApproval: d.needsApproval,
    approvalReasons: d.approvalReasons,
    ...(d.nextReviewOn ? { nextReviewOn: d.nextReviewOn } : {}),
    docCount,
    feeFen: d.fee?.amountFen ?? 0,
    creditHold: d.creditHold,
  };
}
