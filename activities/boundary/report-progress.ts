import { Context } from '@temporalio/activity';

/** The latest progress each running activity reported, for the boundary's keep-alive heartbeats to carry on. */
const latest = new WeakMap<Context, unknown>();

/**
 * Reports an activity's progress (e.g. `{ phase: 'read', rows: 20000 }`): sent as a heartbeat now and carried by
 * every keep-alive heartbeat after it, so `status` and the Temporal UI show how far a long activity got. A no-op
 * outside an activity (unit tests, the CLI).
 */
export function reportProgress(details: unknown): void {
  let ctx: Context;
  try {
    ctx = Context.current();
  } catch {
    return;
  }
  latest.set(ctx, details);
  ctx.heartbeat(details);
}

/** What the activity last reported (undefined when it reported nothing). */
export function lastProgress(ctx: Context): unknown {
  return latest.get(ctx);
}
