import { WorkflowFailedError, type Client } from '@temporalio/client';
import type { WorkflowEntry } from '../../schedules/registry';
import type { StartedRun } from '../../schedules/start-runs';
import { pendingStepsQuery } from '../../workflows/lib/decision';
import type { StepView } from '../../workflows/lib/decision-types';
import type { CliContext } from '../context';
import { createProgressBar } from '../progress-bar';

export interface RunOutcome {
  workflowId: string;
  status: string;
  result?: unknown;
  error?: string;
  seconds: number;
}

const POLL_MS = 1_000;
const QUERY_MS = 5_000;

function failureText(err: unknown): string {
  if (err instanceof WorkflowFailedError) {
    const cause = err.cause as (Error & { cause?: Error }) | undefined;
    return [err.message, cause?.message, cause?.cause?.message].filter(Boolean).join(': ');
  }
  return (err as Error).message;
}

/**
 * Follows started runs until they close: a progress bar from the entry's progress query (dunning: dealers done /
 * total), otherwise a line whenever what a run waits for changes (open steps and who is expected to act).
 * Polls describe + queries once a second; never sends anything to the workflows.
 */
export async function waitForRuns(
  ctx: CliContext,
  client: Client,
  entry: WorkflowEntry,
  runs: readonly StartedRun[],
  opts: { quiet: boolean },
): Promise<RunOutcome[]> {
  const started = Date.now();
  const bar = createProgressBar(ctx.io.stderr, { title: entry.name });
  const lastWaiting = new Map<string, string>();
  const open = new Set(runs.map((r) => r.workflowId));
  const outcomes: RunOutcome[] = [];
  const query = async <T>(workflowId: string, name: string): Promise<T | undefined> =>
    client
      .withDeadline(Date.now() + QUERY_MS, () => client.workflow.getHandle(workflowId).query<T>(name))
      .catch(() => undefined);

  while (open.size) {
    for (const workflowId of [...open]) {
      const handle = client.workflow.getHandle(workflowId);
      const d = await handle.describe();
      if (d.status.name !== 'RUNNING') {
        open.delete(workflowId);
        const outcome: RunOutcome = {
          workflowId,
          status: d.status.name,
          seconds: Math.round((Date.now() - started) / 1000),
        };
        try {
          outcome.result = await handle.result();
        } catch (err) {
          outcome.error = failureText(err);
        }
        outcomes.push(outcome);
        if (!opts.quiet) {
          bar.note(
            outcome.error
              ? `${workflowId}: ${outcome.status.toLowerCase()}: ${outcome.error}`
              : `${workflowId}: ${outcome.status.toLowerCase()} after ${outcome.seconds}s`,
          );
        }
        continue;
      }
      if (opts.quiet) continue;
      if (entry.progress && runs.length === 1) {
        const value = await query<unknown>(workflowId, entry.progress.query);
        if (value !== undefined) {
          const p = entry.progress.view(value);
          bar.update(p.done, p.total, p.label);
        }
      }
      const steps = await query<StepView[]>(workflowId, pendingStepsQuery.name);
      const text = steps?.length
        ? steps.map((s) => `${s.stepId} (${s.title}) ← ${s.recipients.join(', ')}`).join('; ')
        : '';
      if (text !== (lastWaiting.get(workflowId) ?? '')) {
        lastWaiting.set(workflowId, text);
        bar.note(text ? `${workflowId}: waiting for ${text}` : `${workflowId}: working`);
      }
    }
    if (open.size) await new Promise((r) => setTimeout(r, POLL_MS));
  }
  bar.finish();
  return outcomes;
}
