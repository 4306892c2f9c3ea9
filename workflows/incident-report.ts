/**
 * The closing report's data (template incident-closing-report), built from the incident's own state: its facts,
 * every step with who decided what and when, the rounds of corrective action, and the detector's signals. Small
 * by construction (steps, rounds and at most 60 signals), so it is passed inline.
 */
import type { ArchiveRef } from '../activities/archive/types';
import type { IncidentInput, IncidentPolicy } from '../activities/incidents/types';
import type { PdfTemplateData } from '../templates/pdf/registry';
import type { IncidentStatus } from './incident-state';
import type { StepAnswer } from './incident-steps';
import { durationText, partLabel, tr } from './incident-text';

type StepRow = PdfTemplateData<'incident-closing-report'>['steps'][number];

export function closingReportData(o: {
  id: string;
  input: IncidentInput;
  policy: IncidentPolicy;
  status: IncidentStatus;
  supplierResponsible: boolean;
  supplier: string | undefined;
  costFen: number;
  evidence: ArchiveRef;
  closedOn: string;
}): PdfTemplateData<'incident-closing-report'> {
  const loc = o.policy.locale;
  const s = o.status;
  const step = (name: string, a: StepAnswer | undefined, what: string): StepRow[] =>
    a ? [{ step: name, by: a.by, at: a.at, what: what.slice(0, 400) }] : [];
  const f = (a: StepAnswer | undefined, k: string): string => (a ? String(a.fields[k] ?? '') : '');
  const yes = (a: StepAnswer | undefined, k: string): string =>
    a?.fields[k] === true ? tr(loc, '是', 'yes') : tr(loc, '否', 'no');
  const steps: StepRow[] = [
    ...step(
      tr(loc, '遏制', 'Containment'),
      s.containment,
      tr(
        loc,
        `${f(s.containment, 'scope')}；冻结批次：${yes(s.containment, 'hold')}；通知经销商：${yes(s.containment, 'dealersNotified')}；日期 ${f(s.containment, 'containedOn')}`,
        `${f(s.containment, 'scope')}; batch on hold: ${yes(s.containment, 'hold')}; dealers notified: ${yes(s.containment, 'dealersNotified')}; on ${f(s.containment, 'containedOn')}`,
      ),
    ),
    ...step(
      tr(loc, '原因分析', 'Root cause'),
      s.rootCause,
      `${f(s.rootCause, 'cause')}（${o.supplierResponsible ? tr(loc, `供应商责任：${o.supplier ?? ''}`, `supplier: ${o.supplier ?? ''}`) : tr(loc, '非供应商责任', 'not the supplier')}）`,
    ),
  ];
  for (const r of s.rounds) {
    const n = s.rounds.length > 1 ? ` ${r.round}` : '';
    steps.push(
      ...step(
        tr(loc, `纠正措施${n}`, `Corrective action${n}`),
        r.action,
        `${f(r.action, 'action')}（${tr(loc, '期限', 'due')} ${f(r.action, 'dueDate')}）`,
      ),
      ...step(
        tr(loc, `措施完成${n}`, `Action done${n}`),
        r.implemented,
        `${f(r.implemented, 'doneOn')} ${f(r.implemented, 'notes')}`.trim(),
      ),
    );
    if (r.outcome === 'recurred' && r.recurrence) {
      steps.push({
        step: tr(loc, `复发${n}`, `Recurred${n}`),
        by: 'system',
        at: r.recurrence.asOf,
        what: tr(
          loc,
          `验证期内再次触发：${r.recurrence.observed} 起，预期 ${r.recurrence.expected.toFixed(1)} 起`,
          `fired again during verification: ${r.recurrence.observed} events, ${r.recurrence.expected.toFixed(1)} expected`,
        ),
      });
    }
    if (r.verification) {
      steps.push(
        ...step(
          tr(loc, `效果验证${n}`, `Verification${n}`),
          r.verification,
          r.verification.action === 'approve'
            ? tr(
                loc,
                `有效；验证期检测 ${r.checks?.total ?? 0} 次均未触发`,
                `effective; ${r.checks?.total ?? 0} checks in the verification weeks, none fired`,
              )
            : tr(loc, `无效：${r.verification.comment ?? ''}`, `not effective: ${r.verification.comment ?? ''}`),
        ),
      );
    }
  }
  return {
    company: o.policy.company,
    incidentId: o.id,
    part: partLabel(o.input),
    failureMode: `${o.input.failureName}（${o.input.failureCode}）`,
    suppliers: o.input.suppliers,
    openedOn: o.input.openedOn,
    closedOn: o.closedOn,
    supplierResponsible: o.supplierResponsible,
    ...(o.supplier ? { supplier: o.supplier } : {}),
    costFen: o.costFen,
    rounds: s.rounds.length,
    recurrences: s.rounds.filter((r) => r.outcome === 'recurred').length,
    verification: durationText(o.policy.verification, loc),
    evidence: { docId: o.evidence.docId, sha256: o.evidence.sha256, fileName: o.evidence.fileName },
    owners: {
      containment: o.policy.owners.containment.name,
      rootCause: o.policy.owners.rootCause.name,
      action: o.policy.owners.action.name,
      verification: o.policy.owners.verification.name,
    },
    steps,
    signals: s.signals.map((x) => ({
      asOf: x.asOf,
      observed: x.observed,
      expected: x.expected,
      pValue: x.pValue,
      cusum: x.cusum,
    })),
    checks: { total: s.observations.total, active: s.observations.active },
  };
}
