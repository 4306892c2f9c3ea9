/**
 * The closing report's data (template incident-closing-report), built from the incident's own state: its facts,
 * every step with who decided what and when, the rounds of corrective action, and the detector's signals. Small
 * by construction (steps, rounds and at most 60 signals), so it is passed inline.
 */
import type { ArchiveRef } from '../activities/archive/types';
import type { IncidentInput, IncidentPolicy } from '../activities/incidents/types';
import type { PdfTemplateData } from '../templates/pdf/registry';
import type { IncidentRound, IncidentStatus } from './incident-state';
import type { StepAnswer } from './incident-steps';
import { durationText, partLabel, tr } from './incident-text';

type StepRow = PdfTemplateData<'incident-closing-report'>['steps'][number];
type Locale = IncidentPolicy['locale'];

interface ClosingFacts {
  id: string;
  input: IncidentInput;
  policy: IncidentPolicy;
  status: IncidentStatus;
  supplierResponsible: boolean;
  supplier: string | undefined;
  costFen: number;
  evidence: ArchiveRef;
  closedOn: string;
}

export function closingReportData(o: ClosingFacts): PdfTemplateData<'incident-closing-report'> {
  const s = o.status;
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
    verification: durationText(o.policy.verification, o.policy.locale),
    evidence: { docId: o.evidence.docId, sha256: o.evidence.sha256, fileName: o.evidence.fileName },
    owners: {
      containment: o.policy.owners.containment.name,
      rootCause: o.policy.owners.rootCause.name,
      action: o.policy.owners.action.name,
      verification: o.policy.owners.verification.name,
    },
    steps: [...findingSteps(o), ...s.rounds.flatMap((r) => roundSteps(r, s.rounds.length, o.policy.locale))],
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

const step = (name: string, a: StepAnswer | undefined, what: string): StepRow[] =>
  a ? [{ step: name, by: a.by, at: a.at, what: what.slice(0, 400) }] : [];
const field = (a: StepAnswer | undefined, k: string): string => (a ? String(a.fields[k] ?? '') : '');
const yes = (a: StepAnswer | undefined, k: string, loc: Locale): string =>
  a?.fields[k] === true ? tr(loc, '是', 'yes') : tr(loc, '否', 'no');

/** Containment and root cause, each with who answered and when. */
function findingSteps(o: ClosingFacts): StepRow[] {
  const loc = o.policy.locale;
  const { containment: c, rootCause } = o.status;
  return [
    ...step(
      tr(loc, '遏制', 'Containment'),
      c,
      tr(
        loc,
        `${field(c, 'scope')}；冻结批次：${yes(c, 'hold', loc)}；通知经销商：${yes(c, 'dealersNotified', loc)}；日期 ${field(c, 'containedOn')}`,
        `${field(c, 'scope')}; batch on hold: ${yes(c, 'hold', loc)}; dealers notified: ${yes(c, 'dealersNotified', loc)}; on ${field(c, 'containedOn')}`,
      ),
    ),
    ...step(
      tr(loc, '原因分析', 'Root cause'),
      rootCause,
      `${field(rootCause, 'cause')}（${o.supplierResponsible ? tr(loc, `供应商责任：${o.supplier ?? ''}`, `supplier: ${o.supplier ?? ''}`) : tr(loc, '非供应商责任', 'not the supplier')}）`,
    ),
  ];
}

/** One corrective-action round: the action, its completion, a recurrence or the verdict. Numbered when several. */
function roundSteps(r: IncidentRound, rounds: number, loc: Locale): StepRow[] {
  const n = rounds > 1 ? ` ${r.round}` : '';
  const steps = [
    ...step(
      tr(loc, `纠正措施${n}`, `Corrective action${n}`),
      r.action,
      `${field(r.action, 'action')}（${tr(loc, '期限', 'due')} ${field(r.action, 'dueDate')}）`,
    ),
    ...step(
      tr(loc, `措施完成${n}`, `Action done${n}`),
      r.implemented,
      `${field(r.implemented, 'doneOn')} ${field(r.implemented, 'notes')}`.trim(),
    ),
  ];
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
  return steps;
}
