/**
 * Activities of the monthly quality-information feedback (质量信息反馈表). Wired in worker.ts with typed deps:
 * a table backend per source kind, the work store, the archive and the platform's sendMail.
 */
import type { DataRef } from '../archive/types';
import type { SendMailInput, SendMailResult } from '../mail/send-mail';
import type { TableBackend, TableRef } from '../sheets/types';
import {
  recordClassifications,
  type RecordClassificationsInput,
  type RecordClassificationsResult,
} from './classification-journal';
import { checkQualitySourcesHash, compileQualityFeedback } from './compile-quality-feedback';
import { prepareQualityDocuments } from './prepare-quality-documents';
import { publishQualitySummary, type PublishDeps } from './publish-quality-summary';
import { sendQualityFeedbackMail } from './send-quality-mail';
import type {
  CheckQualitySourcesInput,
  CompileQualityInput,
  CompileQualityResult,
  PrepareQualityDocumentsInput,
  PrepareQualityDocumentsResult,
  PublishQualitySummaryInput,
  PublishQualitySummaryResult,
  QualityMailInput,
} from './types';

export * from './types';
export type { RecordClassificationsInput, RecordClassificationsResult } from './classification-journal';
export { CLASSIFICATION_HEADER, CLASSIFICATION_TAB, classificationJournalRef } from './classification-journal';
export { qualityMailKey } from './send-quality-mail';
export { defaultQualitySummaryTarget } from './publish-quality-summary';

export interface QualityActivityDeps {
  /** The table backend for a source (Excel folder or Google Sheets). */
  backendFor: (ref: TableRef) => TableBackend;
  work: { putJson(value: unknown): Promise<DataRef>; getJson<T>(ref: DataRef): Promise<T> };
  /** The archive (ArchiveStore): documents are put by content; `findByFileName` lets a retried publish reuse its xlsx. */
  archive: PublishDeps['archive'];
  /** The platform's sendMail (called inside the activity). */
  mail: (input: SendMailInput) => Promise<SendMailResult>;
  /** Folder for temporary bucket files while cleaning (default: the OS temp folder). */
  tmpDir?: string;
  /** Bucket files for cleaning (default 32). */
  buckets?: number;
  /** Folder for the classification journal's lock file (default: `locks` in tmpDir). */
  lockDir?: string;
  senderName?: string;
}

export function createQualityActivities(deps: QualityActivityDeps) {
  return {
    /**
     * Reads every configured quality source (streamed, memory flat), the catalogue and the volumes; cleans,
     * de-duplicates and aggregates; stores the compilation in the work store. Side effects: work-store blobs and,
     * when rows are bad, an archived problem list (xlsx). Idempotent: same sheets ⇒ same blobs. Unreadable
     * sources are reported as blocking, not thrown; I/O faults and sheets changing mid-read are retried.
     */
    async compileQualityFeedback(input: CompileQualityInput): Promise<CompileQualityResult> {
      return compileQualityFeedback(deps, input);
    },

    /** Re-reads the sources' fingerprints only (cheap); the hash changes when anyone edits a sheet. Read-only. */
    async checkQualitySources(input: CheckQualitySourcesInput): Promise<{ sourcesHash: string }> {
      return { sourcesHash: await checkQualitySourcesHash(deps, input.sources) };
    },

    /** Builds each department's PDF data (work store) and archive metadata. Side effects: work-store blobs only. */
    async prepareQualityDocuments(input: PrepareQualityDocumentsInput): Promise<PrepareQualityDocumentsResult> {
      return prepareQualityDocuments(deps, input);
    },

    /**
     * Writes the summary tab and the unmapped-texts tab (new tabs of a results workbook/spreadsheet, never over a
     * tab the system did not write; the same content twice leaves one copy) and archives them as an xlsx.
     * Retries: a workbook open in Excel or changed meanwhile is retried; a foreign tab of that name is permanent.
     */
    async publishQualitySummary(input: PublishQualitySummaryInput): Promise<PublishQualitySummaryResult> {
      return publishQualitySummary(deps, input);
    },

    /**
     * Appends the supervisor's classifications of unmapped failure texts to the system-owned journal (故障模式归类),
     * which every later compilation folds into the catalogue as synonyms. Idempotent: one row per text, a text
     * already there keeps its first classification; a journal edited meanwhile is refused and retried.
     */
    async recordFailureModeClassifications(input: RecordClassificationsInput): Promise<RecordClassificationsResult> {
      return recordClassifications(deps, input);
    },

    /** Mails one department's final PDF to one recipient, once per (workflow, department, recipient). */
    async sendQualityFeedbackMail(input: QualityMailInput & { approvedBy?: string }): Promise<SendMailResult> {
      return sendQualityFeedbackMail(deps, input);
    },
  };
}

export type QualityActivities = ReturnType<typeof createQualityActivities>;
