/**
 * The month's fan-out: one child per dealer of the manifest, read a page at a time, with at most `concurrency`
 * children in their busy first phase, continuing as new every `childrenPerRun` children.
 */
import {
  ParentClosePolicy,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  patched,
  startChild,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { ManifestEntry, PrepareRunResult } from '../activities/dunning/types';
import { dunningDealerWorkflow } from './dunning-dealer';
import type { dunningMonthWorkflow } from './dunning-month';
import { alreadyDone, childFailed, childReported, type MonthRun } from './dunning-month-run';
import { dunningDealerWorkflowId, dunningRequestReportSignal } from './dunning-signals';

/** Patch marker of the batched child starts (see fanOutDealers). */
export const BATCHED_STARTS_PATCH = 'dunning-month-batched-starts';

/**
 * Starts this run's share of the children (activity readManifestSlice per page of 100, retried by the sheets kind)
 * and waits until each has reported its first phase or failed; then continues as new if dealers are left. Children
 * have business ids and the reuse policy ALLOW_DUPLICATE_FAILED_ONLY, so a re-run of the month never runs a finished
 * dealer (or asks its people) again; a child still running is asked for its report instead. A failed start fails
 * the run.
 */
export async function fanOutDealers(m: MonthRun, run: PrepareRunResult): Promise<void> {
  let started = 0;
  // Children are started without waiting for each start to be confirmed, so one workflow task can start every
  // free slot at once (the bound is `inFlight`, filled synchronously by startDealer); a failed start stops the
  // fan-out and fails the run as before. A run that began before this change replays its one-by-one starts.
  const batched = patched(BATCHED_STARTS_PATCH);
  const starts: Promise<void>[] = [];
  let startFailure: unknown;
  while (!run.fatal && m.offset < run.total && started < m.perRun && startFailure === undefined) {
    const page = await m.acts.readManifestSlice({
      manifestRef: run.manifestRef,
      offset: m.offset,
      limit: Math.min(100, m.perRun - started),
    });
    if (page.length === 0) break;
    for (const e of page) {
      await condition(() => m.inFlight.size < m.concurrency || startFailure !== undefined);
      if (startFailure !== undefined) break;
      if (batched) starts.push(startDealer(m, run, e).catch((err: unknown) => void (startFailure ??= err)));
      else await startDealer(m, run, e);
      m.offset++;
      started++;
    }
  }
  await Promise.all(starts);
  if (startFailure !== undefined) throw startFailure;
  await condition(() => m.inFlight.size === 0);
  if (!run.fatal && m.offset < run.total) await continueMonth(m, run);
}

/** Continues as new carrying only counters and references, so the history stays small at 10,000 dealers. */
async function continueMonth(m: MonthRun, run: PrepareRunResult): Promise<never> {
  return continueAsNew<typeof dunningMonthWorkflow>({
    ...m.input,
    carry: {
      prepared: run,
      offset: m.offset,
      done: m.done,
      failed: m.failed,
      pending: [...m.pending],
      waiting: [...m.waiting],
      generation: (m.carry?.generation ?? 0) + 1,
    },
  });
}

/** Starts one dealer's child (or asks a running one for its report); its end is counted when it comes. */
async function startDealer(m: MonthRun, run: PrepareRunResult, e: ManifestEntry): Promise<void> {
  const { info, input, s } = m;
  const workflowId = dunningDealerWorkflowId(info.workflowId, e.dealerId);
  m.inFlight.add(e.dealerId);
  try {
    const handle = await startChild(dunningDealerWorkflow, {
      workflowId,
      args: [
        {
          settingsRef: run.settingsRef,
          period: s.period,
          dealerId: e.dealerId,
          shard: e.shard,
          parentWorkflowId: info.workflowId,
          ...(input.attemptTimeout ? { attemptTimeout: input.attemptTimeout } : {}),
          oneTask: true,
        },
      ],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      // A dealer already done this month is not run (and its people asked) again; a failed one is.
      workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
    });
    handle.result().then(
      (result) => {
        // A month that ended at its first decision reports by its result (ONE_TASK_PATCH): that is its final report.
        if (result.reportedBy === 'result') return childReported(m, e.dealerId, true);
        m.pending.delete(e.dealerId); // finished: whatever it reported last is final
        childFailed(m, e.dealerId); // completed without reporting (it always reports first): count it
      },
      () => childFailed(m, e.dealerId),
    );
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    try {
      // A re-run of the month found the dealer's child still following up: ask it for its report.
      await getExternalWorkflowHandle(workflowId).signal(dunningRequestReportSignal, info.workflowId);
    } catch {
      // It completed in an earlier run of the month (only failed children are started again): nothing to redo,
      // no person to ask again; its recorded result is what the report counts.
      alreadyDone(m, e.dealerId);
    }
  }
}
