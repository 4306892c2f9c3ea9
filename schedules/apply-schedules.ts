import { ScheduleAlreadyRunning, ScheduleNotFoundError, type Client } from '@temporalio/client';
import type { LoadedConfig } from '../config/load-config';
import { WORKFLOWS, type WorkflowEntry } from './registry';
import { SPEC_HASH_MEMO, scheduleDefinitions, type ScheduleDefinition } from './schedule-definitions';

export interface AppliedSchedule {
  scheduleId: string;
  entry: string;
  description: string;
  result: 'created' | 'updated' | 'unchanged';
}

export interface ApplyReport {
  applied: AppliedSchedule[];
  skipped: { entry: string; reason: string }[];
}

async function applyOne(client: Client, def: ScheduleDefinition): Promise<AppliedSchedule['result']> {
  const handle = client.schedule.getHandle(def.scheduleId);
  for (let attempt = 0; ; attempt++) {
    try {
      const current = await handle.describe();
      if (current.action.memo?.[SPEC_HASH_MEMO] === def.specHash) return 'unchanged';
      // Keep an operator's pause (and its note): applying code must not silently resume a paused schedule.
      await handle.update((prev) => ({
        spec: def.options.spec,
        action: def.options.action,
        policies: def.options.policies,
        state: { paused: prev.state.paused, ...(prev.state.note ? { note: prev.state.note } : {}) },
      }));
      return 'updated';
    } catch (err) {
      if (!(err instanceof ScheduleNotFoundError)) throw err;
    }
    try {
      await client.schedule.create(def.options);
      return 'created';
    } catch (err) {
      // Another `apply` created it between our describe and create: go round once more and update it.
      if (!(err instanceof ScheduleAlreadyRunning) || attempt > 0) throw err;
    }
  }
}

/**
 * Creates or updates every schedule of the registry, idempotently: describe → unchanged (same spec hash in the
 * action memo) / update (keeping the paused state) / create. Schedules of entries the config cannot run are
 * skipped and reported; nothing is deleted.
 */
export async function applySchedules(
  client: Client,
  cfg: LoadedConfig,
  registry: readonly WorkflowEntry[] = WORKFLOWS,
): Promise<ApplyReport> {
  const { definitions, skipped } = scheduleDefinitions(cfg, registry);
  const applied: AppliedSchedule[] = [];
  for (const def of definitions) {
    const result = await applyOne(client, def);
    applied.push({ scheduleId: def.scheduleId, entry: def.entry, description: def.description, result });
  }
  return { applied, skipped };
}
