import type { Context } from '@temporalio/activity';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { lastProgress } from './report-progress';
import { toApplicationFailure } from './to-application-failure';

/** Keep-alive heartbeats at least this often (and at a third of the heartbeat timeout when that is shorter). */
const MAX_KEEP_ALIVE_MS = 2_000;

/**
 * The one activity error boundary, registered in worker.ts for every activity:
 * - while an activity with a heartbeat timeout runs, it heartbeats on its behalf (carrying the last progress it
 *   reported with `reportProgress`), so a worker killed mid-activity is noticed within the heartbeat timeout and the
 *   activity is retried on a live worker — not when a start-to-close of many minutes runs out. A stuck event loop
 *   stops these heartbeats too, so a hung process is noticed the same way;
 * - whatever the activity throws becomes a typed ApplicationFailure (see toApplicationFailure): permanent faults
 *   fail fast, transient ones are retried by the activity's retry policy.
 */
export const activityBoundary: ActivityInterceptorsFactory = (ctx: Context) => ({
  inbound: {
    async execute(input, next) {
      const hb = ctx.info.heartbeatTimeoutMs;
      let timer: NodeJS.Timeout | undefined;
      if (hb && !ctx.info.isLocal) {
        const beat = () => ctx.heartbeat(lastProgress(ctx));
        beat();
        timer = setInterval(beat, Math.max(200, Math.min(MAX_KEEP_ALIVE_MS, Math.floor(hb / 3))));
      }
      try {
        return await next(input);
      } catch (err) {
        throw toApplicationFailure(err, { firstScheduledAt: new Date(ctx.info.scheduledTimestampMs).toISOString() });
      } finally {
        if (timer) clearInterval(timer);
      }
    },
  },
});
