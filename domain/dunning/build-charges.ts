import type { Fen } from '../money';
import type { DealerDunningState, DealerTransaction, Period } from './types';
import { addDays, dueDateOf, maxDate } from '../calendar';

/**
 * Dunning fees and interest are posted to the dealer's ledger as `fee` rows whose document numbers are
 * derived from what they charge for, so a retried or replayed posting finds its own row and never
 * charges twice: one fee per dealer, period and level; one interest charge per dealer and run date.
 */
export function feeDocNo(dealerId: string, periodKey: string, level: number): string {
  return `FEE-${dealerId}-${periodKey}-L${level}`;
}

export function interestDocNo(dealerId: string, asOf: string): string {
  return `INT-${dealerId}-${asOf.replace(/-/g, '')}`;
}

/** Charges this logic generated: they are dunned as part of the balance but never start a level or accrue interest. */
export function isChargeDocNo(docNo: string): boolean {
  return /^(FEE|INT)-/.test(docNo);
}

/** `2026-11` for a run over November. */
export function periodKeyOf(period: Period): string {
  return period.to.slice(0, 7);
}

/**
 * Charges are dated the day after the statement period (or the run date if later): they land on the
 * next statement, so this month's closing stays what the dealer was shown and next month's opening equals it.
 */
export function chargeDate(period: Period, asOf: string): string {
  return maxDate(asOf, addDays(period.to, 1));
}

function listDocs(docNos: readonly string[]): string {
  return docNos.length <= 10 ? docNos.join(', ') : `${docNos.slice(0, 10).join(', ')} … (+${docNos.length - 10})`;
}

export interface ChargeRequest {
  dealerId: string;
  date: string;
  termsDays: number;
  fee?: { docNo: string; amountFen: Fen; level: number };
  interest?: { docNo: string; amountFen: Fen; docNos: string[] };
}

/** The charge rows to post now, leaving out any whose docNo is already on the ledger or recorded as posted. */
export function buildCharges(
  req: ChargeRequest,
  ledger: readonly Pick<DealerTransaction, 'docNo'>[],
  state: Pick<DealerDunningState, 'chargesPosted'>,
): DealerTransaction[] {
  const known = new Set([...ledger.map((t) => t.docNo), ...state.chargesPosted]);
  const dueDate = dueDateOf(req.date, req.termsDays);
  const out: DealerTransaction[] = [];
  if (req.fee && req.fee.amountFen > 0 && !known.has(req.fee.docNo)) {
    out.push({
      date: req.date,
      dealerId: req.dealerId,
      type: 'fee',
      docNo: req.fee.docNo,
      amountFen: req.fee.amountFen,
      dueDate,
      note: `催款费用 dunning fee L${req.fee.level}`,
    });
  }
  if (req.interest && req.interest.amountFen > 0 && !known.has(req.interest.docNo)) {
    out.push({
      date: req.date,
      dealerId: req.dealerId,
      type: 'fee',
      docNo: req.interest.docNo,
      amountFen: req.interest.amountFen,
      dueDate,
      note: `逾期利息 overdue interest: ${listDocs(req.interest.docNos)}`,
    });
  }
  return out;
}
