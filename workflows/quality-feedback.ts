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
import { ApplicationFailure, defineQuery, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import type { createPdfActivities } from '../activities/pdf/create-pdf-activities';
import type { createApprovalActivities } from '../activities/approvals';
import type { createArchiveActivities } from '../activities/archive/create-archive-activities';
import type { ReturnsActivities } from '../activities/returns/create-returns-activities';
import { latestInstant, periodCloseInstant } from '../domain/calendar/document-time';
import type { ArchiveRef, DataRef } from '../activities/archive/types';
import type {
  CompileQualityResult,
  QualityActivities,
  QualityCounts,
  QualityFeedbackInput,
  QualityPerson,
  PublishQualitySummaryResult,
} from '../activities/quality';
import { decisionOf, installDecisionHandlers, type DecisionRecord } from './lib/decision';
import { notifyByEmail } from './lib/notify-by-email';
import { waitForDecision, type WaitOptions } from './lib/wait-for-decision';
import { approvalStep, correctionStep } from './quality-steps';
import { recordClassifications, withClassificationForm } from './quality-classify';
import { qualityCorrectedSignal, waitForCorrections, type QualityCorrectedSignal } from './quality-corrections';
import { activityOptions } from './lib/activity-options';

export { qualityCorrectedSignal, type QualityCorrectedSignal } from './quality-corrections';

type PdfActivities = ReturnType<typeof createPdfActivities>;
type ApprovalActivities = ReturnType<typeof createApprovalActivities>;
type ArchiveActivities = ReturnType<typeof createArchiveActivities>;

// Compiling reads every sheet (200k rows in well under a minute) and heartbeats while it reads and cleans.
const quality = proxyActivities<QualityActivities>(activityOptions('sheets'));
const { compileQualityFeedback } = quality;
const { sendQualityFeedbackMail } = proxyActivities<QualityActivities>(activityOptions('mail'));
const { renderDocument } = proxyActivities<PdfActivities>(activityOptions('render'));
const { sendActionRequest } = proxyActivities<ApprovalActivities>(activityOptions('mail'));
const { recordAudit } = proxyActivities<ArchiveActivities>(activityOptions('quick'));
const { summarizeSupplierRecovery } = proxyActivities<Pick<ReturnsActivities, 'summarizeSupplierRecovery'>>(
  activityOptions('sheets'),
);

/** Business id of a month's run, e.g. `quality-2026-11`. */
export const qualityFeedbackWorkflowId = (period: string): string => `quality-${period}`;

export type QualityPhase = 'compiling' | 'awaiting-corrections' | 'awaiting-approval' | 'distributing' | 'done';

export interface QualityFeedbackStatus {
  period: string;
  phase: QualityPhase;
  round: number;
  counts?: QualityCounts;
  blocking: string[];
  drafts: ArchiveRef[];
  finals: ArchiveRef[];
  lastSendBack?: { by: string; at: string; comment: string };
}

/** Where the month's run stands (phase, round, current drafts). */
export const qualityFeedbackStatusQuery = defineQuery<QualityFeedbackStatus>('qualityFeedbackStatus');

export interface QualityDepartmentResult {
  departmentId: string;
  name: string;
  document: ArchiveRef;
  mails: { recipient: string; status: 'sent' | 'already-sent' }[];
}

export interface QualityFeedbackResult {
  period: string;
  rounds: number;
  approval: { by: string; at: string; round: number; comment?: string };
  compilationRef: DataRef;
  counts: QualityCounts;
  unmapped: { texts: number; events: number; top: string[] };
  departments: QualityDepartmentResult[];
  summary: PublishQualitySummaryResult;
}

function personName(input: QualityFeedbackInput, email: string): string {
  const people: QualityPerson[] = [input.supervisor, ...(input.approval?.escalateTo ?? [])];
  const p = people.find((x) => x.email.toLowerCase() === email.toLowerCase());
  return p ? `${p.name}（${p.email}）` : email;
}

/**
 * The month's quality feedback. Side effects only through activities; idempotent throughout (work-store and
 * archive writes by content, mails by workflow + step + recipient, sheet tabs by content hash), so a retry or
 * replay never mails or writes twice. Waits for people on durable timers (no time limit of its own).
 */
export async function qualityFeedbackWorkflow(input: QualityFeedbackInput): Promise<QualityFeedbackResult> {
  installDecisionHandlers();
  const info = workflowInfo();
  const status: QualityFeedbackStatus = {
    period: input.period,
    phase: 'compiling',
    round: 0,
    blocking: [],
    drafts: [],
    finals: [],
  };
  let signal: QualityCorrectedSignal | null = null;
  setHandler(qualityFeedbackStatusQuery, () => status);
  // Only meaningful while the workflow waits for corrections; at other times the sheets are read anyway.
  setHandler(qualityCorrectedSignal, (s) => {
    if (status.phase === 'awaiting-corrections') signal = s ?? {};
  });

  const names: Record<string, string> = Object.fromEntries(
    [input.supervisor, ...(input.approval?.escalateTo ?? [])].map((p) => [p.email.toLowerCase(), p.name]),
  );
  const reminders: Duration[] = input.approval?.reminders ?? ['2 days'];
  const wait: WaitOptions = {
    reminders,
    ...(input.approval?.escalateAfter && input.approval.escalateTo?.length
      ? { escalateAfter: input.approval.escalateAfter, escalateTo: input.approval.escalateTo.map((p) => p.email) }
      : {}),
    ...(input.approval?.linkTtl ? { linkTtl: input.approval.linkTtl } : {}),
    notify: notifyByEmail(sendActionRequest, { names, requestedBy: input.company }),
  };
  const maxRounds = input.maxRounds ?? 20;
  // Drafts are dated by the month's close, or by the last decision that led to them (history), never by the clock:
  // a re-run of a failed month renders the same bytes (the archive keeps one version) and asks nobody again.
  let lastDecisionAt: string | undefined;
  const correct = async (compiled: CompileQualityResult, round: number, reason: string[], sentBack: boolean) => {
    signal = null; // a signal left over from an earlier wait says nothing about this one
    status.phase = 'awaiting-corrections';
    const spec = correctionStep(input, round, reason, sentBack, compiled);
    await waitForCorrections({
      spec,
      wait: { reminders, notify: wait.notify, ...(wait.linkTtl ? { linkTtl: wait.linkTtl } : {}) },
      sourcesHash: compiled.sourcesHash,
      recheckEvery: input.recheckEvery ?? '1 hour',
      checkSources: () => quality.checkQualitySources({ sources: input.sources }),
      hasSignal: () => signal !== null,
      takeSignal: () => {
        const s = signal;
        signal = null;
        return s;
      },
    });
    lastDecisionAt = decisionOf(spec.stepId)?.decidedAt ?? lastDecisionAt;
  };

  let approved: DecisionRecord | null = null;
  let compiled: CompileQualityResult | null = null;
  let round = 0;
  while (!approved) {
    round += 1;
    if (round > maxRounds) {
      throw ApplicationFailure.nonRetryable(
        `quality feedback ${input.period}: still not approved after ${maxRounds} rounds`,
        'TooManyRounds',
      );
    }
    status.phase = 'compiling';
    status.round = round;
    const supplierRecovery = input.supplierRecoveryFromReturns
      ? (await summarizeSupplierRecovery({ period: input.period })).map(
          ({ supplier, claimedFen, recoveredFen, openClaims }) => ({ supplier, claimedFen, recoveredFen, openClaims }),
        )
      : input.supplierRecovery;
    compiled = await compileQualityFeedback({
      workflowId: info.workflowId,
      runId: info.runId,
      period: input.period,
      round,
      sources: input.sources,
      routing: input.routing,
      options: input.options,
      locale: input.locale,
      ...(supplierRecovery ? { supplierRecovery } : {}),
    });
    status.counts = compiled.counts;
    status.blocking = compiled.blocking;
    if (compiled.blocking.length > 0) {
      await correct(compiled, round, compiled.blocking, false);
      continue;
    }
    const prepared = await quality.prepareQualityDocuments({
      compilationRef: compiled.compilationRef,
      workflowId: info.workflowId,
      runId: info.runId,
      company: input.company,
      locale: input.locale,
      draft: { version: round },
    });
    const generatedAt = latestInstant(
      [lastDecisionAt],
      periodCloseInstant(input.period, input.timeZone ?? 'Asia/Shanghai'),
    );
    const drafts = await Promise.all(
      prepared.documents.map((d) =>
        renderDocument({ template: d.template, dataRef: d.dataRef, meta: d.meta, generatedAt, locale: input.locale }),
      ),
    );
    status.drafts = drafts;
    status.phase = 'awaiting-approval';
    const review = withClassificationForm(
      approvalStep(input, round, prepared, drafts, compiled),
      compiled,
      input.locale === 'en',
    );
    const outcome = await waitForDecision(review, wait);
    await recordClassifications(outcome.decision, compiled, input, info.workflowId);
    if (outcome.decision.action === 'approve') {
      approved = outcome.decision;
      break;
    }
    const comment = outcome.decision.comment ?? '';
    status.lastSendBack = { by: outcome.decision.decidedBy, at: outcome.decision.decidedAt, comment };
    lastDecisionAt = outcome.decision.decidedAt;
    await correct(compiled, round, [comment], true);
  }
  if (!compiled) throw ApplicationFailure.nonRetryable('no compilation', 'InternalError');

  status.phase = 'distributing';
  const approvedBy = personName(input, approved.decidedBy);
  const prepared = await quality.prepareQualityDocuments({
    compilationRef: compiled.compilationRef,
    workflowId: info.workflowId,
    runId: info.runId,
    company: input.company,
    locale: input.locale,
    draft: null,
    approval: {
      by: approvedBy,
      at: approved.decidedAt,
      version: round,
      ...(approved.comment ? { comment: approved.comment } : {}),
    },
  });
  const finals = await Promise.all(
    prepared.documents.map((d) =>
      renderDocument({
        template: d.template,
        dataRef: d.dataRef,
        meta: d.meta,
        generatedAt: approved.decidedAt,
        locale: input.locale,
      }),
    ),
  );
  status.finals = finals;
  const departments: QualityDepartmentResult[] = await Promise.all(
    prepared.documents.map(async (d, i) => {
      const document = finals[i]!;
      const mails = await Promise.all(
        d.recipients.map(async (recipient) => {
          const r = await sendQualityFeedbackMail({
            workflowId: info.workflowId,
            departmentId: d.departmentId,
            departmentName: d.departmentName,
            recipient,
            period: input.period,
            document,
            highlights: d.highlights,
            locale: input.locale,
            company: input.company,
            approvedBy: approvedBy,
          });
          return { recipient, status: r.status };
        }),
      );
      return { departmentId: d.departmentId, name: d.departmentName, document, mails };
    }),
  );
  const summary = await quality.publishQualitySummary({
    compilationRef: compiled.compilationRef,
    workflowId: info.workflowId,
    runId: info.runId,
    ...(input.summaryTarget ? { target: input.summaryTarget } : {}),
    nearSource: (input.sources.qualityEvents[0] ?? input.sources.failureModes).ref,
    locale: input.locale,
    approval: { by: approvedBy, at: approved.decidedAt, version: round },
  });
  await recordAudit({
    eventId: `${info.workflowId}/distributed`,
    actor: approved.decidedBy,
    action: 'quality.distributed',
    target: info.workflowId,
    detail: {
      period: input.period,
      round,
      documents: finals.map((f) => ({ docId: f.docId, sha256: f.sha256 })),
      summaryTab: summary.tab,
      summaryDocId: summary.document.docId,
    },
  });
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
