/**
 * What the phases of the monthly quality feedback share: the activity proxies, the status the query reads,
 * and the run's context (input, wait options, the pending "sheets corrected" signal, the last decision time).
 */
import { proxyActivities } from '@temporalio/workflow';
import type { createPdfActivities } from '../activities/pdf/create-pdf-activities';
import type { createApprovalActivities } from '../activities/approvals';
import type { createArchiveActivities } from '../activities/archive/create-archive-activities';
import type { ReturnsActivities } from '../activities/returns/create-returns-activities';
import type { ArchiveRef } from '../activities/archive/types';
import type {
  CompileQualityResult,
  PrepareQualityDocumentsInput,
  QualityActivities,
  QualityCounts,
  QualityFeedbackInput,
} from '../activities/quality';
import { activityOptions } from './lib/activity-options';
import type { WaitOptions } from './lib/wait-for-decision';
import type { QualityCorrectedSignal } from './quality-corrections';
import type { Period } from '../domain/calendar';

type PdfActivities = ReturnType<typeof createPdfActivities>;
type ApprovalActivities = ReturnType<typeof createApprovalActivities>;
type ArchiveActivities = ReturnType<typeof createArchiveActivities>;

// Compiling reads every sheet (200k rows in well under a minute) and heartbeats while it reads and cleans.
export const quality = proxyActivities<QualityActivities>(activityOptions('sheets'));
export const { sendQualityFeedbackMail } = proxyActivities<QualityActivities>(activityOptions('mail'));
export const { renderDocument } = proxyActivities<PdfActivities>(activityOptions('render'));
export const { sendActionRequest } = proxyActivities<ApprovalActivities>(activityOptions('mail'));
export const { recordAudit } = proxyActivities<ArchiveActivities>(activityOptions('quick'));
export const { summarizeSupplierRecovery } = proxyActivities<Pick<ReturnsActivities, 'summarizeSupplierRecovery'>>(
  activityOptions('sheets'),
);

export type QualityPhase = 'compiling' | 'awaiting-corrections' | 'awaiting-approval' | 'distributing' | 'done';

export interface QualityFeedbackStatus {
  period: Period;
  phase: QualityPhase;
  round: number;
  counts?: QualityCounts;
  blocking: string[];
  drafts: ArchiveRef[];
  finals: ArchiveRef[];
  lastSendBack?: { by: string; at: string; comment: string };
}

export interface QualityRun {
  input: QualityFeedbackInput;
  workflowId: string;
  runId: string;
  status: QualityFeedbackStatus;
  /** How the supervisor is asked to approve: reminders, escalation, link lifetime, the mail. */
  approvalWait: WaitOptions;
  /** How the supervisor is asked for corrected sheets: the same reminders and mail, no escalation. */
  correctionWait: WaitOptions;
  /** A "sheets corrected" signal not yet taken; the handler sets it only while corrections are awaited. */
  signal: QualityCorrectedSignal | null;
  /**
   * Drafts are dated by the month's close, or by the last decision that led to them (history), never by the
   * clock: a re-run of a failed month renders the same bytes (the archive keeps one version) and asks nobody again.
   */
  lastDecisionAt?: string;
}

/** One document per department from the compilation: drafts (`draft: { version }`) or finals (`approval`). */
export function prepareDocuments(
  run: QualityRun,
  compiled: CompileQualityResult,
  version: Pick<PrepareQualityDocumentsInput, 'draft' | 'approval'>,
) {
  return quality.prepareQualityDocuments({
    compilationRef: compiled.compilationRef,
    workflowId: run.workflowId,
    runId: run.runId,
    company: run.input.company,
    locale: run.input.locale,
    ...version,
  });
}
