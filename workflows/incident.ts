/**
 * `incident-2026-11-DP-1230-异响`: one batch quality problem (批量质量问题) from the detector's signal to closure.
 *
 * Started by the daily detector with signal-with-start (one open incident per part × failure mode; later signals
 * and the daily checks attach here as `incidentObservation`). alert mail with the evidence PDF to the manager, the
 * quality department and the supplier's purchasing contact → containment → root cause (supplier responsible or
 * not) → corrective action with a due date → action done → verification: N weeks in which the detector's checks
 * must not fire again, then the owner confirms → closing report PDF, archived and mailed. A recurrence, or an
 * action found not effective, sends the incident back to a new corrective-action round.
 *
 * Every step is a link form to its owner with reminders and escalation to the manager on durable timers; every
 * state change is one row in the incident register (idempotent by key), every mail keyed by workflow + step +
 * recipient. History carries the decisions, observations (figures and references) and document references.
 */
import {
  ApplicationFailure,
  condition,
  defineQuery,
  defineSignal,
  patched,
  setHandler,
  workflowInfo,
} from '@temporalio/workflow';
import { msToNumber } from '@temporalio/common';
import type { ArchiveRef } from '../activities/archive/types';
import type {
  IncidentEventCode,
  IncidentInput,
  IncidentObservation,
  IncidentPerson,
  IncidentPolicy,
} from '../activities/incidents/types';
import { localDate } from '../domain/calendar';
import { formatFen } from '../domain/money';
import { installDecisionHandlers } from './lib/decision';
import { incidentActs, renderDocument } from './incident-activities';
import { closingReportData } from './incident-report';
import {
  askAction,
  askContainment,
  askImplemented,
  askRootCause,
  askVerification,
  type StepAnswer,
} from './incident-steps';
import { describeIncident, durationText, formatP, observationLine, partLabel, tr } from './incident-text';

export type { IncidentInput, IncidentObservation } from '../activities/incidents/types';
export { incidentWorkflowId } from '../domain/early-warning/incident-key';

/** The detector's news for this incident (a new signal, or the daily check against the frozen baseline). */
export const incidentObservationSignal = defineSignal<[IncidentObservation]>('incidentObservation');

export type IncidentPhase =
  | 'alerting'
  | 'containment'
  | 'root-cause'
  | 'action'
  | 'implementing'
  | 'verifying'
  | 'verification'
  | 'closing'
  | 'closed';

export interface IncidentRound {
  round: number;
  action?: StepAnswer;
  implemented?: StepAnswer;
  /** How the round ended: a recurrence seen by the detector, the owner's verdict, or still running. */
  outcome?: 'recurred' | 'not-effective' | 'verified';
  recurrence?: IncidentObservation;
  verification?: StepAnswer;
  /** Detector checks during the verification weeks (all, and those that fired). */
  checks?: { total: number; active: number; from: string; until: string };
}

export interface IncidentStatus {
  incidentId: string;
  key: string;
  phase: IncidentPhase;
  openedOn: string;
  round: number;
  observations: { total: number; active: number; first?: IncidentObservation; latest?: IncidentObservation };
  /** Active observations (signals) in order, at most 60 kept. */
  signals: IncidentObservation[];
  containment?: StepAnswer;
  rootCause?: StepAnswer;
  rounds: IncidentRound[];
  verifyingUntil?: string;
  documents: { evidence?: ArchiveRef; closing?: ArchiveRef };
  closedOn?: string;
}

export const incidentStatusQuery = defineQuery<IncidentStatus>('incidentStatus');

export interface IncidentOutcome {
  incidentId: string;
  key: string;
  openedOn: string;
  closedOn: string;
  rounds: number;
  recurrences: number;
  supplierResponsible: boolean;
  supplier?: string;
  costFen: number;
  observations: number;
  evidence: ArchiveRef;
  closingReport: ArchiveRef;
}

const MAX_SIGNALS = 60;

