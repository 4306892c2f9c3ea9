/**
 * Records the dealer reconciliation and dunning logic (对账催款) works on. Everything is plain,
 * JSON-serialisable data: money in integer fen, dates as ISO `yyyy-MM-dd` strings (which also sort
 * correctly as strings). The sheets layer maps the `dealers` and `dealerTransactions` schemas into
 * these shapes; the dunning workflow carries `DealerDunningState` from month to month.
 */
import type { Fen } from '../money';

export type TransactionType = 'shipment' | 'payment' | 'credit' | 'fee';

export const TRANSACTION_TYPES: readonly TransactionType[] = ['shipment', 'payment', 'credit', 'fee'];

/** Logical fields of a dealer-transaction row; used to name the column in a problem report. */
export type TransactionField = 'date' | 'dealerId' | 'type' | 'docNo' | 'amount' | 'dueDate' | 'refDocNo' | 'note';

/** Where a row came from. `columns` holds the header actually matched per field (Chinese or English alias). */
export interface RowSource {
  file: string;
  sheet: string;
  /** Row number as the user sees it in the sheet (header is usually row 1). */
  row: number;
  columns?: Partial<Record<TransactionField, string>>;
}

export interface DealerTransaction {
  date: string;
  dealerId: string;
  type: TransactionType;
  docNo: string;
  /** Always positive; the type gives the direction (shipment/fee debit, payment/credit credit). */
  amountFen: Fen;
  /** Required for shipment and fee. */
  dueDate?: string;
  /** Payment or credit naming the document it settles (核销单据号). */
  refDocNo?: string;
  note?: string;
  source?: RowSource;
}

export interface Dealer {
  dealerId: string;
  name: string;
  region: string;
  email: string;
  contact?: string;
  /** 0 means no credit limit is configured. */
  creditLimitFen: Fen;
  paymentTermsDays: number;
  /** 信用冻结 as currently written on the dealer sheet. */
  creditHold: boolean;
  /** 催款冻结: staff paused dunning for this dealer. */
  dunningBlock: boolean;
  source?: Omit<RowSource, 'columns'> & { columns?: Record<string, string> };
}

export interface DunningLevel {
  level: number;
  /** Days past the due date (plus the procedure's grace days) before an item reaches this level. */
  daysAfterDue: number;
  /** The dealer's dunnable overdue total must be at least this for a letter at this level. */
  minOverdueFen: Fen;
  template: string;
  /** Charge posted once per dealer, period and level when this letter goes out. */
  feeFen?: Fen;
  /** Simple interest (ACT/365) on the overdue open amount of items at this level or above. */
  interestBpPerYear?: number;
  needsApproval?: boolean;
}

export interface CreditHoldPolicy {
  /** Propose a hold when a letter at this level goes out; defaults to the final level; 0 disables. */
  atLevel?: number;
  /** Propose a hold when the open balance exceeds a configured (non-zero) credit limit. */
  overLimit: boolean;
  /** Lift when the dunnable overdue amount is at most this (0 = fully paid up). */
  liftWhenOverdueAtMostFen?: Fen;
  /** Lifting a hold also needs approval (setting one always does). */
  liftNeedsApproval?: boolean;
  /** Also lift holds staff set by hand (the system only lifts holds it set, by default). */
  liftManualHolds?: boolean;
}

export interface DunningProcedure {
  levels: DunningLevel[];
  graceDays: number;
  /** A statement goes to every dealer with activity, or whose closing balance is at least this (absolute). */
  minBalanceForStatementFen: Fen;
  /** Minimum days between two letters to the same dealer (SAP's dunning interval). Default 7. */
  minDaysBetweenLetters?: number;
  /** Let an item jump straight to the level its age reaches instead of climbing one level per letter. */
  allowSkipLevels?: boolean;
  /** Payment terms of posted fee/interest charges, in days after the charge date. Default 0. */
  chargeTermsDays?: number;
  creditHold?: CreditHoldPolicy;
}

export interface Dispute {
  id: string;
  openedOn: string;
  /** Documents disputed; empty or absent means the whole statement. */
  docNos?: string[];
  reason?: string;
  resolvedOn?: string;
  resolution?: string;
}

export interface DunningBlock {
  reason: string;
  from: string;
  /** Inclusive; absent means until removed. */
  until?: string;
}

export interface DocLevel {
  level: number;
  sentOn: string;
}

export interface InterestAccrual {
  /** Interest accrued on this document so far, in fen, across all runs. */
  accruedFen: Fen;
  /** Interest is accrued up to and including this day. */
  through: string;
}

export interface LetterRecord {
  letterId: string;
  level: number;
  sentOn: string;
  docNos: string[];
  /** The human number printed on the letter (CK-2026-11-D0042-01), when it had one. */
  letterNo?: string;
}

/** Carried from run to run so the next month continues where the dealer stands. */
export interface DealerDunningState {
  dealerId: string;
  /** Dunning level last sent per open document. */
  levelByDoc: Record<string, DocLevel>;
  /** Highest level among still-open documents. */
  highestLevel: number;
  lastLetterOn?: string;
  /** Most recent letters, newest last (bounded). */
  letters: LetterRecord[];
  interestByDoc: Record<string, InterestAccrual>;
  /** Fee/interest charge docNos already posted (bounded); the docNo itself is the idempotency key. */
  chargesPosted: string[];
  disputes: Dispute[];
  blocks: DunningBlock[];
  /** Set when the system (not staff) put the dealer on credit hold. */
  creditHold?: { setOn: string; reason: CreditHoldReason };
}

export type CreditHoldReason = 'dunning-level' | 'over-credit-limit';

export interface Period {
  from: string;
  to: string;
}
