/**
 * Starting a month-end workflow by its business id so that a second demo run is harmless: a run that completed
 * is reported as already done (its result is read back for the summary), a run still open is picked up where
 * it stands, and only a missing or failed one is started (again).
 */
import { WorkflowNotFoundError, type WorkflowHandle, type WorkflowStartOptions } from '@temporalio/client';
import type { Workflow } from '@temporalio/common';
import type { DemoContext } from './demo-context';

export type StartState = 'started' | 'running' | 'completed' | 'restarted';

export interface StartedRun<W extends Workflow> {
  handle: WorkflowHandle<W>;
  state: StartState;
}

export async function describeStatus(ctx: DemoContext, workflowId: string): Promise<string | null> {
  try {
    const d = await ctx.client.workflow.getHandle(workflowId).describe();
    return d.status.name;
  } catch (err) {
    if (err instanceof WorkflowNotFoundError) return null;
    throw err;
  }
}

export async function startOnce<W extends Workflow>(
  ctx: DemoContext,
  workflow: W,
  workflowId: string,
  args: Parameters<W>,
): Promise<StartedRun<W>> {
  const status = await describeStatus(ctx, workflowId);
  if (status === 'COMPLETED') return { handle: ctx.client.workflow.getHandle<W>(workflowId), state: 'completed' };
  if (status === 'RUNNING') return { handle: ctx.client.workflow.getHandle<W>(workflowId), state: 'running' };
  const options = { taskQueue: ctx.cfg.temporal.taskQueue, workflowId, args };
  const handle = await ctx.client.workflow.start(workflow, options as unknown as WorkflowStartOptions<W>);
  return { handle, state: status === null ? 'started' : 'restarted' };
}

export function stateLine(state: StartState): string {
  return {
    started: 'started',
    running: 'still running from an earlier demo run: picking it up',
    completed: 'already completed by an earlier demo run',
    restarted: 'an earlier run did not finish: started again',
  }[state];
}
