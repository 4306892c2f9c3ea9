import { accrueInterest, type InterestResult } from './accrue-interest';
import { allocatePayments, type Allocation } from './allocate-payments';
import { buildCharges, chargeDate, interestDocNo, isChargeDocNo, periodKeyOf } from './build-charges';
import { computeAging, type Aging } from './compute-aging';
import { computeStatement, needsStatement, type Statement } from './compute-statement';
import { disputeRanges } from './dealer-status';
import { decideDunning, type DunningDecision } from './decide-dunning';
import { pruneSettled, recordInterest, removeBlocks, syncCreditHold } from './dunning-state';
import { interestRateAtLevel } from './procedure';
import type { Dealer, DealerDunningState, DealerTransaction, DunningProcedure, Period } from './types';

export interface ReconcileInput {
  dealer: Dealer;
  /** The dealer's valid ledger rows (see partitionByValidity); other dealers' rows are ignored. */
  transactions: readonly DealerTransaction[];
  state: DealerDunningState;
  procedure: DunningProcedure;
  period: Period;
  asOf: string;
}

export interface DealerReconciliation {
  dealerId: string;
  statement: Statement;
  statementNeeded: boolean;
  allocation: Allocation;
  aging: Aging;
  decision: DunningDecision;
  interest: InterestResult;
  /** Post always (idempotent by docNo); absent when nothing accrued or it is already on the ledger. */
  interestCharge?: DealerTransaction;
  /** Post only once the letter went out. */
  feeCharge?: DealerTransaction;
  /**
   * State after this run's bookkeeping (interest clocks, settled documents dropped, expired blocks,
   * staff-lifted holds). The caller still records what it did: recordLetterSent, recordChargesPosted,
   * recordCreditHold.
   */
  state: DealerDunningState;
}

/**
 * One dealer's month: statement, allocation, aging, the dunning decision and interest, composed from
 * the pure pieces. Interest accrues only on documents at a level already sent whose rate is set, from
 * their due date (the clock does not start before), so a rejected or pending final notice never
 * charges interest; the next run catches up from the due date once the letter went out.
 */
export function reconcileDealer(input: ReconcileInput): DealerReconciliation {
  const { dealer, procedure, period, asOf } = input;
  const state = removeBlocks(syncCreditHold(input.state, dealer), asOf);
  const statement = computeStatement(dealer, input.transactions, period, asOf);
  const allocation = allocatePayments(dealer, input.transactions, asOf);
  const aging = computeAging(allocation.items, asOf, allocation.unappliedFen);
  const decision = decideDunning(dealer, allocation, state, procedure, asOf, { periodKey: periodKeyOf(period) });

  const interest = accrueInterest({
    items: allocation.items,
    prior: state.interestByDoc,
    asOf,
    rateBpFor: (item) =>
      isChargeDocNo(item.docNo) ? 0 : interestRateAtLevel(procedure, state.levelByDoc[item.docNo]?.level ?? 0),
    pausedRanges: (item) => disputeRanges(state, item.docNo, asOf),
  });

  const charged = interest.docs.filter((d) => d.newlyAccruedFen > 0).map((d) => d.docNo);
  const charges = buildCharges(
    {
      dealerId: dealer.dealerId,
      date: chargeDate(period, asOf),
      termsDays: procedure.chargeTermsDays ?? 0,
      ...(decision.fee ? { fee: decision.fee } : {}),
      interest: { docNo: interestDocNo(dealer.dealerId, asOf), amountFen: interest.newlyAccruedFen, docNos: charged },
    },
    input.transactions.filter((t) => t.dealerId === dealer.dealerId),
    state,
  );
  const feeCharge = charges.find((c) => c.docNo === decision.fee?.docNo);
  const interestCharge = charges.find((c) => c !== feeCharge);

  return {
    dealerId: dealer.dealerId,
    statement,
    statementNeeded: needsStatement(statement, procedure),
    allocation,
    aging,
    decision,
    interest,
    ...(interestCharge ? { interestCharge } : {}),
    ...(feeCharge ? { feeCharge } : {}),
    state: pruneSettled(recordInterest(state, interest), allocation),
  };
}
