import {
  QueryNotRegisteredError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
} from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { decideUpdate, stepQuery } from '../workflows/lib/decision';
import {
  DECISION_REJECTED,
  type DecisionInput,
  type DecisionRecord,
  type RejectionDetails,
  type StepView,
} from '../workflows/lib/decision-types';

/**
 * The web layer's only contact with Temporal: one query (read the step) and one Update (decide), each
 * under a deadline so a page never hangs when no worker is polling. Errors are mapped to outcomes the
 * pages can show; nothing Temporal-specific (or a stack trace) reaches the browser.
 */
export type StepLookup =
  | { kind: 'found'; step: StepView }
  /** The step was never decided and its workflow has ended: the link takes no answer any more. */
  | { kind: 'closed'; step: StepView }
  | { kind: 'not-found' }
  | { kind: 'unavailable'; error: string };

export type DecideOutcome =
  | { kind: 'decided'; decision: DecisionRecord }
  | { kind: 'rejected'; details: RejectionDetails; message: string }
  | { kind: 'not-found' }
  | { kind: 'unavailable'; error: string };

const QUERY_DEADLINE_MS = 10_000;
const UPDATE_DEADLINE_MS = 20_000;

function isNotFound(err: unknown): boolean {
  if (err instanceof WorkflowNotFoundError || err instanceof QueryNotRegisteredError) return true;
  const code = (err as { code?: number } | null)?.code ?? (err as { cause?: { code?: number } } | null)?.cause?.code;
  return code === 5; // gRPC NOT_FOUND
}

function describe(err: unknown): string {
  return err instanceof Error ? `${err.name}: ${err.message}` : String(err);
}

/** What a page shows for a Temporal error: the link's workflow is gone, or Temporal cannot answer now. */
function failure(err: unknown): { kind: 'not-found' } | { kind: 'unavailable'; error: string } {
  return isNotFound(err) ? { kind: 'not-found' } : { kind: 'unavailable', error: describe(err) };
}

export async function lookupStep(
  client: Client,
  workflowId: string,
  stepId: string,
  deadlineMs = QUERY_DEADLINE_MS,
): Promise<StepLookup> {
  const handle = client.workflow.getHandle(workflowId);
  const deadline = Date.now() + deadlineMs;
  const status = () => client.withDeadline(deadline, () => handle.describe()).then((d) => d.status.name);
  let step: StepView | null;
  try {
    step = await client.withDeadline(deadline, () => handle.query(stepQuery, stepId));
  } catch (err) {
    // The query's own error may not say that the workflow is gone (a timeout, a rejected query); describe does.
    return isNotFound(err) || (await status().then(() => false, isNotFound)) ? { kind: 'not-found' } : failure(err);
  }
  if (!step) return { kind: 'not-found' };
  // A decided step reads the same whether its workflow runs or not: one call.
  if (step.decision) return { kind: 'found', step };
  try {
    // A closed workflow still answers the query (from its history), so a page would offer a form whose answer no
    // one can take: e.g. a dealer's statement link after the dealer's month ended. Its status says so.
    return (await status()) === 'RUNNING' ? { kind: 'found', step } : { kind: 'closed', step };
  } catch (err) {
    return failure(err);
  }
}

export async function sendDecision(
  client: Client,
  workflowId: string,
  input: DecisionInput,
  deadlineMs = UPDATE_DEADLINE_MS,
): Promise<DecideOutcome> {
  try {
    const decision = await client.withDeadline(Date.now() + deadlineMs, () =>
      client.workflow.getHandle(workflowId).executeUpdate(decideUpdate, { args: [input] }),
    );
    return { kind: 'decided', decision };
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure) {
      const cause = err.cause;
      if (cause.type === DECISION_REJECTED && cause.details?.[0]) {
        return { kind: 'rejected', details: cause.details[0] as RejectionDetails, message: cause.message };
      }
    }
    return failure(err);
  }
}
