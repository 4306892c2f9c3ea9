/**
 * One dealer's month (`dunning-2026-11-D0042`): statement of account with a confirm/dispute link, the dunning
 * decision (letters per level, approvals, fees/interest, credit hold), a report to the parent, then follow-up until
 * the month's horizon: durable timers to the next review date, a fresh look at the payments each time (small facts
 * only), a pause while a dispute is with the customer supervisor, and an end when the dealer is settled.
 *
 * Where the dealer stands is persisted after every step (activities/dunning/dunning-state-store.ts), so next
 * month's child continues from there; letters are keyed by dealer + level + documents, so no run sends one twice.
 * History: references and small facts only; a month is a few dozen activities and timers.
 */
import type { Duration } from '@temporalio/common';
import type { DataRef } from '../activities/archive/types';
import type { DealerMonthResult } from '../domain/dunning';
import { patched } from '@temporalio/workflow';
import { actOnDealerLook } from './dunning-dealer-act';
import { STATEMENT_STEP, choosePaths } from './dunning-dealer-context';
import { endsAfterDecision, followUpUntilHorizon, type FollowUp } from './dunning-dealer-follow-up';
import { dealerMonthResult, reportToParent } from './dunning-dealer-report';
import { beginDealerRun, disputedNow, listenToDealerSignals, type DealerRun } from './dunning-dealer-run';
import { sendStatement } from './dunning-dealer-statement';
import { decisionOf, installDecisionHandlers } from './lib/decision';
import type { Period } from '../domain/calendar';

export interface DunningDealerInput {
  settingsRef: DataRef;
  period: Period;
  dealerId: string;
  /** Work-store shard of the month's validated ledger holding this dealer. */
  shard: string;
  /** Parent to report the month's result to; absent when the child is started on its own. */
  parentWorkflowId?: string;
  /** How long one activity attempt may take before Temporal retries it (tests shorten it). */
  attemptTimeout?: Duration;
  /**
   * The one-task paths (ONE_TASK_PATCH's) without a patch marker: set by the parent for every child it starts
   * (see choosePaths). Absent in children started before it, which decide by their markers.
   */
  oneTask?: true;
}

export interface DunningDealerResult extends DealerMonthResult {
  confirmed: boolean;
  followUps: number;
  /** Why follow-up ended: settled, horizon, finish-signal, dispute-unresolved, superseded, held-back. */
  ended: string;
  /** Set when this result is the final report to the parent that started the child (no report signal was sent). */
  reportedBy?: 'result';
}

/**
 * One dealer's month, phase by phase: the first look, the statement, the month's decision and first report, the
 * follow-up until the horizon, and the final report. Side effects, idempotency and retries are in each phase's TSDoc;
 * in short, letters are keyed by dealer + level + documents, charges by document number, state by version +
 * operation id, mails in the sent-log, so retries and replays never send or post twice.
 */
export async function dunningDealerWorkflow(input: DunningDealerInput): Promise<DunningDealerResult> {
  installDecisionHandlers();
  const signals = listenToDealerSignals(input);
  const run = await beginDealerRun(input, signals, choosePaths(input));
  // 1. Statement of account with a confirm / dispute link bound to the dealer's address.
  await sendStatement(run);
  // 2. The month's decision, then the report to the parent (earlier if a person has to be waited for).
  await decideMonth(run);
  // 3. Follow-up until the horizon: timers to the next review date, a fresh look each time.
  const follow = await followUpUntilHorizon(run);
  return endDealerMonth(run, follow);
}

/**
 * Patch marker: a month that ends right after its decision reports to the parent once (the final report) instead of
 * a first and a final one: one result record and one signal fewer per dealer. Children started before it replay
 * with their two reports.
 */
export const SINGLE_REPORT_PATCH = 'dunning-child-single-report';

/**
 * Acts on the month's first look (approvals, letter, charges, hold, state commit: see actOnDealerLook), then reports
 * to the parent unless that happened already before a wait for a person, or the month ends here (then the final
 * report is the only one).
 */
async function decideMonth(run: DealerRun): Promise<void> {
  const { ctx } = run;
  ctx.paused = () => disputedNow(run);
  ctx.status.phase = 'deciding';
  await actOnDealerLook(ctx, run.begin.facts, run.rejected);
  const single = run.fastPath && run.signals.reportPending && endsAfterDecision(run);
  if (single && (run.oneTask || patched(SINGLE_REPORT_PATCH))) {
    run.singleReport = true;
    return;
  }
  await reportToParent(run);
}

/** The month is over: the final result recorded and reported to the parent (see reportToParent), and returned. */
async function endDealerMonth(run: DealerRun, follow: FollowUp): Promise<DunningDealerResult> {
  const { ctx } = run;
  if (run.signals.finish) follow.endedBy = 'finish-signal';
  if (decisionOf(STATEMENT_STEP)?.action === 'confirm') ctx.outcome.confirmed = true;
  ctx.status.phase = 'done';
  ctx.status.result = dealerMonthResult(run);
  run.ended = true;
  await reportToParent(run, true);
  return {
    ...dealerMonthResult(run),
    confirmed: ctx.outcome.confirmed,
    followUps: follow.followUps,
    ended: follow.endedBy,
    ...(run.reportedByResult ? { reportedBy: 'result' as const } : {}),
  };
}
