import type { Fen } from '../money';
import { compareLedgerOrder, isDebit } from './compute-statement';
import type { Dealer, DealerTransaction } from './types';
import { dueDateOf } from '../calendar';

export interface Application {
  /** The day the money met the document: the payment's date, or the document's date for earlier credit. */
  date: string;
  byDocNo: string;
  byType: 'payment' | 'credit';
  amountFen: Fen;
}

/** A debit document (shipment or fee) and what is still open on it. */
export interface OpenItem {
  docNo: string;
  type: 'shipment' | 'fee';
  date: string;
  dueDate: string;
  originalFen: Fen;
  openFen: Fen;
  applications: Application[];
}

export interface CreditItem {
  docNo: string;
  type: 'payment' | 'credit';
  date: string;
  amountFen: Fen;
  refDocNo?: string;
  appliedFen: Fen;
  /** Money not matched to any document yet (over-payment or payment ahead of invoices). */
  unappliedFen: Fen;
}

export interface AllocationWarning {
  kind: 'ref-not-found' | 'ref-not-debit' | 'ref-already-settled';
  docNo: string;
  refDocNo: string;
}

export interface Allocation {
  dealerId: string;
  asOf: string;
  /** Every debit document, settled ones included (openFen 0), oldest due first. */
  items: OpenItem[];
  credits: CreditItem[];
  openFen: Fen;
  unappliedFen: Fen;
  /** openFen − unappliedFen: equals the ledger balance as of `asOf`. */
  balanceFen: Fen;
  warnings: AllocationWarning[];
}

/** Oldest first: due date, then document date, then docNo. */
export function compareDueOrder(a: OpenItem, b: OpenItem): number {
  if (a.dueDate !== b.dueDate) return a.dueDate < b.dueDate ? -1 : 1;
  if (a.date !== b.date) return a.date < b.date ? -1 : 1;
  return a.docNo < b.docNo ? -1 : a.docNo > b.docNo ? 1 : 0;
}

function pay(item: OpenItem, credit: CreditItem, date: string): void {
  const amount = Math.min(item.openFen, credit.unappliedFen);
  if (amount <= 0) return;
  item.openFen -= amount;
  credit.unappliedFen -= amount;
  credit.appliedFen += amount;
  item.applications.push({ date, byDocNo: credit.docNo, byType: credit.type, amountFen: amount });
}

/**
 * Matches payments and credit notes to debit documents, replaying the ledger day by day so every
 * application carries the date the money actually reduced the document (interest depends on it).
 * A payment or credit that names its document (refDocNo) goes there first; the rest, and everything
 * unnamed, goes oldest due first among documents that exist by then. Money beyond all open documents
 * stays as unapplied credit and is consumed by the next documents as they arrive. Rows dated after
 * `asOf` are ignored. Pure; input order does not matter.
 */
export function allocatePayments(
  dealer: Pick<Dealer, 'dealerId' | 'paymentTermsDays'>,
  transactions: readonly DealerTransaction[],
  asOf: string,
): Allocation {
  const txs = transactions.filter((t) => t.dealerId === dealer.dealerId && t.date <= asOf).sort(compareLedgerOrder);
  const items: OpenItem[] = [];
  const byDoc = new Map<string, OpenItem>();
  const credits: CreditItem[] = [];
  const creditDocNos = new Set<string>();
  let open: OpenItem[] = [];
  let pool: CreditItem[] = [];

  const apply = (credit: CreditItem, date: string): void => {
    const named = credit.refDocNo !== undefined ? byDoc.get(credit.refDocNo) : undefined;
    if (named) pay(named, credit, date);
    for (const item of open) {
      if (credit.unappliedFen === 0) break;
      pay(item, credit, date);
    }
    open = open.filter((i) => i.openFen > 0);
  };

  let i = 0;
  while (i < txs.length) {
    const day = txs[i]!.date;
    const newDebits: OpenItem[] = [];
    for (; i < txs.length && txs[i]!.date === day && isDebit(txs[i]!.type); i++) {
      const tx = txs[i]!;
      const item: OpenItem = {
        docNo: tx.docNo,
        type: tx.type as OpenItem['type'],
        date: tx.date,
        dueDate: tx.dueDate ?? dueDateOf(tx.date, dealer.paymentTermsDays),
        originalFen: tx.amountFen,
        openFen: tx.amountFen,
        applications: [],
      };
      items.push(item);
      byDoc.set(item.docNo, item);
      newDebits.push(item);
    }
    if (newDebits.length > 0) {
      open = [...open, ...newDebits].sort(compareDueOrder);
      if (pool.length > 0) {
        // Earlier money waiting for a document: credits that named one of today's documents go first.
        const names = new Set(newDebits.map((d) => d.docNo));
        const ordered = [
          ...pool.filter((c) => c.refDocNo !== undefined && names.has(c.refDocNo)),
          ...pool.filter((c) => c.refDocNo === undefined || !names.has(c.refDocNo)),
        ];
        for (const c of ordered) apply(c, day);
        pool = pool.filter((c) => c.unappliedFen > 0);
      }
    }
    for (; i < txs.length && txs[i]!.date === day; i++) {
      const tx = txs[i]!;
      const credit: CreditItem = {
        docNo: tx.docNo,
        type: tx.type as CreditItem['type'],
        date: tx.date,
        amountFen: tx.amountFen,
        ...(tx.refDocNo ? { refDocNo: tx.refDocNo } : {}),
        appliedFen: 0,
        unappliedFen: tx.amountFen,
      };
      credits.push(credit);
      creditDocNos.add(credit.docNo);
      apply(credit, day);
      if (credit.unappliedFen > 0) pool.push(credit);
    }
  }

  const warnings: AllocationWarning[] = [];
  for (const c of credits) {
    if (c.refDocNo === undefined) continue;
    const target = byDoc.get(c.refDocNo);
    if (target?.applications.some((a) => a.byDocNo === c.docNo)) continue;
    const kind = target ? 'ref-already-settled' : creditDocNos.has(c.refDocNo) ? 'ref-not-debit' : 'ref-not-found';
    warnings.push({ kind, docNo: c.docNo, refDocNo: c.refDocNo });
  }

  items.sort(compareDueOrder);
  const openFen = items.reduce((s, it) => s + it.openFen, 0);
  const unappliedFen = credits.reduce((s, c) => s + c.unappliedFen, 0);
  return {
    dealerId: dealer.dealerId,
    asOf,
    items,
    credits,
    openFen,
    unappliedFen,
    balanceFen: openFen - unappliedFen,
    warnings,
  };
}

/** Open amount of a document at the end of `day` (applications dated on or before it count). */
export function openAmountOn(item: OpenItem, day: string): Fen {
  if (day < item.date) return 0;
  return item.applications.reduce((open, a) => (a.date <= day ? open - a.amountFen : open), item.originalFen);
}
