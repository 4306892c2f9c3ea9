/**
 * Records the stocktake activities exchange with the workflow. Everything here is small (references, counts,
 * names): tables stay in the work store and travel as DataRefs; documents travel as ArchiveRefs.
 */
import type { ArchiveRef, DataRef } from '../archive/types';
import type { SourceSpec } from '../sheets/source-spec';
import type { TableRef } from '../sheets/types';
import type {
  CountLine,
  LedgerLine,
  RecountPolicy,
  StocktakeSummaryRow,
  ToleranceConfig,
} from '../../domain/stocktake';
import type { Period } from '../../domain/calendar';

export interface StocktakePerson {
  name: string;
  email: string;
}

export interface StocktakeWarehouse {
  /** Canonical id as the ledger schema reads it: 'new-parts' | 'old-parts'. */
  id: string;
  /** Name printed on sheets and reports, e.g. 新件库. */
  name: string;
}

/** A table to read: where it is and, for headers no alias matches, field → header text. */
/** Where a table lives and how it is kept (one or several workbooks/sheets); see activities/sheets/source-spec.ts. */
export type SheetSource = SourceSpec;

/** Ad hoc (不定期) stocktakes count a subset; monthly ones leave this empty. */
export interface StocktakeScope {
  zones?: string[];
  /** Exact locations. */
  locations?: string[];
  /** Location prefixes, e.g. 'A-05-' for one rack. */
  locationPrefixes?: string[];
}

export type StocktakeLocale = 'zh-CN' | 'en';

/** Where a generated sheet lives: an xlsx file under the Excel root, or a tab of a Google spreadsheet. */
export type CountSheetLocation =
  { kind: 'excel'; path: string } | { kind: 'google'; spreadsheetId: string; tab: string; statusTab: string };

/** A problem report written for a person to fix their sheet or ledger, archived to be attached to a mail. */
export interface ProblemReportRef {
  count: number;
  doc: ArchiveRef;
  /** Where the xlsx was written (relative to the Excel root). */
  path: string;
  /** The first problems as one line each, for the mail body and the decision page. */
  sample: string[];
}

/** What the work store holds for a snapshot (never in history). */
export interface StoredSnapshot {
  period: Period;
  warehouse: StocktakeWarehouse;
  cutoffDate: string;
  source: { file: string; sheet: string; ref: TableRef };
  fingerprint: string;
  scope: StocktakeScope | null;
  lines: LedgerLine[];
}

export interface SnapshotInput {
  workflowId: string;
  runId: string;
  period: Period;
  warehouse: StocktakeWarehouse;
  /** 'YYYY-MM-DD': the last day whose movements are in the book quantities. */
  cutoffDate: string;
  ledger: SheetSource;
  /** Checked for readability only (it is read at reconciliation). */
  movements?: SheetSource;
  scope?: StocktakeScope;
  /** Folder (relative to the Excel root) for problem reports. */
  outputDir: string;
  /** Attempt number of the ledger check (1, 2 …), so each problem report is its own file. */
  attempt: number;
  locale?: StocktakeLocale;
}

export interface SnapshotRef {
  data: DataRef;
  archive: ArchiveRef;
  lines: number;
  /** Fingerprint of the ledger when it was read: posting checks it for changes since the snapshot. */
  ledgerFingerprint: string;
  ledgerFile: string;
  ledgerSheet: string;
  zones: { zone: string; lines: number }[];
}

export type SnapshotOutcome = { ok: true; snapshot: SnapshotRef } | { ok: false; problems: ProblemReportRef };

export interface CountSheetInfo {
  /** Unique within the workflow, e.g. 'r1-s01'. */
  sheetId: string;
  round: number;
  counter: StocktakePerson;
  zone: string;
  lines: number;
  location: CountSheetLocation;
  /** The archived copy of the generated xlsx (Excel sheets), attached to the counter's mail. */
  doc?: ArchiveRef;
  /** Fingerprint of the sheet as generated; the status poll reacts only once it changed. */
  fingerprint: string;
  /** How the mail names the sheet: a path under the shared folder or a spreadsheet URL + tab. */
  display: string;
}

