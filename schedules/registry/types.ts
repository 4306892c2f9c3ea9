import type { Duration } from '@temporalio/common';
import type { LoadedConfig } from '../../config/load-config';
import type { MonthlyRunRule, Period } from '../../domain/calendar';

/** One workflow start: the workflow type, its business id and its arguments. */
export interface RunStart {
  workflowType: string;
  workflowId: string;
  args: unknown[];
}

/** What `aftersales run` and the schedules pass to an entry. */
export interface RunParams {
  /** `yyyy-MM`; absent for entries that have no period (the returns watcher). */
  period?: Period;
  /** One warehouse id, for entries that fan out over warehouses; absent = all of them. */
  warehouse?: string;
  /** The entry's own key, for entries that run per business object (a return number). */
  key?: string;
}

export interface ProgressView {
  done: number;
  total: number;
  label?: string;
}

/**
 * When a workflow runs by itself. `monthly`: a Temporal Schedule fires the month-end trigger at `hour:minute`
 * company time on `dayOfMonth` (every day when absent); the trigger applies `rule` and starts the entry for the
 * period `periodOffset` months from the local month. `interval`: the schedule starts the workflow directly.
 * `daily`: the schedule starts the workflow directly every day at `hour:minute` company time; the workflow reads
 * the day from its scheduled start time (the early-warning detector).
 */
export type ScheduleRule =
  | { kind: 'monthly'; rule: MonthlyRunRule; dayOfMonth?: number; hour: number; minute?: number; periodOffset: number }
  | { kind: 'interval'; every: Duration }
  | { kind: 'daily'; hour: number; minute?: number };

/** One runnable workflow: everything the CLI and the schedules need to know about it. */
export interface WorkflowEntry {
  /** CLI name, e.g. `stocktake`. */
  name: string;
  title: string;
  workflowType: string;
  /** Child workflow types it starts (labelled in `status`). */
  childTypes?: string[];
  needsPeriod: boolean;
  /** A key the run needs besides (or instead of) a period, given on the CLI as `--<flag> <value>`. */
  key?: { flag: 'return-no'; description: string };
  /**
   * How a finished run of the same business id is treated: 'on-request' (default) runs again only with --rerun /
   * backfill; 'always' runs again every time (a watcher: each run is a new scan); 'never' (one workflow per
   * return number, ever).
   */
  rerun?: 'on-request' | 'always' | 'never';
  /** Entries that fan out over warehouses accept `--warehouse`; the ids allowed. */
  warehouses?: (cfg: LoadedConfig) => string[];
  /** Why the config cannot run this workflow (a missing section), or null when it can. */
  unconfigured?: (cfg: LoadedConfig) => string | null;
  /** The starts for one run; throws ConfigError when the config lacks what the workflow needs. */
  starts(cfg: LoadedConfig, p: RunParams): RunStart[];
  /** A query giving done/total, for `run --wait`'s progress bar. */
  progress?: { query: string; view(value: unknown): ProgressView };
  /** A query giving a one-line phase description, for `status`. */
  phase?: { query: string; describe(value: unknown): string };
  schedule?: ScheduleRule;
}
