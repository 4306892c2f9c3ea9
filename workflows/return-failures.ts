import { ApplicationFailure } from '@temporalio/workflow';
import { AppError } from '../domain/errors';

/**
 * Runs pure domain logic inside a workflow: its AppErrors (a period that is not a month, a quantity out of
 * range) become non-retryable failures instead of workflow-task failures that would retry forever.
 */
export function orFail<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof AppError) throw ApplicationFailure.nonRetryable(e.message, e.code, e.context);
    throw e;
  }
}
