/**
 * What status shows for one kill's stall: the killed activity's workflow, described every 250 ms from half a
 * heartbeat timeout after the kill until the next attempt's record shows that timeout (or the activity has finished),
 * through the same pendingActivities/failingLine the `status` command prints with. The killed attempt is the one the
 * drill worker named as it died (workflow id, activity id, attempt).
 *
 * Why not the drill's periodic `status` captures alone: the heartbeat timeout of a killed attempt shows in status
 * only from the timeout until the retry on the restarted worker completes, often about a second (the retry policy's
 * first backoff plus a short mail), and a capture every ~3 s through the CLI (seed 2071965746) missed every kill's
 * window. The CLI prints these same lines (test/cli covers its wording).
 */
import type { Client } from '@temporalio/client';
import { failingLine, pendingActivities } from '../../cli/temporal/pending-activities';
import type { WorkerLife } from './drill-stack';
import { sleep } from './drill-faults';

export interface KillStall {
  point: string;
  killedAt: number;
  workflowId: string;
  activityId: string;
  attempt: number;
  /** The status line for the killed activity once it showed its heartbeat timeout; null if it never did. */
  line: string | null;
  /** Ms after the kill when that line was seen. */
  seenAfterMs: number | null;
  /**
   * Whether the activity was ever among the workflow's pending activities. A dunning child's steps run as local
   * activities on its fast path (workflows/dunning-dealer-run.ts): those never are, and a killed worker shows there as
   * a workflow task timeout instead.
   */
  listed: boolean;
  /** Ms after the kill when it was first listed. */
  listedAfterMs?: number;
  /** Descriptions that failed while watching (the Temporal server's own outage). */
  describeErrors: number;
  /**
   * The longest a description took, in ms. While the Temporal server restarts for its own outage the client retries
   * quietly, so a call hangs instead of failing (seed 1494208300: a posting killed during it was first listed 19.5 s
   * after the kill, its retry having started at 13.9 s): such a watch did not see the server answer throughout.
   */
  slowestDescribeMs: number;
}

export async function watchKillStall(
  client: Client,
  life: WorkerLife,
  o: { heartbeatTimeoutMs: number; maxBackoffMs: number },
): Promise<KillStall> {
  const victim = life.victim;
  const stall: KillStall = {
    point: life.killed!,
    killedAt: life.endedAt!,
    workflowId: victim?.workflowId ?? '?',
    activityId: victim?.activityId ?? '?',
    attempt: victim?.attempt ?? 0,
    line: null,
    seenAfterMs: null,
    listed: false,
    describeErrors: 0,
    slowestDescribeMs: 0,
  };
  if (!victim) return stall;
  const killedAt = life.endedAt!;
  // The last heartbeat came before the kill, so the timeout fires within heartbeatTimeoutMs of it.
  await sleep(Math.max(0, killedAt + o.heartbeatTimeoutMs / 2 - Date.now()));
  const until = killedAt + o.heartbeatTimeoutMs + o.maxBackoffMs + 15_000;
  const local = (iso: string) => iso.slice(11, 19);
  while (Date.now() < until) {
    const t = Date.now();
    try {
      const d = await client.workflow.getHandle(victim.workflowId).describe();
      stall.slowestDescribeMs = Math.max(stall.slowestDescribeMs, Date.now() - t);
      const raw = d.raw.pendingActivities ?? [];
      const i = raw.findIndex((a) => a.activityId === victim.activityId);
      // Listed before and gone now: retried and done, unseen. Never listed yet: keep watching, a local activity
      // until `until` (seed 22657758: a killed count-sheet write was not listed from 5 to 11 s after its kill, and
      // its retry started at 14.6 s).
      if (i < 0 && stall.listed) return stall;
      if (i >= 0 && !stall.listed) {
        stall.listed = true;
        stall.listedAfterMs = Date.now() - killedAt;
      }
      const view = i >= 0 ? pendingActivities(d, 'zh-CN')[i] : undefined;
      // The next attempt's record, failing with a timeout: this kill's, not an earlier kill's of the same activity.
      if (view && view.attempt > victim.attempt && view.failing?.type?.startsWith('Timeout:')) {
        stall.line = `${victim.workflowId}\n    failing: ${failingLine(view, local, 'zh-CN')}`;
        stall.seenAfterMs = Date.now() - killedAt;
        return stall;
      }
    } catch {
      // The Temporal server may be down for its own outage: keep watching.
      stall.describeErrors++;
      stall.slowestDescribeMs = Math.max(stall.slowestDescribeMs, Date.now() - t);
    }
    await sleep(250);
  }
  return stall;
}
