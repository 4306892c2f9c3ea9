/**
 * Shapes the quality-feedback workflow and its activities exchange. Everything the workflow sees is small and
 * JSON-serialisable (references, hashes, counts, a few lines of text); events, aggregates and department views
 * stay in the work store as a `QualityCompilation`.
 */
import type { Duration } from '@temporalio/common';
import type { CellProblem } from '../../domain/errors';
import type {
  DepartmentView,
  MergeRecord,
  QualityAggregates,
  QualityRouting,
  SetAsideClassification,
  SupplierRecoveryInput,
  UnmappedFailureText,
  UnmappedReview,
} from '../../domain/quality';
import type { IncidentMonthRow } from '../../domain/early-warning';
import type { ArchiveRef, DataRef } from '../archive/types';
import type { ErrorPolicy } from '../sheets/read-table';
import type { SourceOptions } from '../../domain/sheets/source-options';
import type { TableRef } from '../sheets/types';
import type { DocumentKind } from '../../domain/document-kinds';
import type { Period } from '../../domain/calendar';

/** One configured spreadsheet: where it is and, for headers no alias matches, field → header text. */
/** One quality source: where it lives, its header mapping and how it is kept (source options). */
export interface QualitySourceSpec {
  ref: TableRef;
  mapping?: Record<string, string>;
  options?: SourceOptions;
}

export interface QualitySources {
  /** Complaints log, call log, warranty inspections, returns (the returns workflow appends here) … read in order. */
  qualityEvents: QualitySourceSpec[];
  /** The failure-mode catalogue with its synonyms table. */
  failureModes: QualitySourceSpec;
  productionVolumes?: QualitySourceSpec;
  /**
   * The supervisor's failure-text classifications (system-owned journal, folded into the catalogue as synonyms);
   * default: 故障模式归类.xlsx beside the catalogue, or a 故障模式归类 tab of the catalogue's spreadsheet.
   */
  classifications?: QualitySourceSpec;
  /** The incident register (质量事件登记) when early warning is configured: its month goes into the feedback. */
  incidentRegister?: QualitySourceSpec;
}

/** Incidents opened or closed in the report month, as the register said when the month was compiled. */
export interface QualityIncidentsOfMonth {
  file: string;
  sheet: string;
  /** The register's fingerprint ('' when it does not exist yet). */
  fingerprint: string;
  rows: IncidentMonthRow[];
}

export interface QualityCompileOptions {
  /** Months before the report month (default 6: a 7-month window). */
  priorMonths: number;
  /** Same VIN + part within this many days = one event reported twice. */
  dedupeWindowDays: number;
  /** Two failures on one VIN this close make a repeat. */
  repeatWindowDays: number;
  /** 'stop-on-error': any bad row blocks distribution until corrected; 'proceed-with-valid': listed, not blocking. */
  policy: ErrorPolicy;
}

export type QualityLocale = 'zh-CN' | 'en';

export interface QualityPerson {
  name: string;
  email: string;
}

export interface CompileQualityInput {
  workflowId: string;
  runId: string;
  period: Period;
  /** Compilation round (1 = first draft); printed on drafts and in file names of problem reports. */
  round: number;
  sources: QualitySources;
  routing: QualityRouting;
  options: QualityCompileOptions;
  supplierRecovery?: SupplierRecoveryInput[];
  locale: QualityLocale;
}

/** Per-source facts of one read. */
export interface QualitySourceReport {
  role: 'qualityEvents' | 'failureModes' | 'productionVolumes' | 'classifications' | 'incidentRegister';
  file: string;
  sheet: string;
  fingerprint: string;
  validRows: number;
  invalidRows: number;
  problemCount: number;
  /** The source could not be read at all (missing file, sheet or required column). */
  fatal: string | null;
  /** Quality-event rows dated outside the window (plus the de-duplication margin) and left out. */
  outsideWindow?: number;
}

export interface QualityCounts {
  /** Valid quality-event rows read from every source. */
  rows: number;
  /** Events after cleaning and de-duplication, inside the window. */
  events: number;
  reportMonthEvents: number;
  duplicatesRemoved: number;
  unmappedTexts: number;
  unmappedEvents: number;
  /** Bad rows and unreadable sources (see the problem report). */
  problems: number;
  outOfWindow: number;
}

/** Everything one compilation produced; stored once in the work store. */
export interface QualityCompilation {
  period: Period;
  round: number;
  months: string[];
  sources: QualitySourceReport[];
  sourcesHash: string;
  counts: QualityCounts;
  /** Catalogue entries; texts the classification journal added as synonyms; journal rows set aside (with why). */
  catalogue: { entries: number; classified?: number; setAside?: SetAsideClassification[] };
  volumes: { rows: number };
  /** Every unmapped failure text with its count; never dropped. */
  unmapped: UnmappedFailureText[];
  /** First merges (duplicates reported twice), for traceability; `counts.duplicatesRemoved` counts all. */
  merged: MergeRecord[];
  /** First problems (all counted in counts.problems). */
  problems: CellProblem[];
  blocking: string[];
  aggregates: QualityAggregates;
  views: DepartmentView[];
  /** Present when the sources name an incident register (early warning configured). */
  incidents?: QualityIncidentsOfMonth;
}

