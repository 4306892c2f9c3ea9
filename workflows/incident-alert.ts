/**
 * The incident's first phase: the evidence PDF of the opening signal, the register's 'opened' row, and the alert
 * mail with the evidence to the manager, the quality department and the supplier's purchasing contact.
 */
import { ApplicationFailure } from '@temporalio/workflow';
import type { ArchiveRef } from '../activities/archive/types';
import type { IncidentPerson } from '../activities/incidents/types';
import { incidentActs, renderDocument } from './incident-activities';
import { recordEvent, type IncidentRun } from './incident-run';
import { formatP, observationLine, partLabel, tr } from './incident-text';

/**
 * Renders and archives the evidence of the opening signal, records 'opened' and mails the alert to every reader.
 * Side effects: one archived PDF (versioned by content: a retry or a replay archives nothing new), one register row
 * (idempotent by key), one mail per reader (sent-log by workflow + 'alert' + recipient). Each activity retries while
 * the fault is transient; a first signal without evidence fails the run non-retryably.
 */
export async function alertIncident(run: IncidentRun): Promise<ArchiveRef> {
  const { id, input, first, policy, readers } = run;
  const loc = policy.locale;
  if (!first.evidenceRef)
    throw ApplicationFailure.nonRetryable(`${id}: the first signal carries no evidence`, 'IncidentWithoutEvidence');
  const evidence = await renderDocument({
    template: 'incident-evidence',
    dataRef: first.evidenceRef,
    locale: loc,
    generatedAt: new Date(Date.now()).toISOString(),
    meta: {
      workflowId: id,
      runId: run.runId,
      period: input.openedOn.slice(0, 7),
      kind: 'incident-evidence',
      fileName: `预警证据 ${id}.pdf`,
      title: tr(
        loc,
        `批量质量问题预警证据 ${partLabel(input)} ${input.failureName}`,
        `Batch quality warning evidence ${partLabel(input)} ${input.failureName}`,
      ),
      recipients: readers.map((p) => p.email),
    },
  });
  run.status.documents.evidence = evidence;
  await recordEvent(run, 'opened', { date: input.openedOn, notes: observationLine(first, loc) });
  await Promise.all(readers.map((p) => mailAlert(run, p, evidence)));
  return evidence;
}

function mailAlert(run: IncidentRun, p: IncidentPerson, evidence: ArchiveRef): Promise<unknown> {
  const { id, input, first, policy } = run;
  const loc = policy.locale;
  return incidentActs.sendIncidentMail({
    template: 'incident-alert',
    locale: loc,
    key: { workflowId: id, step: 'alert', recipient: p.email },
    to: { name: p.name, address: p.email },
    attachments: [{ docId: evidence.docId, sha256: evidence.sha256 }],
    vars: {
      recipientName: p.name,
      incidentId: id,
      part: partLabel(input),
      failureMode: input.failureName,
      ...(input.suppliers.length ? { suppliers: input.suppliers.join(loc === 'en' ? ', ' : '、') } : {}),
      asOf: first.asOf,
      observed: first.observed,
      expected: first.expected.toFixed(1),
      pValue: formatP(first.pValue),
      cusum: first.cusum.toFixed(1),
      scopes: first.scopes,
      owners: [
        `${tr(loc, '遏制', 'Containment')}：${policy.owners.containment.name}`,
        `${tr(loc, '原因分析', 'Root cause')}：${policy.owners.rootCause.name}`,
        `${tr(loc, '纠正措施', 'Corrective action')}：${policy.owners.action.name}`,
        `${tr(loc, '效果验证', 'Verification')}：${policy.owners.verification.name}`,
      ],
      documentId: evidence.docId,
      sha256: evidence.sha256,
      senderName: policy.company,
    },
  });
}
