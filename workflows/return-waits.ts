/**
 * What the waits of one return (receipt: return-receipt.ts, verdict: return-inspection.ts) share. Both steps are
 * also taken from the register: an activity re-reads the row on a durable timer and closes the step from inside
 * the workflow when the sheet says so.
 */
import { condition, workflowInfo } from '@temporalio/workflow';
import type { RowStatus } from '../activities/returns/types';
import { decisionOf, type DecisionRecord } from './lib/decision';
import { returnActs } from './return-activities';
import { localDate } from '../domain/calendar';

/** What the status query shows while a return waits. */
export interface ReturnProgress {
  phase: string;
  receiptReminders: number;
  sheetPolls: number;
}

/** Sheet polling stops well before Temporal's history limits; the links keep working. */
const MAX_HISTORY_FOR_POLLING = 12_000;

/** The business date (company time zone) of a decision. */
export const dateOf = (d: DecisionRecord, tz: string): string => localDate(Date.parse(d.decidedAt), tz);

/**
 * Polls the register row every `every` until the step is decided or `until`; `onRow` may close the step.
 * `timers` are extra wake-ups (reminders, deadline) handled by `onTimer`. Side effects: none of its own; the row is
 * read by an activity (a read, retried while transient), and polling stops before history grows too long.
 */
export async function pollWhileOpen(opts: {
  stepId: string;
  returnNo: string;
  every: number;
  until: number;
  progress: ReturnProgress;
  onRow: (row: RowStatus) => void;
  nextTimer?: () => number | undefined;
  onTimer?: () => Promise<void>;
}): Promise<void> {
  const decided = (): boolean => decisionOf(opts.stepId) !== undefined;
  let nextPoll = Date.now() + opts.every;
  while (!decided()) {
    const timer = opts.nextTimer?.();
    const polling = nextPoll <= opts.until && workflowInfo().historyLength < MAX_HISTORY_FOR_POLLING;
    const wake = Math.min(polling ? nextPoll : Infinity, timer ?? Infinity);
    if (wake === Infinity) {
      await condition(decided);
      return;
    }
    if (await condition(decided, Math.max(1, wake - Date.now()))) return;
    if (timer !== undefined && Date.now() >= timer) await opts.onTimer?.();
    if (polling && Date.now() >= nextPoll && !decided()) {
      nextPoll = Date.now() + opts.every;
      opts.progress.sheetPolls++;
      opts.onRow(await returnActs.checkReturnRow({ returnNo: opts.returnNo }));
    }
  }
}
