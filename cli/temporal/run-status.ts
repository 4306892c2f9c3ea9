import type { Client } from '@temporalio/client';
import { pendingStepsQuery } from '../../workflows/lib/decision';
import type { StepView } from '../../workflows/lib/decision-types';
import { WORKFLOWS, entryOfType, type WorkflowEntry } from '../../schedules/registry';
import type { Locale } from './describe-failure';
import { pendingActivities, type PendingActivityView } from './pending-activities';

export interface WaitingStep {
  stepId: string;
  kind: string;
  title: string;
  /** Who is expected to act (e-mail addresses that hold a link). */
  recipients: string[];
  openedAt: string;
  deadline?: string;
}

export interface RunStatus {
  workflowId: string;
  runId: string;
  workflowType: string;
  /** Registry entry name, when the type is one of ours. */
  entry?: string;
  status: string;
  startTime: string;
  closeTime?: string;
  /** One line from the entry's phase query (running runs only). */
  phase?: string;
  /** Open steps; null when the workflow could not be asked (no worker answered in time). */
  waiting: WaitingStep[] | null;
  /** Activities it is in (running ones): how far each got and, when one is failing, why, since when, how often. */
  activities?: PendingActivityView[];
  /** Mails of this run sent again after an attempt with an unknown outcome (from the audit log). */
  possiblyDuplicated?: PossiblyDuplicatedMail[];
  note?: string;
}

export interface PossiblyDuplicatedMail {
  step: string;
  recipient: string;
  messageId: string;
  firstAttemptAt: string;
}

export interface StatusQuery {
  taskQueue: string;
  period?: string;
  /** Closed runs too (always when a period is given). */
  all?: boolean;
  limit: number;
  queryTimeoutMs?: number;
  /** Language of the failure causes (config `locale`). */
  locale?: Locale;
}

function toWaiting(s: StepView): WaitingStep {
  return {
    stepId: s.stepId,
    kind: s.kind,
    title: s.title,
    recipients: s.recipients,
    openedAt: s.openedAt,
    ...(s.deadline ? { deadline: s.deadline } : {}),
  };
}

async function inPool<T, R>(items: readonly T[], size: number, fn: (t: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(size, items.length) }, async () => {
      for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!);
    }),
  );
  return out;
}

function isQueryNotRegistered(err: unknown): boolean {
  const text = `${(err as Error)?.name ?? ''} ${(err as Error)?.message ?? ''}`;
  return /QueryNotRegistered|unknown queryType|did not register a handler|not registered/i.test(text);
}

/**
 * The deployment's runs (workflows on its task queue) from the Temporal visibility API, newest first, with what
 * each running one is waiting for: the `pendingSteps` query of the decision mechanism (who is expected to act)
 * and the registry entry's phase query. Queries run 8 at a time, each under a deadline.
 */
export async function listRunStatus(
  client: Client,
  q: StatusQuery,
  registry: readonly WorkflowEntry[] = WORKFLOWS,
): Promise<{ runs: RunStatus[]; truncated: boolean }> {
  const closedToo = q.all || !!q.period;
  const query = `TaskQueue = "${q.taskQueue.replace(/"/g, '')}"${closedToo ? '' : ' AND ExecutionStatus = "Running"'}`;
  const found: RunStatus[] = [];
  let truncated = false;
  for await (const w of client.workflow.list({ query })) {
    if (q.period && !w.workflowId.includes(`-${q.period}`)) continue;
    if (found.length >= q.limit) {
      truncated = true;
      break;
    }
    const entry = entryOfType(w.type, registry);
    found.push({
      workflowId: w.workflowId,
      runId: w.runId,
      workflowType: w.type,
      ...(entry ? { entry: entry.name } : {}),
      status: w.status.name,
      startTime: w.startTime.toISOString(),
      ...(w.closeTime ? { closeTime: w.closeTime.toISOString() } : {}),
      waiting: [],
    });
  }
  const timeout = q.queryTimeoutMs ?? 5_000;
  await inPool(
    found.filter((r) => r.status === 'RUNNING'),
    8,
    async (run) => {
      const handle = client.workflow.getHandle(run.workflowId, run.runId);
      // The server answers this one itself: it works even while no worker runs.
      try {
        const d = await client.withDeadline(Date.now() + timeout, () => handle.describe());
        run.activities = pendingActivities(d, q.locale);
      } catch {
        // A description is a nicety here; the visibility record above stands.
      }
      try {
        const steps = await client.withDeadline(Date.now() + timeout, () => handle.query(pendingStepsQuery));
        run.waiting = steps.map(toWaiting);
      } catch (err) {
        if (isQueryNotRegistered(err)) run.waiting = [];
        else {
          run.waiting = null;
          run.note = 'no worker answered the query in time';
          return;
        }
      }
      const entry = registry.find((e) => e.name === run.entry && e.workflowType === run.workflowType);
      if (!entry?.phase) return;
      try {
        const value = await client.withDeadline(Date.now() + timeout, () => handle.query(entry.phase!.query));
        run.phase = entry.phase.describe(value);
      } catch {
        // A phase is a nicety; the waiting steps above are what matters.
      }
    },
  );
  return { runs: found, truncated };
}
