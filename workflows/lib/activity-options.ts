/**
 * Activity timeouts and retry policies by what an activity does, designed rather than inherited. Every workflow's
 * `proxyActivities` takes its options from here.
 *
 * - **Heartbeat timeout 10 s on every activity.** The worker's activity boundary (activities/boundary) heartbeats
 *   for each running activity every 2 s, carrying the progress it reports; a worker killed mid-activity is
 *   therefore noticed 10 s after its last heartbeat and the activity is retried on a live worker — not when a
 *   start-to-close of many minutes runs out.
 * - **Start-to-close** bounds one attempt by the largest input it may meet (a hung SMTP or file system call), with room.
 * - **Retries by failure kind.** Permanent faults (bad data, missing file, bad config) are thrown non-retryable by the
 *   boundary and fail at once with the operator's message. Transient ones (disk full, SMTP down, a workbook open in
 *   Excel, Sheets 429/5xx, Temporal unavailable, a killed worker) retry with a backoff from 1 s capped at 30 s —
 *   so the month resumes within half a minute of the fault clearing — for as long as the business deadline allows.
 *   A retry is cheap (a lock check, a connection attempt) and adds nothing to history, so a fault that lasts a
 *   weekend costs a few thousand attempts, not a longer wait after it clears.
 * - **Schedule-to-close is that business deadline**: how long a step may keep retrying before the month-end
 *   cannot use it any more. Until then `npm run cli -- status` names the failing activity, since when, the
 *   attempts and the last error in plain words.
 */
import type { ActivityOptions, LocalActivityOptions, RetryPolicy } from '@temporalio/workflow';

/** How long a silent activity (a killed worker, a stuck process) is waited for before it is retried elsewhere. */
export const ACTIVITY_HEARTBEAT_TIMEOUT = '10 seconds';

/** Transient faults: retried soon, then every 30 s; never "give up after N tries". */
export const TRANSIENT_RETRY: RetryPolicy = {
  initialInterval: '1 second',
  backoffCoefficient: 2,
  maximumInterval: '30 seconds',
};

export type ActivityKind = 'quick' | 'sheets' | 'render' | 'mail' | 'posting';

const KINDS: Record<ActivityKind, Pick<ActivityOptions, 'startToCloseTimeout' | 'scheduleToCloseTimeout'>> = {
  /** Archive, audit log, work store, schedule decisions: seconds of local I/O. Disk full waits for the operator. */
  quick: { startToCloseTimeout: '2 minutes', scheduleToCloseTimeout: '7 days' },
  /** Reading and writing the staff's workbooks (up to tens of thousands of rows) or Google Sheets. */
  sheets: { startToCloseTimeout: '30 minutes', scheduleToCloseTimeout: '10 days' },
  /** PDF rendering and archiving. */
  render: { startToCloseTimeout: '10 minutes', scheduleToCloseTimeout: '7 days' },
  /** One SMTP transaction (connection, greeting and socket waits are bounded at 30/60 s by the transport). */
  mail: { startToCloseTimeout: '3 minutes', scheduleToCloseTimeout: '7 days' },
  /** Posting to the books: waits out a ledger open in Excel until the month-end close window ends. */
  posting: { startToCloseTimeout: '30 minutes', scheduleToCloseTimeout: '10 days' },
};

/**
 * The options for one kind of activity. `overrides` lets a workflow input shorten an attempt in tests
 * (e.g. `attemptTimeout`) or adjust the retry, without changing the design above.
 */
export function activityOptions(kind: ActivityKind, overrides: Partial<ActivityOptions> = {}): ActivityOptions {
  return {
    ...KINDS[kind],
    heartbeatTimeout: ACTIVITY_HEARTBEAT_TIMEOUT,
    ...overrides,
    retry: { ...TRANSIENT_RETRY, ...overrides.retry },
  };
}

/**
 * The same design for a local activity (run by the worker running the workflow, recorded as a marker): the kind's
 * timeouts and retries, without the heartbeat timeout — a local activity lives inside its workflow task, so a killed
 * worker is noticed by the workflow task timeout and the step re-run on a live worker. Retries that back off past a
 * minute wait on a durable timer. Local activities do not show in `status`' pending activities; their failures do
 * in the workflow's history.
 */
export function localActivityOptions(
  kind: ActivityKind,
  overrides: Partial<LocalActivityOptions> = {},
): LocalActivityOptions {
  return {
    ...KINDS[kind],
    ...overrides,
    retry: { ...TRANSIENT_RETRY, ...overrides.retry },
  };
}
