/**
 * The small workflow every monthly schedule starts. Temporal calendars cannot say "last working day of the
 * month", and a schedule's own workflow ids carry a timestamp instead of a business id, so a schedule fires this
 * trigger (daily for the stocktake, on the 3rd / 5th for quality feedback / dunning). The trigger decides in code
 * (domain/calendar, with the configured Chinese holidays and extra workdays, in the company's time zone) whether
 * today is the day and which period it is for, asks the registry (one activity, config read on the worker) which
 * workflows to start, and starts them as abandoned children under their business ids (`stocktake-2026-11-new-parts`).
 *
 * Idempotency: a business id that already exists (running, or closed) is not started again — Temporal refuses the
 * child start (REJECT_DUPLICATE) and it is reported as `already-exists` — so a second firing on the same day, a
 * manual `schedules trigger` or a catch-up after an outage never runs a month twice. Re-running a month on purpose
 * is `aftersales schedules backfill` or `aftersales run --rerun`. History holds only ids, settings and the decision.
 */
import {
  ParentClosePolicy,
  WorkflowIdReusePolicy,
  log,
  proxyActivities,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import {
  SearchAttributeType,
  WorkflowExecutionAlreadyStartedError,
  defineSearchAttributeKey,
} from '@temporalio/common';
import type { ScheduleActivities } from '../schedules/create-schedule-activities';
import { decideMonthlyRun, type MonthlyRunRule, type Period, type WorkCalendar } from '../domain/calendar';
import { activityOptions } from './lib/activity-options';

export interface MonthEndTriggerInput {
  /** Registry entry to start, e.g. `stocktake` (schedules/registry). */
  job: string;
  /** The schedule (or operator) that started the trigger, for logs. */
  source: string;
  timeZone: string;
  calendar: WorkCalendar;
  rule: MonthlyRunRule;
  /** Period relative to the local month of the run: 0 this month (stocktake), -1 the month before (dunning). */
  periodOffset: number;
  /** The instant to decide for (ISO). Default: the schedule's scheduled time, else this workflow's start time. */
  at?: string;
}

export interface MonthEndTriggerResult {
  job: string;
  localDate: string;
  period: Period;
  acted: boolean;
  reason: string;
  started: { workflowId: string; workflowType: string; status: 'started' | 'already-exists' }[];
}

/** Set by the Temporal scheduler on every workflow a schedule starts. */
const SCHEDULED_START_TIME = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

const { monthlyRunTargets } = proxyActivities<ScheduleActivities>(activityOptions('quick'));

/** When the schedule meant to fire: a run caught up after an outage still decides for its own day. */
function scheduledInstant(input: MonthEndTriggerInput): number {
  if (input.at) return Date.parse(input.at);
  const info = workflowInfo();
  const scheduled = info.typedSearchAttributes.get(SCHEDULED_START_TIME);
  return scheduled ? scheduled.getTime() : info.startTime.getTime();
}

/**
 * Decides and starts the month's workflows. Side effects: child workflow starts only, abandoned on close, so the
 * trigger finishes in seconds while a stocktake waits days for its counts. See the module doc for idempotency.
 */
export async function monthEndTriggerWorkflow(input: MonthEndTriggerInput): Promise<MonthEndTriggerResult> {
  const decision = decideMonthlyRun({
    instant: scheduledInstant(input),
    timeZone: input.timeZone,
    calendar: input.calendar,
    rule: input.rule,
    periodOffset: input.periodOffset,
  });
  const result: MonthEndTriggerResult = {
    job: input.job,
    localDate: decision.localDate,
    period: decision.period,
    acted: decision.act,
    reason: decision.reason,
    started: [],
  };
  if (!decision.act) {
    log.info('month-end trigger: nothing to do', { job: input.job, source: input.source, reason: decision.reason });
    return result;
  }
  const targets = await monthlyRunTargets({ job: input.job, period: decision.period });
  for (const target of targets) {
    try {
      await startChild(target.workflowType, {
        workflowId: target.workflowId,
        args: target.args,
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: WorkflowIdReusePolicy.REJECT_DUPLICATE,
      });
      result.started.push({ workflowId: target.workflowId, workflowType: target.workflowType, status: 'started' });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      result.started.push({
        workflowId: target.workflowId,
        workflowType: target.workflowType,
        status: 'already-exists',
      });
    }
  }
  log.info('month-end trigger: started', { job: input.job, period: decision.period, started: result.started });
  return result;
}
