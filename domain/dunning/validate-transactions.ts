import type { CellProblem } from '../errors';
import { formatFen } from '../money';
import { TRANSACTION_TYPES, type Dealer, type DealerTransaction, type TransactionField } from './types';
import { isIsoDate } from '../calendar';

/** Chinese headers of the dealerTransactions schema, used when a row does not say which header matched. */
export const TRANSACTION_COLUMNS: Readonly<Record<TransactionField, string>> = {
  date: '日期',
  dealerId: '经销商编号',
  type: '类型',
  docNo: '单据号',
  amount: '金额',
  dueDate: '到期日',
  refDocNo: '核销单据号',
  note: '备注',
};

export interface ValidationOptions {
  /** Location used for rows without a `source` (row = index + firstDataRow). */
  file?: string;
  sheet?: string;
  firstDataRow?: number;
  dealersFile?: string;
  dealersSheet?: string;
}

export interface TransactionProblem {
  /** The dealer to hold back ('' when the row names none). */
  dealerId: string;
  problem: CellProblem;
}

const normDoc = (docNo: string): string => docNo.trim().toUpperCase();

const isCreditSide = (t: DealerTransaction): boolean => t.type === 'payment' || t.type === 'credit';

/**
 * The rows of each document number (normalised), in sheet order. One map entry per document holding its first row,
 * and an array only for a number that repeats: an array for every row was most of the check's memory at 180,000
 * rows (~48 MB more heap while it ran, the prepare step's largest; now ~14 MB, and 2.3x faster). `repeated` lists
 * the repeats in the order of their first rows, as a map of every document's rows would.
 */
function indexDocuments(transactions: readonly DealerTransaction[]): {
  rowsOf(key: string): readonly number[];
  repeated(): Iterable<readonly number[]>;
} {
  const first = new Map<string, number>();
  const more = new Map<string, number[]>();
  transactions.forEach((tx, i) => {
    const key = normDoc(String(tx.docNo ?? ''));
    if (!key) return;
    const at = first.get(key);
    if (at === undefined) {
      first.set(key, i);
      return;
    }
    const rows = more.get(key);
    if (rows) rows.push(i);
    else more.set(key, [at, i]);
  });
  return {
    rowsOf(key) {
      const at = first.get(key);
      return at === undefined ? [] : (more.get(key) ?? [at]);
    },
    *repeated() {
      for (const key of first.keys()) {
        const rows = more.get(key);
        if (rows) yield rows;
      }
    },
  };
}

/**
 * Checks ledger rows before any money logic runs: unknown or missing dealer ids, unknown types,
 * missing document numbers, bad dates, shipments and fees without a due date, zero or negative
 * amounts, duplicate document numbers (every occurrence is reported), and payments/credits naming
 * another dealer's document or a non-debit one. Each problem names file, sheet, row and column.
 */
