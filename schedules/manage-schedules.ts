import type { Client, ScheduleDescription } from '@temporalio/client';
import type { LoadedConfig } from '../config/load-config';
import { ConfigError } from '../domain/errors';
import { WORKFLOWS, type WorkflowEntry } from './registry';
import { scheduleIdFor } from './schedule-definitions';

export interface ScheduleView {
  scheduleId: string;
  entry?: string;
  description?: string;
  paused: boolean;
  note?: string;
  workflowType?: string;
  nextRuns: string[];
  recentRuns: { scheduledAt: string; takenAt: string; workflowId: string }[];
  actionsTaken: number;
}

/** `stocktake` or `aftersales-stocktake` → the schedule id and its registry entry. */
export function resolveSchedule(
  cfg: LoadedConfig,
  idOrName: string,
  registry: readonly WorkflowEntry[] = WORKFLOWS,
): { scheduleId: string; entry: WorkflowEntry } {
  const prefix = `${cfg.temporal.taskQueue}-`;
  const name = idOrName.startsWith(prefix) ? idOrName.slice(prefix.length) : idOrName;
  const entry = registry.find((e) => e.name === name && e.schedule);
  if (!entry) {
    const known = registry.filter((e) => e.schedule).map((e) => `${e.name} (${scheduleIdFor(cfg, e.name)})`);
    throw new ConfigError(`no schedule "${idOrName}" (known: ${known.join(', ')})`, { schedule: idOrName });
  }
  return { scheduleId: scheduleIdFor(cfg, entry.name), entry };
}

export function viewOf(d: ScheduleDescription): ScheduleView {
  const memo = (d.memo ?? {}) as { entry?: string; description?: string };
  return {
    scheduleId: d.scheduleId,
    ...(memo.entry ? { entry: memo.entry } : {}),
    ...(memo.description ? { description: memo.description } : {}),
    paused: d.state.paused,
    ...(d.state.note ? { note: d.state.note } : {}),
    workflowType: d.action.workflowType,
    nextRuns: d.info.nextActionTimes.map((t) => t.toISOString()),
    recentRuns: d.info.recentActions.map((a) => ({
      scheduledAt: a.scheduledAt.toISOString(),
      takenAt: a.takenAt.toISOString(),
      workflowId: a.action.workflow.workflowId,
    })),
    actionsTaken: d.info.numActionsTaken,
  };
}

/** The deployment's schedules (ids starting with its task queue), described. */
export async function listSchedules(client: Client, cfg: LoadedConfig): Promise<ScheduleView[]> {
  const prefix = `${cfg.temporal.taskQueue}-`;
  const ids: string[] = [];
  for await (const s of client.schedule.list()) if (s.scheduleId.startsWith(prefix)) ids.push(s.scheduleId);
  const views: ScheduleView[] = [];
  for (const id of ids.sort()) views.push(viewOf(await client.schedule.getHandle(id).describe()));
  return views;
}
