/**
 * The schedules as code: one Temporal Schedule per registry entry that has a `schedule`, in the company's time
 * zone (config `timezone`). Monthly entries fire the month-end trigger (which decides the day and the period and
 * starts the entry under its business id); interval entries (the returns watcher) start their workflow directly.
 */
import { createHash } from 'node:crypto';
import {
  ScheduleOverlapPolicy,
  type ScheduleOptions,
  type ScheduleOptionsStartWorkflowAction,
} from '@temporalio/client';
import type { Workflow } from '@temporalio/common';
import type { LoadedConfig } from '../config/load-config';
import type { MonthEndTriggerInput } from '../workflows/month-end-trigger';
import { WORKFLOWS, type WorkflowEntry } from './registry';

export type StartAction = ScheduleOptionsStartWorkflowAction<Workflow>;

export interface ScheduleDefinition {
  /** Schedule id: `<taskQueue>-<entry name>`, so two deployments sharing a namespace do not collide. */
  scheduleId: string;
  entry: string;
  /** One line for people: "daily 08:00 Asia/Shanghai; acts on the last working day". */
  description: string;
  options: ScheduleOptions<StartAction>;
  /** SHA-256 of what `apply` sends; kept in the action's memo to tell "unchanged" from "updated". */
  specHash: string;
}

export const SPEC_HASH_MEMO = 'aftersalesScheduleSpecHash';

export function scheduleIdFor(cfg: LoadedConfig, entry: string): string {
  return `${cfg.temporal.taskQueue}-${entry}`;
}

const hhmm = (h: number, m = 0): string => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;

function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object' && !(value instanceof Date)) {
    const entries = Object.entries(value)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : 1));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${stableJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The definition of one entry's schedule, or null when the entry has none. */
export function scheduleDefinition(cfg: LoadedConfig, entry: WorkflowEntry): ScheduleDefinition | null {
  const rule = entry.schedule;
  if (!rule) return null;
  const scheduleId = scheduleIdFor(cfg, entry.name);
  const tz = cfg.timezone;
  let options: ScheduleOptions<StartAction>;
  let description: string;
  if (rule.kind === 'monthly') {
    const input: MonthEndTriggerInput = {
      job: entry.name,
      source: `schedule ${scheduleId}`,
      timeZone: tz,
      calendar: { holidays: cfg.calendar.holidays, extraWorkdays: cfg.calendar.extraWorkdays },
      rule: rule.rule,
      periodOffset: rule.periodOffset,
    };
    const when = rule.dayOfMonth ? `monthly on day ${rule.dayOfMonth}` : 'daily';
    const acts = rule.rule === 'last-working-day' ? '; acts on the last working day' : '';
    const period =
      rule.periodOffset === 0
        ? 'this month'
        : rule.periodOffset === -1
          ? 'the month before'
          : `month ${rule.periodOffset}`;
    description = `${when} ${hhmm(rule.hour, rule.minute)} ${tz}${acts}; period = ${period}`;
    options = {
      scheduleId,
      spec: {
        calendars: [
          {
            ...(rule.dayOfMonth ? { dayOfMonth: rule.dayOfMonth } : {}),
            hour: rule.hour,
            minute: rule.minute ?? 0,
            comment: description,
          },
        ],
        timezone: tz,
      },
      action: {
        type: 'startWorkflow',
        workflowType: 'monthEndTriggerWorkflow',
        workflowId: `${scheduleId}-trigger`,
        taskQueue: cfg.temporal.taskQueue,
        args: [input],
      },
      // A trigger missed while the cluster was down still runs within three days and decides for its own day.
      policies: { overlap: ScheduleOverlapPolicy.BUFFER_ONE, catchupWindow: '3 days' },
    };
  } else {
    // Interval and daily entries start their workflow directly (the schedule appends its time to the id).
    const [start] = entry.starts(cfg, {});
    if (!start) throw new Error(`registry entry ${entry.name} starts nothing`);
    const daily = rule.kind === 'daily';
    description = daily ? `daily ${hhmm(rule.hour, rule.minute)} ${tz}` : `every ${rule.every}`;
    options = {
      scheduleId,
      spec: daily
        ? { calendars: [{ hour: rule.hour, minute: rule.minute ?? 0, comment: description }], timezone: tz }
        : { intervals: [{ every: rule.every }], timezone: tz },
      action: {
        type: 'startWorkflow',
        workflowType: start.workflowType,
        workflowId: start.workflowId,
        taskQueue: cfg.temporal.taskQueue,
        args: start.args,
      },
      // A day missed while the cluster was down still runs (the run examines its own day), at most one waiting;
      // a watcher still scanning when the next one is due is skipped, the next one picks up the rest.
      policies: daily
        ? { overlap: ScheduleOverlapPolicy.BUFFER_ONE, catchupWindow: '3 days' }
        : { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: rule.every },
    };
  }
  const specHash = createHash('sha256')
    .update(stableJson({ spec: options.spec, action: options.action, policies: options.policies }))
    .digest('hex');
  options.action.memo = { [SPEC_HASH_MEMO]: specHash };
  options.memo = { entry: entry.name, description };
  return { scheduleId, entry: entry.name, description, options, specHash };
}

/** Every schedule of the registry, minus entries the config cannot run (reported as skipped). */
export function scheduleDefinitions(
  cfg: LoadedConfig,
  registry: readonly WorkflowEntry[] = WORKFLOWS,
): { definitions: ScheduleDefinition[]; skipped: { entry: string; reason: string }[] } {
  const definitions: ScheduleDefinition[] = [];
  const skipped: { entry: string; reason: string }[] = [];
  for (const entry of registry) {
    if (!entry.schedule) continue;
    const reason = entry.unconfigured?.(cfg) ?? null;
    if (reason) skipped.push({ entry: entry.name, reason });
    else {
      const def = scheduleDefinition(cfg, entry);
      if (def) definitions.push(def);
    }
  }
  return { definitions, skipped };
}
