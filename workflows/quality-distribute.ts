/**
 * Distribution of the approved quality feedback: final PDFs (dated by the approval), mailed to each department
 * (idempotent per workflow + department + recipient), the summary tab written, the distribution audited once.
 */
import type { ArchiveRef } from '../activities/archive/types';
import type {
  CompileQualityResult,
  PrepareQualityDocumentsResult,
  PublishQualitySummaryResult,
  QualityFeedbackInput,
  QualityPerson,
} from '../activities/quality';
import type { DecisionRecord } from './lib/decision';
import {
  prepareDocuments,
  quality,
  recordAudit,
  renderDocument,
  sendQualityFeedbackMail,
  type QualityRun,
} from './quality-run';

export interface QualityDepartmentResult {
  departmentId: string;
  name: string;
  document: ArchiveRef;
  mails: { recipient: string; status: 'sent' | 'already-sent' }[];
}

export interface FinalDocuments {
  prepared: PrepareQualityDocumentsResult;
  finals: ArchiveRef[];
  /** The approver as printed on the documents: `name（email）`. */
  approvedBy: string;
}

function personName(input: QualityFeedbackInput, email: string): string {
  const people: QualityPerson[] = [input.supervisor, ...(input.approval?.escalateTo ?? [])];
  const p = people.find((x) => x.email.toLowerCase() === email.toLowerCase());
  return p ? `${p.name}（${p.email}）` : email;
}

export async function renderFinals(
  run: QualityRun,
  compiled: CompileQualityResult,
  approved: DecisionRecord,
  round: number,
): Promise<FinalDocuments> {
  const { input } = run;
  run.status.phase = 'distributing';
  const approvedBy = personName(input, approved.decidedBy);
  const prepared = await prepareDocuments(run, compiled, {
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
  run.status.finals = finals;
  return { prepared, finals, approvedBy };
}

export async function mailDepartments(
  run: QualityRun,
  { prepared, finals, approvedBy }: FinalDocuments,
): Promise<QualityDepartmentResult[]> {
  const { input } = run;
  return Promise.all(
    prepared.documents.map(async (d, i) => {
      const document = finals[i]!;
      const mails = await Promise.all(
        d.recipients.map(async (recipient) => {
          const r = await sendQualityFeedbackMail({
            workflowId: run.workflowId,
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
}

/** Writes the month's summary tab beside the sources and records the distribution in the audit log. */
export async function publishSummaryAndAudit(
  run: QualityRun,
  { compiled, approved, round }: { compiled: CompileQualityResult; approved: DecisionRecord; round: number },
  { finals, approvedBy }: FinalDocuments,
): Promise<PublishQualitySummaryResult> {
  const { input } = run;
  const summary = await quality.publishQualitySummary({
    compilationRef: compiled.compilationRef,
    workflowId: run.workflowId,
    runId: run.runId,
    ...(input.summaryTarget ? { target: input.summaryTarget } : {}),
    nearSource: (input.sources.qualityEvents[0] ?? input.sources.failureModes).ref,
    locale: input.locale,
    approval: { by: approvedBy, at: approved.decidedAt, version: round },
  });
  await recordAudit({
    eventId: `${run.workflowId}/distributed`,
    actor: approved.decidedBy,
    action: 'quality.distributed',
    target: run.workflowId,
    detail: {
      period: input.period,
      round,
      documents: finals.map((f) => ({ docId: f.docId, sha256: f.sha256 })),
      summaryTab: summary.tab,
      summaryDocId: summary.document.docId,
    },
  });
  return summary;
}
