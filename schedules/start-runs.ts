import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { RunStart } from './registry';

export interface StartedRun {
  workflowId: string;
  workflowType: string;
  /** started: a new run; already-running: left alone; already-ran: a closed run exists and `rerun` was not set. */
  status: 'started' | 'already-running' | 'already-ran';
  runId?: string;
  /** For already-ran: how the earlier run ended (Completed, Failed, Terminated…). */
  previous?: { status: string; closeTime?: string };
}

/**
 * Starts registry runs under their business ids. A running workflow with the same id is never disturbed; a
 * closed one is run again only with `rerun` (an explicit re-run of a month; every mail, sheet write and posting is
 * idempotent, so a re-run sends only what was not sent before).
 */
export async function startRuns(
  client: Client,
  taskQueue: string,
  starts: readonly RunStart[],
  opts: { rerun?: boolean } = {},
): Promise<StartedRun[]> {
  const out: StartedRun[] = [];
  for (const s of starts) {
    try {
      const handle = await client.workflow.start(s.workflowType, {
        workflowId: s.workflowId,
        taskQueue,
        args: s.args,
        workflowIdReusePolicy: opts.rerun ? 'ALLOW_DUPLICATE' : 'REJECT_DUPLICATE',
        workflowIdConflictPolicy: 'FAIL',
      });
      out.push({
        workflowId: s.workflowId,
        workflowType: s.workflowType,
        status: 'started',
        runId: handle.firstExecutionRunId,
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      const d = await client.workflow.getHandle(s.workflowId).describe();
      const running = d.status.name === 'RUNNING';
      out.push({
        workflowId: s.workflowId,
        workflowType: s.workflowType,
        status: running ? 'already-running' : 'already-ran',
        runId: d.runId,
        ...(running
          ? {}
          : { previous: { status: d.status.name, ...(d.closeTime ? { closeTime: d.closeTime.toISOString() } : {}) } }),
      });
    }
  }
  return out;
}
