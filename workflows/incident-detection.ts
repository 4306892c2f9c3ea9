/**
 * `early-warning` (daily, 07:00 company time by a Temporal Schedule): the early warning of batch quality problems
 * (批量质量问题预警). Examines the quality events up to yesterday (or `asOf`): every part × failure mode (and
 * supplier / region within it) against its recent baseline; every open incident against the baseline it froze.
 * New signals open incidents (`incident-2026-11-DP-1230-异响`) by signal-with-start; everything about an open
 * incident is signalled to it — a later signal attaches, a quiet day counts toward its verification.
 *
 * History holds the routes (keys, figures, evidence references) and the counts; events stay in the sheets and
 * the work store. Re-running a day is harmless: routing is idempotent and incidents ignore a day seen before.
 */
import { workflowInfo } from '@temporalio/workflow';
import { SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';
import type { DetectResult, RouteResult } from '../activities/incidents/types';
import { localDate } from '../domain/calendar';
import { detectorActs } from './incident-activities';

export interface EarlyWarningInput {
  /** The last day examined, `YYYY-MM-DD`. Default: the day before the run (scheduled time) in `timeZone`. */
  asOf?: string;
  /** Company time zone for the default (config `timezone`). */
  timeZone?: string;
}

export interface EarlyWarningResult {
  asOf: string;
  counts: DetectResult['counts'];
  problems: number;
  blocking: string[];
  routed: RouteResult[];
}

/** Set by the Temporal scheduler on every workflow a schedule starts. */
const SCHEDULED_START_TIME = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

function defaultAsOf(timeZone: string): string {
  const info = workflowInfo();
  const at = info.typedSearchAttributes.get(SCHEDULED_START_TIME)?.getTime() ?? info.startTime.getTime();
  // Yesterday in the company zone: today's events are still being entered when the detector runs.
  return localDate(at - 86_400_000, timeZone);
}

/** One detector run. Side effects: incident workflows opened or signalled (see the module doc). */
export async function earlyWarningWorkflow(input: EarlyWarningInput = {}): Promise<EarlyWarningResult> {
  const asOf = input.asOf ?? defaultAsOf(input.timeZone ?? 'Asia/Shanghai');
  const { workflowId } = workflowInfo();
  const found = await detectorActs.detectBatchProblems({ asOf, workflowId });
  const routed = found.routes.length ? await detectorActs.routeObservations({ routes: found.routes }) : [];
  return { asOf, counts: found.counts, problems: found.problems, blocking: found.blocking, routed };
}
