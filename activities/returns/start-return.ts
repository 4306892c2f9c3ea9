/**
 * Starting one return workflow, from the watcher's scan, the CLI or an API: workflow id `return-<no>` with
 * WorkflowIdReusePolicy REJECT_DUPLICATE, so a return number gets one workflow ever (while Temporal keeps its
 * history) and a second start — a re-read sheet, an edited row, a restarted watcher — is "already started".
 */
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import { AppError } from '../../domain/errors';
import { normalizeReturnNo, returnWorkflowId } from '../../domain/returns';
import type { ReturnWorkflowInput, StartOutcome } from './types';

/** Registered name of workflows/return-processing.ts's workflow (activities may not import workflow code). */
export const RETURN_WORKFLOW_TYPE = 'returnProcessingWorkflow';

export interface StartReturnOptions {
  taskQueue: string;
}

export interface StartedReturn {
  workflowId: string;
  status: StartOutcome;
  /** Set when this call started it. */
  runId?: string;
}

/** Starts `return-<returnNo>` unless it already exists (running or closed): exactly one per return number. */
export async function startReturn(
  client: Client,
  input: ReturnWorkflowInput,
  opts: StartReturnOptions,
): Promise<StartedReturn> {
  const returnNo = normalizeReturnNo(input.returnNo);
  if (!returnNo)
    throw new AppError('InvalidReturnNo', `"${input.returnNo}" is not a usable return number`, {
      returnNo: input.returnNo,
    });
  const workflowId = returnWorkflowId(returnNo);
  const args: ReturnWorkflowInput = {
    ...input,
    returnNo,
    ...(input.line ? { line: { ...input.line, returnNo } } : {}),
  };
  try {
    const handle = await client.workflow.start(RETURN_WORKFLOW_TYPE, {
      taskQueue: opts.taskQueue,
      workflowId,
      args: [args],
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
    });
    return { workflowId, status: 'started', runId: handle.firstExecutionRunId };
  } catch (e) {
    if (e instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, status: 'already-started' };
    throw e;
  }
}

/** The `startReturn` dependency of the returns activities, bound to a client and task queue. */
export function createReturnStarter(
  client: Client,
  opts: StartReturnOptions,
): (input: ReturnWorkflowInput) => Promise<StartOutcome> {
  return async (input) => (await startReturn(client, input, opts)).status;
}
