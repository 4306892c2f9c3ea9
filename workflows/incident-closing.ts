/**
 * The incident's last phase: the closing report PDF, archived and mailed to the readers of the alert; the register's
 * closing row carries the cost for supplier recovery; the open-incident pointer is released.
 */
import type { ArchiveRef } from '../activities/archive/types';
import { formatFen } from '../domain/money';
import { incidentActs, renderDocument } from './incident-activities';
import { closingReportData } from './incident-report';
import type { RootCause } from './incident-root-cause';
import { businessDate, recordEvent, sendNotice, type IncidentRun } from './incident-run';
import type { IncidentOutcome } from './incident-state';
import { partLabel, tr } from './incident-text';

/**
 * Closes the incident on today's business date: renders and archives the closing report, records 'closed' with the
 * responsibility and cost, mails the report, then releases the open-incident pointer so the detector may open a
 * new incident for the same part and failure mode. Side effects: one archived PDF, one register row (idempotent by
 * key), one mail per reader (sent-log by 'closed' + recipient), the pointer removed (idempotent); each retried
 * while transient.
 */
export async function closeIncident(
  run: IncidentRun,
  cause: RootCause,
  costFen: number,
  evidence: ArchiveRef,
): Promise<IncidentOutcome> {
  const { id, input, status } = run;
  const { supplierResponsible, supplier } = cause;
  status.phase = 'closing';
  const closedOn = businessDate(run);
  status.closedOn = closedOn;
  const closing = await renderClosingReport(run, cause, costFen, evidence, closedOn);
  status.documents.closing = closing;
  await recordEvent(run, 'closed', {
    date: closedOn,
    supplierResponsible,
    ...(supplier ? { supplier } : {}),
    costFen,
    notes: tr(run.policy.locale, `${status.rounds.length} 轮措施`, `${status.rounds.length} action round(s)`),
  });
  await sendNotice(run, 'closed', status.round, run.readers, closingLines(run, cause, costFen), closing);
  await incidentActs.releaseIncidentPointer({ key: input.key, workflowId: id });
  status.phase = 'closed';
  return {
    incidentId: id,
    key: input.key,
    openedOn: input.openedOn,
    closedOn,
    rounds: status.rounds.length,
    recurrences: status.rounds.filter((x) => x.outcome === 'recurred').length,
    supplierResponsible,
    ...(supplier ? { supplier } : {}),
    costFen,
    observations: status.observations.total,
    evidence,
    closingReport: closing,
  };
}

function renderClosingReport(
  run: IncidentRun,
  { supplierResponsible, supplier }: RootCause,
  costFen: number,
  evidence: ArchiveRef,
  closedOn: string,
): Promise<ArchiveRef> {
  const { id, input, policy, status } = run;
  const loc = policy.locale;
  return renderDocument({
    template: 'incident-closing-report',
    locale: loc,
    generatedAt: new Date(Date.now()).toISOString(),
    data: closingReportData({ id, input, policy, status, supplierResponsible, supplier, costFen, evidence, closedOn }),
    meta: {
      workflowId: id,
      runId: run.runId,
      period: closedOn.slice(0, 7),
      kind: 'incident-closing-report',
      fileName: `结案报告 ${id}.pdf`,
      title: tr(
        loc,
        `批量质量问题结案报告 ${partLabel(input)} ${input.failureName}`,
        `Batch quality problem closing report ${partLabel(input)} ${input.failureName}`,
      ),
      recipients: run.readers.map((p) => p.email),
    },
  });
}

function closingLines(run: IncidentRun, { supplierResponsible, supplier }: RootCause, costFen: number): string[] {
  const loc = run.policy.locale;
  return [
    tr(loc, '事件已关闭，附结案报告。', 'The incident is closed; the closing report is attached.'),
    tr(
      loc,
      `责任：${supplierResponsible ? `供应商（${supplier ?? ''}）` : '非供应商'}；费用 ¥${formatFen(costFen)}`,
      `Responsibility: ${supplierResponsible ? `supplier (${supplier ?? ''})` : 'not the supplier'}; cost CNY ${formatFen(costFen)}`,
    ),
  ];
}