export interface CompileQualityResult {
  compilationRef: DataRef;
  sourcesHash: string;
  counts: QualityCounts;
  /** Why this compilation may not be distributed (empty = it may); short, for the supervisor's page. */
  blocking: string[];
  /** Archived xlsx listing every problem with file, sheet, row and column (only when there are problems). */
  problemReport?: ArchiveRef;
  /** The most frequent unmapped failure texts (up to 5), for summaries. */
  topUnmapped: string[];
  /** Unmapped texts for the supervisor to classify on the draft review (absent when there are none). */
  review?: FailureTextReview;
}

/** What the draft review offers for classification: texts with suggestions, the modes, where answers go. */
export interface FailureTextReview extends UnmappedReview {
  /** Journal rows not applied (unknown code, text the catalogue gives to another mode), first 10. */
  setAside: SetAsideClassification[];
  /** "故障模式归类.xlsx › 故障模式归类", for the page. */
  journal: string;
}

export interface PrepareQualityDocumentsInput {
  compilationRef: DataRef;
  workflowId: string;
  runId: string;
  company: string;
  locale: QualityLocale;
  /** Draft version (the round) or null for the final documents. */
  draft: { version: number } | null;
  approval?: { by: string; at: string; version: number; comment?: string };
}

/** What the workflow needs to render and mail one department's PDF. */
export interface QualityDocumentPlan {
  departmentId: string;
  departmentName: string;
  recipients: string[];
  dataRef: DataRef;
  template: 'quality-feedback';
  meta: {
    workflowId: string;
    runId: string;
    period: Period;
    kind: Extract<DocumentKind, 'quality-feedback' | 'quality-feedback-draft'>;
    fileName: string;
    title: string;
    department: string;
    recipients: string[];
  };
  /** One to three short lines about this department's month (mail body, approval page). */
  highlights: string[];
}

export interface PrepareQualityDocumentsResult {
  documents: QualityDocumentPlan[];
  /** Lines and figures for the supervisor's approval page. */
  summary: string[];
  figures: { label: string; value: string }[];
}

export interface PublishQualitySummaryInput {
  compilationRef: DataRef;
  workflowId: string;
  runId: string;
  /** Where the tab goes; default: a workbook beside the first quality source (Excel) or the same spreadsheet (Google). */
  target?: TableRef;
  nearSource: TableRef;
  locale: QualityLocale;
  approval: { by: string; at: string; version: number };
}

export interface PublishQualitySummaryResult {
  target: TableRef;
  tab: string;
  unmappedTab: string;
  written: boolean;
  rows: number;
  document: ArchiveRef;
}

export interface QualityMailInput {
  workflowId: string;
  departmentId: string;
  departmentName: string;
  recipient: string;
  period: Period;
  document: ArchiveRef;
  highlights: string[];
  locale: QualityLocale;
  company: string;
}

export interface CheckQualitySourcesInput {
  sources: QualitySources;
}

/** The workflow's input: everything it needs from config, small enough for history (no rows, no tables). */
export interface QualityFeedbackInput {
  /** Report month, e.g. "2026-11". */
  period: Period;
  company: string;
  locale: QualityLocale;
  sources: QualitySources;
  /** Where the summary tab goes (default: a workbook beside the first quality source, or the same spreadsheet). */
  summaryTarget?: TableRef;
  /** Departments with their recipients (DEFAULT_QUALITY_ROUTING + config departments). */
  routing: QualityRouting;
  /** 客户主管: approves distribution or sends the drafts back. */
  supervisor: QualityPerson;
  options: QualityCompileOptions;
  supplierRecovery?: SupplierRecoveryInput[];
  /**
   * Fill the purchasing view's recovery columns from the month's supplier claims (return processing's supplier
   * batches and recovery register) each time it compiles; set when return processing is configured.
   */
  supplierRecoveryFromReturns?: boolean;
  /** Company zone: drafts are dated by the month's close in it (default Asia/Shanghai). */
  timeZone?: string;
  approval?: {
    /** Offsets from each request, e.g. ['2 days']. */
    reminders?: Duration[];
    escalateAfter?: Duration;
    escalateTo?: QualityPerson[];
    /** Validity of each link (default: 30 days). */
    linkTtl?: Duration;
  };
  /** How often the sheets' fingerprints are re-read while waiting for corrections (default '1 hour'). */
  recheckEvery?: Duration;
  /** Send-back rounds before the workflow gives up (default 20). */
  maxRounds?: number;
}
