import { ApplicationFailure } from '@temporalio/common';
import type { LoadedConfig } from '../config/load-config';
import { AppError } from '../domain/errors';
import { WORKFLOWS, findEntry, type RunStart, type WorkflowEntry } from './registry';
import type { Period } from '../domain/calendar';

export interface MonthlyRunTargetsInput {
  /** Registry entry name, e.g. `stocktake`. */
  job: string;
  period: Period;
}

/**
 * The month-end trigger's one activity: the workflows to start for a job and period, built from the worker's
 * config at run time (so a config change needs no schedule update). Pure computation, no side effects; safe to
 * retry. A config that cannot run the job (missing section, unknown warehouse) fails non-retryably with the
 * config's own message, so the schedule's failed trigger shows why in the Temporal UI.
 */
export function createScheduleActivities(deps: { config: LoadedConfig; registry?: readonly WorkflowEntry[] }) {
  const registry = deps.registry ?? WORKFLOWS;
  return {
    async monthlyRunTargets(input: MonthlyRunTargetsInput): Promise<RunStart[]> {
      try {
        return findEntry(input.job, registry).starts(deps.config, { period: input.period });
      } catch (err) {
        // Building starts is pure computation: whatever fails will fail again, so never retry.
        if (err instanceof AppError) throw ApplicationFailure.nonRetryable(err.message, err.code, err.context);
        throw ApplicationFailure.nonRetryable((err as Error).message, 'ConfigError');
      }
    },
  };
}

export type ScheduleActivities = ReturnType<typeof createScheduleActivities>;
