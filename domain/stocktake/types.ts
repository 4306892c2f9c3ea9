/**
 * Records of the stocktake (月度盘点) logic. Quantities are plain numbers (pieces, or litres for bulk
 * stock); money is integer fen. Everything is plain data so it can travel through the work store as JSON.
 */
import type { Fen } from '../money';

/** Where a record came from, for CellProblems and audit: file (or spreadsheet), sheet, row as the user sees it. */
export interface SourceRef {
  file: string;
  sheet: string;
  row: number;
}

/** One line of the ledger snapshot frozen at the cut-off (库存台账). */
export interface LedgerLine {
  warehouse: string;
  zone: string;
  partNo: string;
  partName: string;
  location: string;
  /** 账面数量 */
  bookQty: number;
  /** 卡片数量 (bin card) */
  cardQty: number;
  unitCostFen: Fen;
  category?: string;
  source?: SourceRef;
}

/** A count for one snapshot line in one round; `countedQty: null` = left empty, i.e. not counted. */
export interface CountLine {
  /** stockLineKey(warehouse, location, partNo) */
  key: string;
  countedQty: number | null;
  counter: string;
  /** ISO timestamp the count was entered or submitted. */
  countedAt: string;
  /** 1 = first count, 2 = first recount, ... */
  round: number;
}

/** A stock movement posted after the cut-off (and before the count) — reported, never a variance. */
export interface Movement {
  date: string;
  warehouse?: string;
  partNo: string;
  location: string;
  /** Signed: + receipt, − issue. */
  qty: number;
  docNo: string;
}

/**
 * Limits for a line's variance. A line is over tolerance when ANY given limit is exceeded (strictly);
 * an absent limit is not checked, a limit of 0 means no variance allowed on that measure.
 */
export interface ToleranceRule {
  /** |counted − book| in units */
  absQty?: number;
  /** |counted − book| / book × 100; a variance on a zero book always exceeds it */
  percent?: number;
  /** |variance value| in fen */
  valueFen?: Fen;
}

/**
 * Resolution is field by field: default, then the warehouse's rule, then the category's rule
 * (most specific wins for each field it sets).
 */
export interface ToleranceConfig {
  default: ToleranceRule;
  byWarehouse?: Readonly<Record<string, ToleranceRule>>;
  byCategory?: Readonly<Record<string, ToleranceRule>>;
}

export interface RecountPolicy {
  /** Maximum number of RECOUNT rounds after the first count; lines still over tolerance then escalate. */
  maxRounds: number;
  /** Give each recount line to someone other than the person who counted it last. */
  differentCounter: boolean;
  /** Also send lines left empty to the recount (default false: they are reported as uncounted). */
  includeUncounted?: boolean;
}

/** An approval tier (SAP tolerance group): the approver may approve postings up to `maxValueFen`. */
export interface ApprovalTier {
  approver: { name: string; email: string };
  role?: string;
  /** undefined/null = no limit (the top tier). */
  maxValueFen?: Fen | null;
}
