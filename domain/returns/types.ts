/**
 * Shapes of the return-processing domain (旧件退货 / 三包旧件). Small and JSON-serialisable: workflows carry
 * these (one return's row, one verdict), never the register or the ledgers.
 */
import type { Fen } from '../money';

/** The technician's verdict on a returned part. */
export type Verdict = 'warranty-accepted' | 'rejected-not-warranty' | 'supplier-responsible' | 'no-fault-found';

export const VERDICTS: readonly Verdict[] = [
  'warranty-accepted',
  'rejected-not-warranty',
  'supplier-responsible',
  'no-fault-found',
];

/** Where a value came from in a spreadsheet, for error messages people can act on. */
export interface RowSource {
  file: string;
  sheet: string;
  row: number;
  /** Header text as it appears in the sheet, by logical field (returnNo → "退回单号"). */
  columns: Record<string, string>;
}

/** One row of the returns register (旧件退回登记), as parsed. Dates are ISO yyyy-MM-dd. */
export interface ReturnLine {
  returnNo: string;
  date: string;
  dealerId: string;
  partNo: string;
  qty: number;
  claimNo?: string;
  reason?: string;
  /** 索赔金额 of the whole line, when the register has one. */
  claimAmountFen?: Fen;
  /** 收货日期: the old-parts warehouse has the part. */
  received?: string;
  /** 鉴定结论 written in the sheet (mapped to our verdicts). */
  verdict?: Verdict;
  status?: string;
  /** Absent when the return was started from the CLI/API with typed-in data. */
  source?: RowSource;
}

/** What the technician records (the verdict form, or the sheet's verdict cell). */
export interface Inspection {
  verdict: Verdict;
  /** Parts accepted under the verdict (warranty or supplier); 0..qty. */
  qtyAccepted: number;
  failureMode: string;
  notes: string;
  vin?: string;
  /** Who recorded it: an e-mail address or "sheet:<file>›<sheet>›<row>". */
  by: string;
}

export type AbnormalReason = 'rejected' | 'no-fault-found' | 'qty-mismatch';

/** How an abnormal return was settled with the dealer. */
export type Resolution = 'normal' | 'dealer-agreed' | 'dealer-deemed-agreed' | 'manager-upheld' | 'manager-overruled';

export interface Person {
  name: string;
  email: string;
}
