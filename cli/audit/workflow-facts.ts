/**
 * What a workflow did, read from its history (every run of its id, oldest first): the activities it completed with
 * their inputs and results, and the decisions people made through the `decide` Update. History is the record the
 * audit recomputes from; nothing else the workflow wrote is trusted for it.
 *
 * Local activities (a dunning child's steps) are recorded as `core_local_activity` markers: their type and result,
 * not their input, so the activities the audit reads repeat in their result what they did.
 */
import { defaultPayloadConverter } from '@temporalio/common';
import type { Client } from '@temporalio/client';
import type { DecisionRecord } from '../../workflows/lib/decision-types';

export interface ActivityFact {
  type: string;
  /** Undefined for a local activity (its marker records no input). */
  input: unknown;
  result: unknown;
  /** Run the activity belonged to (a re-run of a failed workflow has its own). */
  runId: string;
}

export interface WorkflowFacts {
  workflowId: string;
  /** Status of the latest run: COMPLETED, RUNNING, FAILED, TERMINATED, … */
  status: string;
  runs: string[];
  /** Activities that completed, in history order across runs. */
  completed: ActivityFact[];
  /** Decisions accepted through the `decide` Update (who, when, what), in order. */
  decisions: DecisionRecord[];
  /** The first run's input. */
  input: unknown;
  /** The latest run's result, when it completed. */
  result?: unknown;
}

type Payloads = { payloads?: unknown[] | null } | null | undefined;

/** Marker name the Temporal core SDK gives a completed local activity. */
const LOCAL_ACTIVITY_MARKER = 'core_local_activity';

function decode(p: Payloads): unknown {
  const first = p?.payloads?.[0];
  if (!first) return undefined;
  try {
    return defaultPayloadConverter.fromPayload(first as Parameters<typeof defaultPayloadConverter.fromPayload>[0]);
  } catch {
    return undefined;
  }
}

/** The facts of one workflow id, or null when Temporal knows no run of it. */
export async function workflowFacts(client: Client, workflowId: string): Promise<WorkflowFacts | null> {
  const runs: { runId: string; status: string; start: number }[] = [];
  for await (const r of client.workflow.list({ query: `WorkflowId = '${workflowId.replace(/'/g, "\\'")}'` })) {
    runs.push({ runId: r.runId, status: r.status.name, start: r.startTime.getTime() });
  }
  if (runs.length === 0) return null;
  runs.sort((a, b) => a.start - b.start);
  const facts: WorkflowFacts = {
    workflowId,
    status: runs[runs.length - 1]!.status,
    runs: runs.map((r) => r.runId),
    completed: [],
    decisions: [],
    input: undefined,
  };
  for (const run of runs) {
    const history = await client.workflow.getHandle(workflowId, run.runId).fetchHistory();
    const scheduled = new Map<string, { type: string; input: unknown }>();
    for (const e of history.events ?? []) {
      const started = e.workflowExecutionStartedEventAttributes;
      if (started && facts.input === undefined) facts.input = decode(started.input);
      const s = e.activityTaskScheduledEventAttributes;
      if (s?.activityType?.name)
        scheduled.set(String(e.eventId), { type: s.activityType.name, input: decode(s.input) });
      const c = e.activityTaskCompletedEventAttributes;
      if (c) {
        const what = scheduled.get(String(c.scheduledEventId));
        if (what) facts.completed.push({ ...what, result: decode(c.result), runId: run.runId });
      }
      const m = e.markerRecordedEventAttributes;
      if (m?.markerName === LOCAL_ACTIVITY_MARKER && !m.failure && m.details) {
        const data = decode(m.details['data']) as { activity_type?: string; activityType?: string } | undefined;
        const type = data?.activity_type ?? data?.activityType;
        if (type)
          facts.completed.push({ type, input: undefined, result: decode(m.details['result']), runId: run.runId });
      }
      const done = e.workflowExecutionCompletedEventAttributes;
      if (done) facts.result = decode(done.result);
      const u = e.workflowExecutionUpdateCompletedEventAttributes;
      const out = u?.outcome?.success ? decode(u.outcome.success) : undefined;
      if (out && typeof out === 'object' && 'decidedAt' in out && 'stepId' in out) {
        facts.decisions.push(out as DecisionRecord);
      }
    }
  }
  return facts;
}

/** The inputs (and results) of the completed activities of one type. */
export function completedOf<I = unknown, R = unknown>(facts: WorkflowFacts, type: string): { input: I; result: R }[] {
  return facts.completed.filter((a) => a.type === type).map((a) => ({ input: a.input as I, result: a.result as R }));
}

/** Ids of workflows whose id starts with `prefix` (visibility), oldest first. */
export async function workflowIdsStartingWith(client: Client, prefix: string, type: string): Promise<string[]> {
  const ids = new Set<string>();
  const query = `WorkflowType = '${type}' AND WorkflowId STARTS_WITH '${prefix.replace(/'/g, "\\'")}'`;
  for await (const r of client.workflow.list({ query })) ids.add(r.workflowId);
  return [...ids].sort();
}
