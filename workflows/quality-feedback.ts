/**
 * Monthly quality-information feedback (质量信息反馈表), one run per month: `quality-2026-11`.
 *
 *   compile (read every source, clean, aggregate, department views → work store)
 *   → blocking problems? ask the supervisor to correct the sheets, wait, compile again
 *   → render one DRAFT PDF per department → the customer supervisor previews them all from one link
 *   → sent back with a comment? wait for corrected sheets (link, signal or changed fingerprints), compile again
 *   → approved: final PDFs mailed to each department, summary tab written, everything archived.
 *
 * History carries DataRefs, ArchiveRefs, hashes and counts only; rows, aggregates and PDFs stay in activities.
 */
import { defineQuery, setHandler, workflowInfo } from '@temporalio/workflow';
import type { DataRef } from '../activities/archive/types';
import type { PublishQualitySummaryResult, QualityCounts, QualityFeedbackInput } from '../activities/quality';
import { installDecisionHandlers } from './lib/decision';
import { notifyByEmail } from './lib/notify-by-email';
import type { WaitOptions } from './lib/wait-for-decision';
import { qualityCorrectedSignal } from './quality-corrections';
import {
  mailDepartments,
  publishSummaryAndAudit,
  renderFinals,
  type QualityDepartmentResult,
} from './quality-distribute';
import { compileUntilApproved } from './quality-review';
import { sendActionRequest, type QualityFeedbackStatus, type QualityRun } from './quality-run';
import type { Period } from '../domain/calendar';

export { qualityCorrectedSignal, type QualityCorrectedSignal } from './quality-corrections';
export type { QualityDepartmentResult } from './quality-distribute';
export type { QualityFeedbackStatus, QualityPhase } from './quality-run';

/** Business id of a month's run, e.g. `quality-2026-11`. */
export const qualityFeedbackWorkflowId = (period: Period): string => `quality-${period}`;

/** Where the month's run stands (phase, round, current drafts). */
export const qualityFeedbackStatusQuery = defineQuery<QualityFeedbackStatus>('qualityFeedbackStatus');

export interface QualityFeedbackResult {
  period: Period;
  rounds: number;
  approval: { by: string; at: string; round: number; comment?: string };
  compilationRef: DataRef;
  counts: QualityCounts;
  unmapped: { texts: number; events: number; top: string[] };
  departments: QualityDepartmentResult[];
  summary: PublishQualitySummaryResult;
}

/** The run's context: the supervisor's (and escalation contacts') names, how they are asked and reminded. */
function prepareQualityRun(input: QualityFeedbackInput): QualityRun {
  const info = workflowInfo();
  const names: Record<string, string> = Object.fromEntries(
    [input.supervisor, ...(input.approval?.escalateTo ?? [])].map((p) => [p.email.toLowerCase(), p.name]),
  );
  const reminders = input.approval?.reminders ?? ['2 days'];
  const notify = notifyByEmail(sendActionRequest, { names, requestedBy: input.company });
  const linkTtl = input.approval?.linkTtl ? { linkTtl: input.approval.linkTtl } : {};
  const approvalWait: WaitOptions = {
    reminders,
    ...(input.approval?.escalateAfter && input.approval.escalateTo?.length
      ? { escalateAfter: input.approval.escalateAfter, escalateTo: input.approval.escalateTo.map((p) => p.email) }
      : {}),
    ...linkTtl,
    notify,
  };
  return {
    input,
    workflowId: info.workflowId,
    runId: info.runId,
    status: { period: input.period, phase: 'compiling', round: 0, blocking: [], drafts: [], finals: [] },
    approvalWait,
    correctionWait: { reminders, notify, ...linkTtl },
    signal: null,
  };
}

/**
 * The month's quality feedback. Side effects only through activities; idempotent throughout (work-store and
 * archive writes by content, mails by workflow + step + recipient, sheet tabs by content hash), so a retry or
 * replay never mails or writes twice. Waits for people on durable timers (no time limit of its own).
 */
export async function qualityFeedbackWorkflow(input: QualityFeedbackInput): Promise<QualityFeedbackResult> {
  installDecisionHandlers();
  const run = prepareQualityRun(input);
  const { status } = run;
  setHandler(qualityFeedbackStatusQuery, () => status);
  // Only meaningful while the workflow waits for corrections; at other times the sheets are read anyway.
  setHandler(qualityCorrectedSignal, (s) => {
    if (status.phase === 'awaiting-corrections') run.signal = s ?? {};
  });
  const approvedRound = await compileUntilApproved(run);
  const { approved, compiled, round } = approvedRound;
  const finals = await renderFinals(run, compiled, approved, round);
  const departments = await mailDepartments(run, finals);
  const summary = await publishSummaryAndAudit(run, approvedRound, finals);
  status.phase = 'done';
  return {
    period: input.period,
    rounds: round,
    approval: {
      by: approved.decidedBy,
      at: approved.decidedAt,
      round,
      ...(approved.comment ? { comment: approved.comment } : {}),
    },
    compilationRef: compiled.compilationRef,
    counts: compiled.counts,
    unmapped: {
      texts: compiled.counts.unmappedTexts,
      events: compiled.counts.unmappedEvents,
      top: compiled.topUnmapped,
    },
    departments,
    summary,
  };
}