/** Patch id: the containment ask describes the opening signal only, so its mail is the same in any run. */
const CONTAINMENT_ASKS_FIRST_SIGNAL = 'containment-asks-first-signal';

export async function incidentWorkflow(input: IncidentInput): Promise<IncidentOutcome> {
  installDecisionHandlers();
  const info = workflowInfo();
  const id = info.workflowId;
  const seen = new Set<string>();
  // What the signal handler feeds while a verification period runs (an object, so the checks below see updates).
  const watch: { from: string | null; recurrence: IncidentObservation | null; total: number; active: number } = {
    from: null,
    recurrence: null,
    total: 0,
    active: 0,
  };
  const status: IncidentStatus = {
    incidentId: id,
    key: input.key,
    phase: 'alerting',
    openedOn: input.openedOn,
    round: 0,
    observations: { total: 0, active: 0 },
    signals: [],
    rounds: [],
    documents: {},
  };
  setHandler(incidentObservationSignal, (o) => {
    // One observation per detector day: a retried route or a re-run of the same day attaches nothing new.
    if (!o || typeof o.asOf !== 'string' || seen.has(o.asOf)) return;
    seen.add(o.asOf);
    const obs = status.observations;
    obs.total++;
    obs.latest = o;
    if (o.active) {
      obs.active++;
      obs.first ??= o;
      if (status.signals.length < MAX_SIGNALS) status.signals.push(o);
    }
    if (watch.from !== null && o.asOf >= watch.from) {
      watch.total++;
      if (o.active) {
        watch.active++;
        watch.recurrence ??= o;
      }
    }
  });
  setHandler(incidentStatusQuery, () => status);

  const policy: IncidentPolicy = await incidentActs.getIncidentPolicy();
  const loc = policy.locale;
  // The signal that started this run is delivered with the start; an incident started without one has no evidence.
  if (!(await condition(() => status.observations.first !== undefined, '1 day'))) {
    throw ApplicationFailure.nonRetryable(`${id}: started without an active signal`, 'IncidentWithoutSignal');
  }
  const first = status.observations.first!;
  const summary = (): string[] => describeIncident(id, input, first, status.observations.latest ?? first, loc);
  const date = (at?: string): string => localDate(at ? Date.parse(at) : Date.now(), policy.timeZone);
  const record = (
    event: IncidentEventCode,
    extra: {
      round?: number;
      date?: string;
      by?: string;
      notes?: string;
      supplierResponsible?: boolean;
      supplier?: string;
      costFen?: number;
    } = {},
  ) =>
    incidentActs.recordIncidentEvent({
      incidentId: id,
      event,
      date: extra.date ?? date(),
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
  const readers: IncidentPerson[] = uniquePeople([
    policy.manager,
    ...policy.quality,
    ...(input.purchasingContact ? [input.purchasingContact] : []),
  ]);

  // 1. Alert: the evidence PDF to the manager, the quality department and the supplier's purchasing contact.
  if (!first.evidenceRef)
    throw ApplicationFailure.nonRetryable(`${id}: the first signal carries no evidence`, 'IncidentWithoutEvidence');
  const evidence = await renderDocument({
    template: 'incident-evidence',
    dataRef: first.evidenceRef,
    locale: loc,
    generatedAt: new Date(Date.now()).toISOString(),
    meta: {
      workflowId: id,
      runId: info.runId,
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
  status.documents.evidence = evidence;
  await record('opened', { date: input.openedOn, notes: observationLine(first, loc) });
  await Promise.all(
    readers.map((p) =>
      incidentActs.sendIncidentMail({
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
      }),
    ),
  );

  // 2. Containment. The ask describes the signal that opened the incident: which later findings the detector has
  // attached by now depends on timing (its next runs race the alert mail), and the ask's content is what the link's
  // jti and the mail's Message-ID derive from. Runs started before this change asked with the latest finding.
  status.phase = 'containment';
  const containment = await askContainment(
    policy,
    patched(CONTAINMENT_ASKS_FIRST_SIGNAL) ? describeIncident(id, input, first, first, loc) : summary(),
  );
  status.containment = containment;
  await record('contained', {
    date: String(containment.fields.containedOn ?? date(containment.at)),
    by: containment.by,
    notes: String(containment.fields.scope ?? ''),
  });

  // 3. Root cause: supplier responsible or not.
  status.phase = 'root-cause';
  const rootCause = await askRootCause(policy, summary(), input.suppliers);
  status.rootCause = rootCause;
  const supplierResponsible = rootCause.fields.responsibility === 'supplier';
  const supplier = String(rootCause.fields.supplier ?? '').trim() || input.suppliers[0];
  await record('root-cause', {
    date: date(rootCause.at),
    by: rootCause.by,
    notes: String(rootCause.fields.cause ?? ''),
    supplierResponsible,
    ...(supplier ? { supplier } : {}),
  });

  // 4. Corrective action rounds until the verification holds.
  let costFen = 0;
  for (let round = 1; ; round++) {
    status.round = round;
    const r: IncidentRound = { round };
    status.rounds.push(r);
    const previous = status.rounds[round - 2];
    const context = [
      ...summary(),
      tr(
        loc,
        `遏制：${String(containment.fields.scope ?? '')}`,
        `Containment: ${String(containment.fields.scope ?? '')}`,
      ),
      tr(
        loc,
        `原因：${String(rootCause.fields.cause ?? '')}（${supplierResponsible ? `供应商责任：${supplier ?? ''}` : '非供应商责任'}）`,
        `Root cause: ${String(rootCause.fields.cause ?? '')} (${supplierResponsible ? `supplier responsible: ${supplier ?? ''}` : 'not the supplier'})`,
      ),
      ...(previous?.outcome === 'recurred' && previous.recurrence
        ? [
            tr(
              loc,
              `上一轮措施后复发：${observationLine(previous.recurrence, loc)}`,
              `Recurred after the last action: ${observationLine(previous.recurrence, loc)}`,
            ),
          ]
        : []),
      ...(previous?.outcome === 'not-effective'
        ? [
            tr(
              loc,
              `上一轮验证结论：措施无效（${previous.verification?.comment ?? ''}）`,
              `Last verification: not effective (${previous.verification?.comment ?? ''})`,
            ),
          ]
        : []),
    ];
    status.phase = 'action';
    r.action = await askAction(policy, context, round);
    const dueDate = String(r.action.fields.dueDate);
    if (typeof r.action.fields.cost === 'number') costFen = r.action.fields.cost;
    await record('action', {
      round,
      date: date(r.action.at),
      by: r.action.by,
      notes: `${String(r.action.fields.action)}（${tr(loc, '期限', 'due')} ${dueDate}）`,
      costFen,
    });

    status.phase = 'implementing';
    r.implemented = await askImplemented(
      policy,
      [...context, tr(loc, `措施：${String(r.action.fields.action)}`, `Action: ${String(r.action.fields.action)}`)],
      round,
      dueDate,
    );
    const doneOn = String(r.implemented.fields.doneOn ?? date(r.implemented.at));
    await record('implemented', {
      round,
      date: doneOn,
      by: r.implemented.by,
      notes: String(r.implemented.fields.notes ?? ''),
    });

    // 5. Verification: N weeks of detector checks, each looking only at days after the action was done.
    status.phase = 'verifying';
    const until = Date.now() + msToNumber(policy.verification);
    status.verifyingUntil = new Date(until).toISOString();
    Object.assign(watch, { from: addDays(doneOn, policy.checkDays), recurrence: null, total: 0, active: 0 });
    await condition(() => watch.recurrence !== null, Math.max(1, until - Date.now()));
    const recurrence = watch.recurrence;
    watch.from = null;
    r.checks = { total: watch.total, active: watch.active, from: doneOn, until: date(new Date(until).toISOString()) };
    if (recurrence) {
      r.outcome = 'recurred';
      r.recurrence = recurrence;
      await record('recurred', { round, date: recurrence.asOf, notes: observationLine(recurrence, loc) });
      await notify(
        'recurred',
        round,
        [policy.owners.action, ...policy.quality, policy.manager],
        [
          tr(
            loc,
            '纠正措施后问题再次出现，请制定新的纠正措施。',
            'The problem came back after the corrective action; a new action is needed.',
          ),
          observationLine(recurrence, loc),
        ],
      );
      continue;
    }
    status.phase = 'verification';
    r.verification = await askVerification(
      policy,
      [
        ...context,
        tr(
          loc,
          `措施：${String(r.action.fields.action)}，完成于 ${doneOn}`,
          `Action: ${String(r.action.fields.action)}, done on ${doneOn}`,
        ),
        tr(
          loc,
          `验证期 ${durationText(policy.verification, loc)}：预警检测 ${r.checks.total} 次，未再触发。`,
          `${durationText(policy.verification, loc)} of verification: ${r.checks.total} detector checks, none fired.`,
        ),
        ...(status.observations.latest
          ? [
              tr(
                loc,
                `最近一次检测：${observationLine(status.observations.latest, loc)}`,
                `Latest check: ${observationLine(status.observations.latest, loc)}`,
              ),
            ]
          : []),
      ],
      round,
    );
    if (r.verification.action === 'approve') {
      r.outcome = 'verified';
      await record('verified', { round, date: date(r.verification.at), by: r.verification.by });
      break;
    }
    r.outcome = 'not-effective';
    await record('not-effective', {
      round,
      date: date(r.verification.at),
      by: r.verification.by,
      notes: r.verification.comment ?? '',
    });
  }

  // 6. Closing report: archived, mailed; the register's closing row carries the cost for supplier recovery.
  status.phase = 'closing';
  const closedOn = date();
  status.closedOn = closedOn;
  const closing = await renderDocument({
    template: 'incident-closing-report',
    locale: loc,
    generatedAt: new Date(Date.now()).toISOString(),
    data: closingReportData({ id, input, policy, status, supplierResponsible, supplier, costFen, evidence, closedOn }),
    meta: {
      workflowId: id,
      runId: info.runId,
      period: closedOn.slice(0, 7),
      kind: 'incident-closing-report',
      fileName: `结案报告 ${id}.pdf`,
      title: tr(
        loc,
        `批量质量问题结案报告 ${partLabel(input)} ${input.failureName}`,
        `Batch quality problem closing report ${partLabel(input)} ${input.failureName}`,
      ),
      recipients: readers.map((p) => p.email),
    },
  });
  status.documents.closing = closing;
  await record('closed', {
    date: closedOn,
    supplierResponsible,
    ...(supplier ? { supplier } : {}),
    costFen,
    notes: tr(loc, `${status.rounds.length} 轮措施`, `${status.rounds.length} action round(s)`),
  });
  await notify(
    'closed',
    status.round,
    readers,
    [
      tr(loc, '事件已关闭，附结案报告。', 'The incident is closed; the closing report is attached.'),
      tr(
        loc,
        `责任：${supplierResponsible ? `供应商（${supplier ?? ''}）` : '非供应商'}；费用 ¥${formatFen(costFen)}`,
        `Responsibility: ${supplierResponsible ? `supplier (${supplier ?? ''})` : 'not the supplier'}; cost CNY ${formatFen(costFen)}`,
      ),
    ],
    closing,
  );
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

  async function notify(
    kind: 'recurred' | 'closed',
    round: number,
    to: IncidentPerson[],
    lines: string[],
    doc?: ArchiveRef,
  ) {
    await Promise.all(
      uniquePeople(to).map((p) =>
        incidentActs.sendIncidentMail({
          template: 'incident-notice',
          locale: loc,
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

function addDays(iso: string, days: number): string {
  return new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