export function validateTransactions(
  dealers: readonly Pick<Dealer, 'dealerId'>[],
  transactions: readonly DealerTransaction[],
  options: ValidationOptions = {},
): TransactionProblem[] {
  const known = new Set(dealers.map((d) => d.dealerId));
  const out: TransactionProblem[] = [];
  const docs = indexDocuments(transactions);
  const at = (i: number, field: TransactionField, value: unknown, reason: string): void => {
    const tx = transactions[i]!;
    const src = tx.source;
    out.push({
      dealerId: String(tx.dealerId ?? ''),
      problem: {
        file: src?.file ?? options.file ?? 'dealerTransactions',
        sheet: src?.sheet ?? options.sheet ?? '往来账',
        row: src?.row ?? i + (options.firstDataRow ?? 2),
        column: src?.columns?.[field] ?? TRANSACTION_COLUMNS[field],
        value: value === undefined || value === null ? '' : String(value),
        reason,
      },
    });
  };
  const rowOf = (i: number): number => transactions[i]!.source?.row ?? i + (options.firstDataRow ?? 2);

  transactions.forEach((tx, i) => {
    const dealerId = String(tx.dealerId ?? '').trim();
    if (!dealerId) at(i, 'dealerId', tx.dealerId, '缺少经销商编号 (dealer id missing)');
    else if (!known.has(tx.dealerId)) at(i, 'dealerId', tx.dealerId, '未知的经销商编号 (unknown dealer id)');
    const typeOk = TRANSACTION_TYPES.includes(tx.type);
    if (!typeOk)
      at(i, 'type', tx.type, '类型应为 发货/回款/退货抵扣/费用 (type must be shipment, payment, credit or fee)');
    if (!String(tx.docNo ?? '').trim()) at(i, 'docNo', tx.docNo, '缺少单据号 (document number missing)');
    if (!isIsoDate(tx.date)) at(i, 'date', tx.date, '日期无效 (not a valid date)');
    if (!Number.isSafeInteger(tx.amountFen)) at(i, 'amount', tx.amountFen, '金额无效 (not a valid amount)');
    else if (tx.amountFen <= 0) {
      const shown = formatFen(tx.amountFen);
      const reason =
        tx.type === 'shipment' && tx.amountFen < 0
          ? '发货金额为负：退货请录入“退货抵扣” (negative shipment: enter returns as a credit)'
          : '金额必须大于零 (amount must be greater than zero)';
      at(i, 'amount', shown, reason);
    }
    if (tx.type === 'shipment' || tx.type === 'fee') {
      if (tx.dueDate === undefined || tx.dueDate === '')
        at(i, 'dueDate', '', '发货/费用缺少到期日 (shipment or fee without due date)');
    }
    if (tx.dueDate !== undefined && tx.dueDate !== '' && !isIsoDate(tx.dueDate)) {
      at(i, 'dueDate', tx.dueDate, '到期日无效 (not a valid due date)');
    }
    if (tx.refDocNo && typeOk && (tx.type === 'payment' || tx.type === 'credit')) {
      const target = docs.rowsOf(normDoc(tx.refDocNo));
      if (target.some((j) => transactions[j]!.dealerId !== tx.dealerId)) {
        at(i, 'refDocNo', tx.refDocNo, '核销单据属于其他经销商 (applies to another dealer’s document)');
      } else if (target.length > 0 && target.every((j) => isCreditSide(transactions[j]!))) {
        at(
          i,
          'refDocNo',
          tx.refDocNo,
          '核销单据不是发货或费用单 (applies to a payment or credit, not a shipment or fee)',
        );
      }
    }
  });

  for (const rows of docs.repeated()) {
    for (const i of rows) {
      const others = rows.filter((j) => j !== i).map(rowOf);
      at(
        i,
        'docNo',
        transactions[i]!.docNo,
        `单据号重复，另见第 ${others.join(', ')} 行 (duplicate document number, also on row ${others.join(', ')})`,
      );
    }
  }
  return out;
}

/**
 * Splits the run: dealers with any problem (in their rows, or a duplicated dealer id) are held back with
 * their problems; every other known dealer proceeds with its rows (possibly none). Rows naming unknown
 * dealers are reported under that id.
 */
export function partitionByValidity(
  dealers: readonly Pick<Dealer, 'dealerId' | 'source'>[],
  transactions: readonly DealerTransaction[],
  options: ValidationOptions = {},
): { valid: Map<string, DealerTransaction[]>; heldBack: Map<string, CellProblem[]> } {
  const heldBack = new Map<string, CellProblem[]>();
  const hold = (dealerId: string, p: CellProblem): void => {
    heldBack.set(dealerId, [...(heldBack.get(dealerId) ?? []), p]);
  };
  const seen = new Map<string, number>();
  dealers.forEach((d, i) => {
    const first = seen.get(d.dealerId);
    if (first === undefined) {
      seen.set(d.dealerId, i);
      return;
    }
    const row = (j: number): number => dealers[j]!.source?.row ?? j + (options.firstDataRow ?? 2);
    for (const j of [first, i]) {
      hold(d.dealerId, {
        file: dealers[j]!.source?.file ?? options.dealersFile ?? 'dealers',
        sheet: dealers[j]!.source?.sheet ?? options.dealersSheet ?? '经销商',
        row: row(j),
        column: dealers[j]!.source?.columns?.dealerId ?? '经销商编号',
        value: d.dealerId,
        reason: `经销商编号重复 (duplicate dealer id, rows ${row(first)} and ${row(i)})`,
      });
    }
  });
  for (const { dealerId, problem } of validateTransactions(dealers, transactions, options)) hold(dealerId, problem);

  const valid = new Map<string, DealerTransaction[]>();
  for (const d of dealers) if (!heldBack.has(d.dealerId)) valid.set(d.dealerId, []);
  for (const tx of transactions) valid.get(tx.dealerId)?.push(tx);
  return { valid, heldBack };
}
