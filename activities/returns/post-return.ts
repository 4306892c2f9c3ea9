/**
 * The postings of one return, each written once by its key: the inspection result (by return number), the
 * old-parts receipt (by GRN number) and the dealer's credit note (by CR number). A retry, a replay or a
 * second run of the workflow finds the key and writes nothing.
 */
import { AppError } from '../../domain/errors';
import { formatFen, type Fen } from '../../domain/money';
import { creditDocNo, grnDocNo, isAccepting, verdictLabel, type Verdict } from '../../domain/returns';
import { appendOnce, ensureJournal, type AppendResult, type JournalSpec } from './append-once';
import {
  creditJournal,
  dateCell,
  fenOfCell,
  inspectionJournal,
  oldPartsJournal,
  recoveryJournal,
  yuanCell,
} from './journals';
import type { ReturnsActivityDeps } from './types';

export interface JournalOutcome {
  status: AppendResult['status'];
  key: string;
  /** "file › tab › row" where the row stands. */
  where: string;
}

export interface InspectionPosting {
  returnNo: string;
  /** Inspection date (yyyy-MM-dd, company time zone). */
  date: string;
  model: string;
  partNo: string;
  partName: string;
  supplier: string;
  dealerId: string;
  region: string;
  vin?: string;
  qty: number;
  failureMode: string;
  notes: string;
  verdict: Verdict;
  /** Credit granted to the dealer (what a supplier claim recovers). */
  creditFen: Fen;
}

export interface OldPartPosting {
  returnNo: string;
  date: string;
  partNo: string;
  partName: string;
  qty: number;
  dealerId: string;
  verdict: Verdict;
}

export interface CreditPosting {
  returnNo: string;
  date: string;
  dealerId: string;
  amountFen: Fen;
  claimNo?: string;
}

/** Old-parts warehouse zone by verdict: parts the supplier must take back wait in 索赔区. */
export function oldPartsLocation(v: Verdict): string {
  return v === 'supplier-responsible' ? '索赔区' : '报废区';
}

function whereOf(spec: JournalSpec, row: number): string {
  const r = spec.ref;
  return r.kind === 'excel' ? `${r.path} › ${r.sheet} › ${row}` : `${r.spreadsheetId} › ${r.tab} › ${row}`;
}

export function createReturnPostingActivities(deps: ReturnsActivityDeps) {
  const t = deps.settings.targets;
  const append = async (
    spec: JournalSpec,
    row: Parameters<typeof appendOnce>[2],
  ): Promise<JournalOutcome & { values: AppendResult['values'] }> => {
    const res = await appendOnce(deps.backendFor(spec.ref), spec, row, { lockDir: deps.stateDir });
    return { status: res.status, key: String(row[spec.keyColumn]), where: whereOf(spec, res.row), values: res.values };
  };
  return {
    /**
     * Creates the four journal tabs (header only) where they do not exist yet, so dunning, quality and the
     * stocktake can read them before the first posting. Idempotent; existing tabs are left alone.
     */
    async ensureReturnJournals(): Promise<string[]> {
      const created: string[] = [];
      for (const spec of [
        creditJournal(t.credits),
        oldPartsJournal(t.oldParts),
        inspectionJournal(t.inspections),
        recoveryJournal(t.recoveries),
      ]) {
        if (await ensureJournal(deps.backendFor(spec.ref), spec, { lockDir: deps.stateDir }))
          created.push(whereOf(spec, 1));
      }
      return created;
    },

    /**
     * Writes the inspection result to the inspection tab the quality-feedback workflow reads (source 三包鉴定).
     * Side effect: one row, once per return number. Retries: concurrent edits retry; a changed header fails.
     */
    async recordInspection(p: InspectionPosting): Promise<JournalOutcome> {
      const spec = inspectionJournal(t.inspections);
      const label = verdictLabel(p.verdict);
      const { values: _v, ...out } = await append(spec, [
        dateCell(p.date),
        '三包鉴定',
        p.model,
        p.partNo,
        p.partName,
        p.failureMode || null,
        p.supplier || null,
        p.dealerId,
        p.region || null,
        p.vin || null,
        p.qty,
        p.notes ? `${label}：${p.notes}` : label,
        p.returnNo,
        label,
        yuanCell(p.creditFen),
      ]);
      return out;
    },

    /**
     * Books the accepted parts into the old-parts ledger (旧件库) as a receipt movement GRN-<no>.
     * Side effect: one row, once per GRN number. Nothing is booked for a verdict that keeps no part.
     */
    async bookOldPart(p: OldPartPosting): Promise<JournalOutcome> {
      if (!isAccepting(p.verdict) || !Number.isInteger(p.qty) || p.qty <= 0) {
        throw new AppError(
          'NothingToBook',
          `return ${p.returnNo}: no accepted parts to book (verdict ${p.verdict}, qty ${p.qty})`,
          {},
        );
      }
      const spec = oldPartsJournal(t.oldParts);
      const { values: _v, ...out } = await append(spec, [
        dateCell(p.date),
        '旧件库',
        p.partNo,
        oldPartsLocation(p.verdict),
        p.qty,
        grnDocNo(p.returnNo),
        p.partName,
        p.dealerId,
        p.returnNo,
        verdictLabel(p.verdict),
      ]);
      return out;
    },

    /**
     * Writes the dealer's credit note (类型 退货抵扣, 单据号 CR-<no>) to the credits tab in the dealer
     * transactions layout, so dunning counts it. Side effect: one row, once per document number; when the
     * number is already there the amount written first stands and is returned.
     */
    async postReturnCredit(p: CreditPosting): Promise<JournalOutcome & { amountFen: Fen }> {
      if (!Number.isSafeInteger(p.amountFen) || p.amountFen <= 0) {
        throw new AppError('InvalidCredit', `return ${p.returnNo}: credit must be above 0, got ${p.amountFen} fen`, {});
      }
      const spec = creditJournal(t.credits);
      const note = `旧件退回 ${p.returnNo}${p.claimNo ? ` 索赔单 ${p.claimNo}` : ''} 抵扣 ${formatFen(p.amountFen)} 元`;
      const { values, ...out } = await append(spec, [
        dateCell(p.date),
        p.dealerId,
        '退货抵扣',
        creditDocNo(p.returnNo),
        yuanCell(p.amountFen),
        null,
        null,
        note,
        p.returnNo,
      ]);
      return { ...out, amountFen: fenOfCell(values[4] ?? null) };
    },
  };
}
