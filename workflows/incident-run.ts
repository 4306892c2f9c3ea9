/**
 * One incident run as its phases see it (the policy, the opening signal, the status the query shows) and the three
 * things every phase does: describe the incident, write a register row, mail a notice.
 */
import { ApplicationFailure, condition, workflowInfo } from '@temporalio/workflow';
import type { ArchiveRef } from '../activities/archive/types';
import type {
  IncidentEventCode,
  IncidentInput,
  IncidentObservation,
  IncidentPerson,
  IncidentPolicy,
} from '../activities/incidents/types';
import { localDate } from '../domain/calendar';
import { incidentActs } from './incident-activities';
import type { IncidentStatus, RecurrenceWatch } from './incident-state';
import { describeIncident, partLabel } from './incident-text';

export interface IncidentRun {
  id: string;
  runId: string;
  input: IncidentInput;
  policy: IncidentPolicy;
  status: IncidentStatus;
  watch: RecurrenceWatch;
  /** The active signal that opened the incident (its evidence is the alert's PDF). */
  first: IncidentObservation;
  /** Who reads the alert and the closing report: the manager, the quality department, the supplier's purchasing. */
  readers: IncidentPerson[];
}

/**
 * Reads the incident policy, then waits (up to a day) for the opening signal, which signal-with-start delivers with
 * the start. Side effects: none (the policy read is an idempotent activity, retried while transient). Fails
 * non-retryably when no active signal arrives: an incident without a signal has no evidence.
 */
export async function openIncident(
  input: IncidentInput,
  status: IncidentStatus,
  watch: RecurrenceWatch,
): Promise<IncidentRun> {
  const id = status.incidentId;
  const policy: IncidentPolicy = await incidentActs.getIncidentPolicy();
  if (!(await condition(() => status.observations.first !== undefined, '1 day'))) {
    throw ApplicationFailure.nonRetryable(`${id}: started without an active signal`, 'IncidentWithoutSignal');
  }
  const readers = uniquePeople([
    policy.manager,
    ...policy.quality,
    ...(input.purchasingContact ? [input.purchasingContact] : []),
  ]);
  const first = status.observations.first!;
  return { id, runId: workflowInfo().runId, input, policy, status, watch, first, readers };
}

/** The incident's facts for an ask: the opening signal and the detector's latest finding as of now. */
export function incidentSummary(run: IncidentRun): string[] {
  const { id, input, first, status, policy } = run;
  return describeIncident(id, input, first, status.observations.latest ?? first, policy.locale);
}

/** The business date (company time zone) of an instant from history, or of the workflow's now. */
export function businessDate(run: IncidentRun, at?: string): string {
  return localDate(at ? Date.parse(at) : Date.now(), run.policy.timeZone);
}

export interface RegisterExtra {
  round?: number;
  date?: string;
  by?: string;
  notes?: string;
  supplierResponsible?: boolean;
  supplier?: string;
  costFen?: number;
}

/**
 * One row of the incident register (质量事件登记). Idempotent by incident + event (+ round): a retry or a replay
 * writes nothing twice; retried while the workbook is open in Excel or Sheets is unavailable.
 */
export function recordEvent(
  run: IncidentRun,
  event: IncidentEventCode,
  extra: RegisterExtra = {},
): ReturnType<typeof incidentActs.recordIncidentEvent> {
  const { id, input } = run;
  return incidentActs.recordIncidentEvent({
    incidentId: id,
    event,
    date: extra.date ?? businessDate(run),
    partNo: input.partNo,
    ...(input.partName ? { partName: input.partName } : {}),
    failureName: input.failureName,
    by: extra.by ?? 'system',
    ...((extra.supplier ?? input.suppliers[0]) ? { supplier: extra.supplier ?? input.suppliers[0] } : {}),
    ...(extra.round !== undefined ? { round: extra.round } : {}),
    ...(extra.notes ? { notes: extra.notes } : {}),
    ...(extra.supplierResponsible !== undefined ? { supplierResponsible: extra.supplierResponsible } : {}),
    ...(extra.costFen !== undefined ? { costFen: extra.costFen } : {}),
  });
}

/**
 * Mails a notice (a recurrence in round N, or the closing) to each person once, with the document attached if any.
 * Keyed by workflow + step + recipient in the sent-log, so a retry or a replay never mails twice.
 */
export async function sendNotice(
  run: IncidentRun,
  kind: 'recurred' | 'closed',
  round: number,
  to: IncidentPerson[],
  lines: string[],
  doc?: ArchiveRef,
): Promise<void> {
  const { id, input, policy } = run;
  await Promise.all(
    uniquePeople(to).map((p) =>
      incidentActs.sendIncidentMail({
        template: 'incident-notice',
        locale: policy.locale,
        key: { workflowId: id, step: kind === 'closed' ? 'closed' : `recurred-${round}`, recipient: p.email },
        to: { name: p.name, address: p.email },
        ...(doc ? { attachments: [{ docId: doc.docId, sha256: doc.sha256 }] } : {}),
        vars: {
          recipientName: p.name,
          incidentId: id,
          kind,
          part: partLabel(input),
          failureMode: input.failureName,
          lines,
          ...(doc ? { documentId: doc.docId, sha256: doc.sha256 } : {}),
          senderName: policy.company,
        },
      }),
    ),
  );
}

function uniquePeople(people: IncidentPerson[]): IncidentPerson[] {
  const seen = new Set<string>();
  return people.filter((p) => {
    const k = p.email.trim().toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
