/**
 * The incident's corrective-action rounds: an action with a due date and the incident's cost, the owner's "done",
 * then the verification (incident-verification.ts). A recurrence, or an action found not effective, starts the
 * next round with what went wrong in its context.
 */
import type { IncidentRound } from './incident-state';
import { askAction, askImplemented, type StepAnswer } from './incident-steps';
import { businessDate, incidentSummary, recordEvent, type IncidentRun } from './incident-run';
import type { RootCause } from './incident-root-cause';
import { observationLine, tr } from './incident-text';
import { recurredDuringVerification, verifyAction } from './incident-verification';

/**
 * Runs rounds until the verification owner confirms the action worked; returns the incident's cost (fen), the last
 * the action owner stated. Side effects: each round's asks (mails keyed by the round's step ids), register rows
 * (idempotent by key) and notices; activities retry while transient, waits last as long as people take.
 */
export async function correctUntilVerified(
  run: IncidentRun,
  containment: StepAnswer,
  cause: RootCause,
): Promise<number> {
  let costFen = 0;
  for (let round = 1; ; round++) {
    run.status.round = round;
    const r: IncidentRound = { round };
    run.status.rounds.push(r);
    const context = roundContext(run, containment, cause, run.status.rounds[round - 2]);
    costFen = await agreeAction(run, r, context, costFen);
    const doneOn = await confirmImplemented(run, r, context);
    if (await recurredDuringVerification(run, r, doneOn)) continue;
    if (await verifyAction(run, r, context, doneOn)) return costFen;
  }
}

/** What every ask of a round shows: the incident, its containment and cause, and why the last round failed. */
function roundContext(
  run: IncidentRun,
  containment: StepAnswer,
  { answer: rootCause, supplierResponsible, supplier }: RootCause,
  previous: IncidentRound | undefined,
): string[] {
  const loc = run.policy.locale;
  return [
    ...incidentSummary(run),
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
}

/** Asks the action owner for the action, due date and cost; records 'action'. Returns the cost so far (fen). */
async function agreeAction(run: IncidentRun, r: IncidentRound, context: string[], costFen: number): Promise<number> {
  run.status.phase = 'action';
  const action = (r.action = await askAction(run.policy, context, r.round));
  const dueDate = String(action.fields.dueDate);
  const cost = typeof action.fields.cost === 'number' ? action.fields.cost : costFen;
  await recordEvent(run, 'action', {
    round: r.round,
    date: businessDate(run, action.at),
    by: action.by,
    notes: `${String(action.fields.action)}（${tr(run.policy.locale, '期限', 'due')} ${dueDate}）`,
    costFen: cost,
  });
  return cost;
}

/** Asks the action owner to confirm the action is in place (reminded from the due date); records 'implemented'. */
async function confirmImplemented(run: IncidentRun, r: IncidentRound, context: string[]): Promise<string> {
  run.status.phase = 'implementing';
  const action = r.action!;
  const loc = run.policy.locale;
  r.implemented = await askImplemented(
    run.policy,
    [...context, tr(loc, `措施：${String(action.fields.action)}`, `Action: ${String(action.fields.action)}`)],
    r.round,
    String(action.fields.dueDate),
  );
  const doneOn = String(r.implemented.fields.doneOn ?? businessDate(run, r.implemented.at));
  await recordEvent(run, 'implemented', {
    round: r.round,
    date: doneOn,
    by: r.implemented.by,
    notes: String(r.implemented.fields.notes ?? ''),
  });
  return doneOn;
}
