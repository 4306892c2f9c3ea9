import { AppError } from '../errors';
import type { Fen } from '../money';
import type { Dealer, DealerTransaction, DunningProcedure, Period, TransactionType } from './types';
import { isIsoDate } from '../calendar';

/** Debits raise what the dealer owes; payments and credit notes lower it. */
export function isDebit(type: TransactionType): boolean {
  return type === 'shipment' || type === 'fee';
}

export function signedAmount(tx: Pick<DealerTransaction, 'type' | 'amountFen'>): Fen {
  return isDebit(tx.type) ? tx.amountFen : -tx.amountFen;
}

const TYPE_ORDER: Record<TransactionType, number> = { shipment: 0, fee: 1, credit: 2, payment: 3 };

/** Deterministic ledger order (date, debits before credits, docNo) whatever order the sheet rows are in. */
export function compareLedgerOrder(a: DealerTransaction, b: DealerTransaction): number {
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  if (a.type !== b.type) return TYPE_ORDER[a.type] - TYPE_ORDER[b.type];
  return a.docNo < b.docNo ? -1 : a.docNo > b.docNo ? 1 : 0;
}

export interface StatementLine {
  date: string;
  type: TransactionType;
  docNo: string;
  debitFen: Fen;
  creditFen: Fen;
  /** Balance after this line. */
  balanceFen: Fen;
  dueDate?: string;
  refDocNo?: string;
  note?: string;
}

export interface StatementTotals {
  openingFen: Fen;
  shipmentsFen: Fen;
  paymentsFen: Fen;
  creditsFen: Fen;
  feesFen: Fen;
  closingFen: Fen;
}

export interface Statement extends StatementTotals {
  dealerId: string;
  period: Period;
  asOf: string;
  lines: StatementLine[];
  hasActivity: boolean;
}

export function assertPeriod(period: Period, asOf: string): void {
  if (!isIsoDate(period.from) || !isIsoDate(period.to) || period.from > period.to || !isIsoDate(asOf)) {
    throw new AppError('InvalidPeriod', `invalid statement period ${period.from}..${period.to} as of ${asOf}`, {
      period,
      asOf,
    });
  }
}

/**
 * Statement of account (对账单) for one dealer: opening balance (everything dated before the period),
 * the period's lines with a running balance, and the closing balance. Rows dated after `asOf` (typed
 * ahead) are left out. Positive balances are owed by the dealer; negative ones are credit in its favour.
 * Identity: closing − opening = shipments + fees − payments − credits = Σ(debit − credit) over lines.
 */
export function computeStatement(
  dealer: Pick<Dealer, 'dealerId'>,
  transactions: readonly DealerTransaction[],
  period: Period,
  asOf: string,
): Statement {
  assertPeriod(period, asOf);
  const cutoff = period.to < asOf ? period.to : asOf;
  const mine = transactions.filter((t) => t.dealerId === dealer.dealerId && t.date <= cutoff).sort(compareLedgerOrder);
  let openingFen = 0;
  const totals = { shipment: 0, payment: 0, credit: 0, fee: 0 };
  const lines: StatementLine[] = [];
  let balance = 0;
  for (const tx of mine) {
    if (tx.date < period.from) {
      openingFen += signedAmount(tx);
      continue;
    }
    if (lines.length === 0) balance = openingFen;
    balance += signedAmount(tx);
    totals[tx.type] += tx.amountFen;
    const debit = isDebit(tx.type);
    lines.push({
      date: tx.date,
      type: tx.type,
      docNo: tx.docNo,
      debitFen: debit ? tx.amountFen : 0,
      creditFen: debit ? 0 : tx.amountFen,
      balanceFen: balance,
      ...(tx.dueDate !== undefined ? { dueDate: tx.dueDate } : {}),
      ...(tx.refDocNo !== undefined ? { refDocNo: tx.refDocNo } : {}),
      ...(tx.note !== undefined ? { note: tx.note } : {}),
    });
  }
  const closingFen = openingFen + totals.shipment + totals.fee - totals.payment - totals.credit;
  return {
    dealerId: dealer.dealerId,
    period: { from: period.from, to: period.to },
    asOf,
    openingFen,
    lines,
    shipmentsFen: totals.shipment,
    paymentsFen: totals.payment,
    creditsFen: totals.credit,
    feesFen: totals.fee,
    closingFen,
    hasActivity: lines.length > 0,
  };
}

/** Every dealer with activity in the period, or a closing balance (either sign) at least the configured minimum. */
export function needsStatement(
  statement: Pick<Statement, 'hasActivity' | 'closingFen'>,
  procedure: Pick<DunningProcedure, 'minBalanceForStatementFen'>,
): boolean {
  if (statement.hasActivity) return true;
  const abs = Math.abs(statement.closingFen);
  return abs > 0 && abs >= procedure.minBalanceForStatementFen;
}
