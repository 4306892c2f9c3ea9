import { ApplicationFailure, Context } from '@temporalio/activity';
import { AppError, ValidationError } from '../../domain/errors';

/**
 * The activity boundary: a permanent AppError (bad data, unknown return, a changed journal header) becomes a
 * non-retryable ApplicationFailure of the same type, carrying cell problems in its details; transient faults
 * (ConcurrentEditError, lock timeouts, I/O) pass through for Temporal to retry.
 */
export async function guard<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof AppError && e.permanent) {
      throw ApplicationFailure.create({
        message: e.message,
        type: e.code,
        nonRetryable: true,
        details: e instanceof ValidationError ? [e.problems.slice(0, 100)] : [e.context],
      });
    }
    throw e;
  }
}

/** Heartbeats when running as an activity; a no-op when called directly (unit tests, CLI). */
export function heartbeat(details?: unknown): void {
  try {
    Context.current().heartbeat(details);
  } catch {
    // not inside an activity
  }
}
