/**
 * The verification of a round's action: N weeks in which the detector's daily checks (after the action was done)
 * must not fire again, then the verification owner's verdict.
 */
import { condition } from '@temporalio/workflow';
import { msToNumber } from '@temporalio/common';
import type { IncidentObservation } from '../activities/incidents/types';
import type { IncidentRound } from './incident-state';
import { askVerification } from './incident-steps';
import { businessDate, recordEvent, sendNotice, type IncidentRun } from './incident-run';
import { durationText, observationLine, tr } from './incident-text';
import { addDays } from '../domain/calendar';

/**
 * Waits out the verification weeks on a durable timer, watching the detector's checks of days after `doneOn` (+ the
 * policy's check days); the first that fires ends the wait. On a recurrence records 'recurred' and notifies the
 * action owner, the quality department and the manager, and returns true. Side effects only on a recurrence: one
 * register row (idempotent by key) and one notice per person (sent-log by 'recurred-N' + recipient), retried while
 * transient.
 */
export async function recurredDuringVerification(run: IncidentRun, r: IncidentRound, doneOn: string): Promise<boolean> {
  const { status, watch, policy } = run;
  status.phase = 'verifying';
  const until = Date.now() + msToNumber(policy.verification);
  status.verifyingUntil = new Date(until).toISOString();
  Object.assign(watch, { from: addDays(doneOn, policy.checkDays), recurrence: null, total: 0, active: 0 });
  await condition(() => watch.recurrence !== null, Math.max(1, until - Date.now()));
  const recurrence = watch.recurrence as IncidentObservation | null;
  watch.from = null;
  r.checks = {
    total: watch.total,
    active: watch.active,
    from: doneOn,
    until: businessDate(run, status.verifyingUntil),
  };
  if (!recurrence) return false;
  await reportRecurrence(run, r, recurrence);
  return true;
}

async function reportRecurrence(run: IncidentRun, r: IncidentRound, recurrence: IncidentObservation): Promise<void> {
  const { policy } = run;
  const loc = policy.locale;
  r.outcome = 'recurred';
  r.recurrence = recurrence;
  await recordEvent(run, 'recurred', {
    round: r.round,
    date: recurrence.asOf,
    notes: observationLine(recurrence, loc),
  });
  await sendNotice(
    run,
    'recurred',
    r.round,
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
}

/**
 * Asks the verification owner whether the action worked (link, reminders, escalation on durable timers) and records
 * 'verified' or 'not-effective'; returns true when verified. Side effects: the ask's mails (sent-log by 'verify-N')
 * and one register row (idempotent by key), retried while transient.
 */
export async function verifyAction(
  run: IncidentRun,
  r: IncidentRound,
  context: string[],
  doneOn: string,
): Promise<boolean> {
  run.status.phase = 'verification';
  const verdict = (r.verification = await askVerification(
    run.policy,
    verdictContext(run, r, context, doneOn),
    r.round,
  ));
  const decided = { round: r.round, date: businessDate(run, verdict.at), by: verdict.by };
  if (verdict.action === 'approve') {
    r.outcome = 'verified';
    await recordEvent(run, 'verified', decided);
    return true;
  }
  r.outcome = 'not-effective';
  await recordEvent(run, 'not-effective', { ...decided, notes: verdict.comment ?? '' });
  return false;
}

function verdictContext(run: IncidentRun, r: IncidentRound, context: string[], doneOn: string): string[] {
  const { policy, status } = run;
  const loc = policy.locale;
  const action = String(r.action!.fields.action);
  return [
    ...context,
    tr(loc, `措施：${action}，完成于 ${doneOn}`, `Action: ${action}, done on ${doneOn}`),
    tr(
      loc,
      `验证期 ${durationText(policy.verification, loc)}：预警检测 ${r.checks!.total} 次，未再触发。`,
      `${durationText(policy.verification, loc)} of verification: ${r.checks!.total} detector checks, none fired.`,
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
  ];
}
