/**
 * What a dealer's child tells the month: its result recorded in the results folder (what the finance report is built
 * from) and the report signal to the parent (what frees the parent's fan-out slot and settles its count).
 */
import { getExternalWorkflowHandle } from '@temporalio/workflow';
import type { DealerMonthResult } from '../domain/dunning';
import { latestInstant } from '../domain/calendar';
import { STATEMENT_STEP } from './dunning-dealer-context';
import type { DealerRun } from './dunning-dealer-run';
import { dunningReportSignal } from './dunning-signals';
import { decisionOf } from './lib/decision';

/** The dealer's month so far, from the first look's figures and what the run did. No side effects. */
export function dealerMonthResult(run: DealerRun): DealerMonthResult {
  const { facts } = run.begin;
  const { outcome } = run.ctx;
  const month = facts.month!;
  return {
    dealerId: run.input.dealerId,
    region: facts.region,
    heldBack: false,
    problemCount: 0,
    totals: month.totals,
    aging: month.aging,
    statementSent: outcome.statementSent,
    levelsSent: [...outcome.levelsSent],
    disputed: outcome.disputed,
    creditHold: outcome.creditHold,
    onHold: outcome.onHold,
    interestChargedFen: outcome.interestChargedFen,
    feesChargedFen: outcome.feesChargedFen,
  };
}

/** When the last person's decision of this month was made (history), for the finance report's "截至". */
const lastDecisionAt = (run: DealerRun): string | undefined =>
  latestInstant([run.ctx.lastDecisionAt, decisionOf(STATEMENT_STEP)?.decidedAt], '') || undefined;

/**
 * Records the result (activity recordDealerResult: one file per dealer and month, overwritten). Idempotent: the
 * same result written twice is the same file; on the fast path an unchanged result is not written again at all.
 * Retries by the sheets kind.
 */
export async function recordDealerResult(run: DealerRun): Promise<void> {
  const last = lastDecisionAt(run);
  const facts = run.begin.facts;
  const result = {
    ...dealerMonthResult(run),
    name: facts.name,
    overdueFen: facts.overdueFen,
    confirmed: decisionOf(STATEMENT_STEP)?.action === 'confirm',
    workflowId: run.info.workflowId,
    pending: !run.ended,
    ...(last ? { lastDecisionAt: last } : {}),
    letterNos: [...run.ctx.outcome.letterNos],
  };
  // The same result again (recorded when reporting before a wait and again with nothing changed) is not rewritten.
  const same = JSON.stringify(result) === run.recorded;
  if (same && run.fastPath) return;
  await run.ctx.proxies.acts.recordDealerResult({ period: run.input.period, record: result });
  run.recorded = JSON.stringify(result);
}

/**
 * The single report of a month that ended at its first decision (ONE_TASK_PATCH) goes to the parent run that started
 * the child and waits for it (its fan-out slot): the child's result carries it, and the parent counts the child's
 * completion as its final report. A report a re-run of the month asked for goes by signal: that run did not start
 * the child, so the child's completion never reaches it.
 */
const byResult = (run: DealerRun): boolean =>
  run.oneTask &&
  run.singleReport &&
  !run.signals.reportRequested &&
  run.signals.reportTo === run.input.parentWorkflowId;

/**
 * Report to the parent: once early (before any wait for a person), and a final time when the month is done. Records
 * the result first, then signals the parent (or leaves the report to the child's result, see byResult); a parent that
 * is gone is nobody waiting, not an error. A report is a count the parent keeps by dealer, so a repeated one changes
 * nothing there.
 */
export async function reportToParent(run: DealerRun, final = false, waitingForPerson = false): Promise<void> {
  const { signals } = run;
  if (!signals.reportPending && !final) return;
  signals.reportPending = false;
  await recordDealerResult(run);
  const to = signals.reportTo;
  if (!to) return;
  if (final && byResult(run)) {
    run.reportedByResult = true;
    return;
  }
  try {
    await getExternalWorkflowHandle(to).signal(dunningReportSignal, {
      result: dealerMonthResult(run),
      workflowId: run.info.workflowId,
      ...(final ? { final: true } : {}),
      ...(waitingForPerson ? { waitingForPerson: true } : {}),
    });
  } catch {
    // The parent is gone (finished or terminated): nobody is waiting for this report.
  }
}
