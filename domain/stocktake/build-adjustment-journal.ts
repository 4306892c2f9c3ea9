import { ConfigError } from '../errors';
import type { ReconcileResult } from './reconciled-line';

export interface JournalOptions {
  /** e.g. 'PD-NP' for 盘点-新件库; combined with period and snapshot line number. */
  docNoPrefix: string;
  /** e.g. '2026-11' */
  period: string;
  approver: string;
  reason: string;
  /** Per-line reasons by stock line key, overriding `reason`. */
  reasons?: Readonly<Record<string, string>>;
}

export interface JournalRow {
  /**
   * `${prefix}-${period}-${seq:0000}`: contiguous from 0001 in snapshot order over the lines that change the book,
   * so the posting's numbers have no gaps; the posting happens once per prefix and period, so each is issued once.
   */
  docNo: string;
  lineNo: number;
  key: string;
  period: string;
  warehouse: string;
  zone: string;
  location: string;
  partNo: string;
  partName: string;
  category?: string;
  bookQty: number;
  countedQty: number;
  adjustmentQty: number;
  unitCostFen: number;
  valueFen: number;
  /** 盘盈 gain / 盘亏 loss */
  direction: 'gain' | 'loss';
  reason: string;
  approver: string;
}

/** New book (and bin-card) quantities at the cut-off for lines that change. */
export interface BookCorrection {
  key: string;
  docNo: string | null;
  warehouse: string;
  location: string;
  partNo: string;
  bookQty: number;
  correctedBookQty: number;
  /** To apply to the live ledger when it moved since the cut-off: add this, don't overwrite. */
  adjustmentQty: number;
  cardQty: number;
  correctedCardQty: number;
}

export interface AdjustmentJournal {
  rows: JournalRow[];
  corrections: BookCorrection[];
  totals: { lines: number; gainValueFen: number; lossValueFen: number; netValueFen: number };
}

/**
 * The posting for an approved stocktake: one journal row per line whose count differs from the book, and
 * the corrected book/card quantities. Deterministic (snapshot order, document numbers counted over the lines that
 * change the book), so a retried or replayed posting writes the same rows and can be checked against what exists.
 */
export function buildAdjustmentJournal(
  result: Pick<ReconcileResult, 'lines'>,
  options: JournalOptions,
): AdjustmentJournal {
  const prefix = options.docNoPrefix.trim();
  if (!prefix || !options.period.trim()) {
    throw new ConfigError('adjustment journal needs a document number prefix and a period', { ...options });
  }
  const rows: JournalRow[] = [];
  const corrections: BookCorrection[] = [];
  const totals = { lines: 0, gainValueFen: 0, lossValueFen: 0, netValueFen: 0 };
  for (const l of result.lines) {
    if (l.countAtCutoffQty === null || l.varianceQty === null || l.varianceValueFen === null) continue;
    const changesBook = l.varianceQty !== 0;
    const docNo = `${prefix}-${options.period}-${String(totals.lines + 1).padStart(4, '0')}`;
    if (changesBook) {
      rows.push({
        docNo,
        lineNo: l.lineNo,
        key: l.key,
        period: options.period,
        warehouse: l.warehouse,
        zone: l.zone,
        location: l.location,
        partNo: l.partNo,
        partName: l.partName,
        ...(l.category !== undefined ? { category: l.category } : {}),
        bookQty: l.bookQty,
        countedQty: l.countAtCutoffQty,
        adjustmentQty: l.varianceQty,
        unitCostFen: l.unitCostFen,
        valueFen: l.varianceValueFen,
        direction: l.varianceQty > 0 ? 'gain' : 'loss',
        reason: options.reasons?.[l.key] ?? options.reason,
        approver: options.approver,
      });
      totals.lines++;
      if (l.varianceValueFen > 0) totals.gainValueFen += l.varianceValueFen;
      else totals.lossValueFen += l.varianceValueFen;
    }
    if (changesBook || l.cardQty !== l.countAtCutoffQty) {
      corrections.push({
        key: l.key,
        docNo: changesBook ? docNo : null,
        warehouse: l.warehouse,
        location: l.location,
        partNo: l.partNo,
        bookQty: l.bookQty,
        correctedBookQty: l.countAtCutoffQty,
        adjustmentQty: l.varianceQty,
        cardQty: l.cardQty,
        correctedCardQty: l.countAtCutoffQty,
      });
    }
  }
  totals.netValueFen = totals.gainValueFen + totals.lossValueFen;
  return { rows, corrections, totals };
}
