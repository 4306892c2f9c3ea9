/**
 * Shapes the dunning workflows and activities exchange. Everything here is small and JSON-serialisable:
 * workflows carry these (and DataRefs), never ledgers, statements or PDFs.
 */
import type { CreditHoldDecision, DealerMonthResult, DunningProcedure, FinanceSummary } from '../../domain/dunning';
import type { ArchiveRef, DataRef } from '../archive/types';
import type { SourceOptions } from '../../domain/sheets/source-options';
import type { TableRef } from '../sheets/types';
import type { Period } from '../../domain/calendar';

export interface DunningPerson {
  name: string;
  email: string;
}

export interface DunningSources {
  dealers: TableRef;
  transactions: TableRef;
  /** The system-owned 退货抵扣 journal return processing posts to (read beside 往来账, deduplicated by docNo). */
  credits?: TableRef;
  /** Header mappings from config (logical field → header text) for headers the aliases cannot guess. */
  dealersMapping?: Record<string, string>;
  transactionsMapping?: Record<string, string>;
  /** How each sheet is kept (signed amounts, 借方/贷方, vocabularies, row rules), from config `sources`. */
  dealersOptions?: SourceOptions;
  transactionsOptions?: SourceOptions;
}

/** Everything a month's run needs besides the dealer data; stored once in the work store, passed as a DataRef. */
export interface DunningSettings {
  period: Period;
  /** Statement and first decision date (default: last day of the period). */
  asOf: string;
  procedure: DunningProcedure;
  sources: DunningSources;
  /** Where the finance summary tab is written (default: beside the transactions workbook). */
  summaryTarget?: TableRef;
  people: {
    finance: DunningPerson;
    manager: DunningPerson;
    customerSupervisor: DunningPerson;
    /** Gets approval/dispute links when the first person has not answered by `approvals.escalateAfter`. */
    escalateTo?: DunningPerson;
  };
  locale: 'zh-CN' | 'en';
  timeZone: string;
  /** For dealers whose sheet row has no payment terms. */
  defaultPaymentTermsDays: number;
  /** The child follows up (timers, re-reads) until asOf + this many days; 0 = no follow-up. */
  followUpDays: number;
  /** Re-check interval while a dealer is on hold, blocked or overdue beyond the last level. */
  recheckDays: number;
  approvals: { reminders: string[]; escalateAfter?: string; linkTtl: string };
  /** Validity of the dealer's confirm/dispute link. */
  statementLinkTtl: string;
  companyName: string;
}

/** The part of the settings a child workflow needs in its own code (returned by its first activity). */
export interface ChildSettings {
  period: Period;
  locale: 'zh-CN' | 'en';
  /** Minutes east of UTC of the company's zone on the run date (Asia/Shanghai: 480). */
  utcOffsetMinutes: number;
  followUpUntil: string;
  recheckDays: number;
  people: DunningSettings['people'];
  approvals: DunningSettings['approvals'];
  statementLinkTtl: string;
}

/** One dealer of a month's run, as listed in the manifest. */
export interface ManifestEntry {
  dealerId: string;
  /** Work-store shard holding this dealer's row and transactions. */
  shard: string;
}

export interface PrepareRunResult {
  settingsRef: DataRef;
  manifestRef: DataRef;
  /** Dealers that get a child workflow. */
  total: number;
  heldBack: number;
  problemCount: number;
  /** First 200 held-back dealers with their problem counts (for the finance report). */
  heldBackList: { dealerId: string; problems: number }[];
  /** Held-back dealers, already summarised (their money is not reconciled). */
  heldBackSummary: FinanceSummary;
  /** The problem report (xlsx) when there were problems. */
  problemReport?: ArchiveRef;
  /** No row could be read (no header, required column missing): nothing proceeds. */
  fatal: boolean;
}

export interface DealerDecisionFacts {
  action: 'send' | 'none';
  reason: string;
  level?: number;
  template?: string;
  /** Idempotency key of the letter: dealer + level + hash of the documents it duns. */
  letterKey?: string;
  needsApproval: boolean;
  approvalReasons: string[];
  nextReviewOn?: string;
  /** Documents that climb a level with this letter. */
  docCount: number;
  feeFen: number;
  creditHold: CreditHoldDecision;
}

/** What a child learns from one look at its dealer: small facts only. */
export interface DealerFacts {
  dealerId: string;
  name: string;
  email: string;
  region: string;
  asOf: string;
  /** Full reconciliation in the work store (statement, allocation, aging, decision, new state). */
  recRef: DataRef;
  /** Version of the persisted dunning state this look was based on (optimistic concurrency). */
  stateVersion: number;
  statementNeeded: boolean;
  /** Template data for the statement PDF, and a hash of the statement's content (mail idempotency). */
  statementDataRef?: DataRef;
  statementKey?: string;
  /** Template data for the letter PDF when a letter is due. */
  letterDataRef?: DataRef;
  /** Statement totals and aging for the month's result (first look only). */
  month?: Pick<DealerMonthResult, 'totals' | 'aging'>;
  closingFen: number;
  openFen: number;
  overdueFen: number;
  dunnableFen: number;
  lastPayment?: { date: string; docNo: string; amountFen: number };
  decision: DealerDecisionFacts;
  /** Interest charge to post now (always, idempotent by docNo). */
  interestCharge?: { docNo: string; amountFen: number };
  /** Dealer sheet says 信用冻结. */
  onHold: boolean;
  /** The hold was set by this system (so it may lift it). */
  systemHold: boolean;
  openDisputes: { id: string; openedOn: string }[];
  blocked: boolean;
}

export interface ChildBegin {
  facts: DealerFacts;
  settings: ChildSettings;
  /**
   * The statement of account, rendered and archived by the first look when the child asked for it (`statementFor`)
   * and the month needs one: one step fewer per dealer. Absent in the looks of children begun before, which render
   * it themselves (the branch follows the recorded result, so their replay is unchanged).
   */
  statementDocId?: string;
}

/** Who the first look renders the statement for: the child's workflow and run (archive meta). */
export interface StatementFor {
  workflowId: string;
  runId: string;
}

export interface DealerReport {
  result: DealerMonthResult;
  /** Child workflow id, for the progress view. */
  workflowId: string;
  /** The child is done with the month: nothing it reports later will change the month's figures. */
  final?: boolean;
  /** Sent just before the child waits for a person (approval, dispute): not busy, just waiting. */
  waitingForPerson?: boolean;
}

/** Kept per dealer and month in the results folder, for the finance report's details and the sheet tab. */
export interface DealerResultRecord extends DealerMonthResult {
  name: string;
  overdueFen: number;
  confirmed: boolean;
  workflowId: string;
  /** Still waiting for a person or following up: the figures may change (the summary says so). */
  pending?: boolean;
  /** ISO instant of the dealer's last decision by a person (from history), if any. */
  lastDecisionAt?: string;
  /** Numbers of the letters sent this month (CK-2026-11-D0042-01 …). */
  letterNos?: string[];
}

/** Changes a child makes to the persisted dunning state besides committing a look. */
export type DealerStateChange =
  | { kind: 'open-dispute'; id: string; openedOn: string; reason?: string; docNos?: string[] }
  | { kind: 'resolve-dispute'; id: string; resolvedOn: string; resolution?: string };
