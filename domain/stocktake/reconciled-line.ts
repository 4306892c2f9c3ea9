import type { ResolvedTolerance, ToleranceRuleName } from './resolve-tolerance';
import type { StocktakeSummary } from './summarize-stocktake';
import type { CountLine, LedgerLine, Movement } from './types';

/** 账/卡/物 agreement: which of book (账) and card (卡) the physical count (物) agrees with. */
export type CountAgreement = 'both' | 'book' | 'card' | 'neither';

/**
 * matched: 账 = 卡 = 物 · variance: 物 ≠ 账 · card-mismatch: 物 = 账 but 卡 differs · uncounted: left empty.
 */
export type LineStatus = 'matched' | 'variance' | 'card-mismatch' | 'uncounted';

export interface MovementAfterCutoff extends Movement {
  key: string;
}

export interface ReconciledLine extends LedgerLine {
  key: string;
  /** 1-based position in the snapshot: stable for a given snapshot, used for document numbers. */
  lineNo: number;
  countedQty: number | null;
  /** Net of movements after the cut-off (+ receipts, − issues) that the physical count already reflects. */
  movementQty: number;
  /** The count brought back to the cut-off: counted − movements. */
  countAtCutoffQty: number | null;
  /** countAtCutoff − book */
  varianceQty: number | null;
  varianceValueFen: number | null;
  /** countAtCutoff − card */
  cardVarianceQty: number | null;
  /** 账 ≠ 卡, flagged whatever the count says. */
  bookCardMismatch: boolean;
  agreesWith: CountAgreement | null;
  status: LineStatus;
  overTolerance: boolean;
  trippedRules: ToleranceRuleName[];
  tolerance: ResolvedTolerance;
  counter: string | null;
  countedAt: string | null;
  round: number | null;
}

export interface ReconcileResult {
  lines: ReconciledLine[];
  summary: StocktakeSummary;
  /** Movements after the cut-off matched to snapshot lines: listed, netted out of the count, never variances. */
  movements: MovementAfterCutoff[];
  /** Movements naming no (or more than one) snapshot line: listed for the warehouse keeper. */
  unmatchedMovements: Movement[];
  /** Counts whose key is not in the snapshot (validateCounts reports them with cell positions). */
  unknownCounts: CountLine[];
}