export interface WriteCountSheetsInput {
  workflowId: string;
  runId: string;
  period: Period;
  warehouse: StocktakeWarehouse;
  round: number;
  snapshot: DataRef;
  /** Round 1: zones are shared out among `counters`. Recount rounds: the plan's lines and counters. */
  plan?: DataRef;
  counters: StocktakePerson[];
  blind: boolean;
  /** Folder relative to the Excel root (Excel sheets). */
  outputDir: string;
  /** Google spreadsheet receiving count tabs instead of files. */
  google?: { spreadsheetId: string };
  /** ISO instant printed on the sheet. */
  deadline: string;
  /** Empty rows below the lines, for items found that are not on the sheet. */
  spareRows?: number;
  locale?: StocktakeLocale;
}

export interface WriteCountSheetsResult {
  sheets: CountSheetInfo[];
  manifest: DataRef;
}

/** The manifest of a round: which snapshot lines each sheet carries, to tell edits of locked columns. */
export interface StoredManifest {
  round: number;
  blind: boolean;
  sheets: { sheetId: string; counter: string; zone: string; lineNos: number[] }[];
}

export interface ReadCountsInput {
  workflowId: string;
  runId: string;
  period: Period;
  warehouse: StocktakeWarehouse;
  round: number;
  snapshot: DataRef;
  manifest: DataRef;
  /** The sheets of one counter in this round. */
  sheets: CountSheetInfo[];
  /** When the counts were submitted (ISO): the count time of lines whose time cell is empty. */
  submittedAt: string;
  /** Known counter names: a name typed in the 盘点人 column counts only if it is one of them. */
  counterNames: string[];
  /** 1 for the first read, 2 … after corrections. */
  attempt: number;
  outputDir: string;
  locale?: StocktakeLocale;
}

export type ReadCountsResult =
  | { ok: true; counts: DataRef; rows: number; counted: number; fingerprints: Record<string, string> }
  | { ok: false; problems: ProblemReportRef; fingerprints: Record<string, string> };

export interface SheetStatus {
  sheetId: string;
  submitted: boolean;
  fingerprint: string;
}

export interface ReconcileInput {
  snapshot: DataRef;
  counts: DataRef[];
  movements?: SheetSource;
  warehouse: StocktakeWarehouse;
  cutoffDate: string;
  /** ISO instant of the last count submission: movements dated after it are not in the physical count. */
  countedThrough: string;
  tolerances: ToleranceConfig;
  round: number;
  recount: RecountPolicy;
  counters: string[];
}

export interface ReconcileOutput {
  /** A ReconcileResult with the full summary but only the exception lines (not 账=卡=物), snapshot order. */
  result: DataRef;
  summary: StocktakeSummaryRow;
  plan: {
    ref: DataRef;
    nextRound: number | null;
    lines: number;
    escalate: boolean;
    escalated: number;
    done: boolean;
    byCounter: { counter: string; lines: number }[];
  };
  movements: { matched: number; unmatched: number; invalidRows: number };
  /** Journal rows a posting would write (lines whose count differs from the book). */
  journalRows: number;
  /** Lines whose book or card quantity a posting would correct. */
  corrections: number;
}

export interface PostAdjustmentsInput {
  workflowId: string;
  period: Period;
  warehouse: StocktakeWarehouse;
  snapshot: { data: DataRef; ledgerFingerprint: string };
  ledger: SheetSource;
  result: DataRef;
  docNoPrefix: string;
  approver: string;
  reason: string;
  journalTab: string;
  correctionsTab: string;
}

export interface PostAdjustmentsResult {
  status: 'posted' | 'already-posted';
  journalTab: string;
  correctionsTab: string;
  /** Where the tabs went (the ledger workbook, its companion, or the Google spreadsheet). */
  target: TableRef;
  rows: number;
  corrections: number;
  firstDocNo: string | null;
  lastDocNo: string | null;
  journalHash: string;
  /** The ledger file/tab differs from the one snapshotted (its content, not only our own new tabs). */
  ledgerChangedSinceSnapshot: boolean;
  /** Lines whose book quantity changed since the snapshot: corrected by the adjustment, never overwritten. */
  movedSinceSnapshot: number;
  moved: DataRef;
}

/** A line whose book quantity changed between the snapshot and the posting. */
export interface MovedLine {
  key: string;
  location: string;
  partNo: string;
  partName: string;
  snapshotBookQty: number;
  currentBookQty: number | null;
  adjustmentQty: number;
  postedBookQty: number | null;
}

export interface StoredCounts {
  round: number;
  counter: string;
  counts: CountLine[];
}
