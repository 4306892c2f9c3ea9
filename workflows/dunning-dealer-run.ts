/**
 * One dealer child's run as a whole: its signals and status (set by handlers, read by the phases), the month's
 * beginning (the first look and the working state of dunning-dealer-context.ts), and what the phases of
 * dunning-dealer.ts share beyond that state (the statement's link, refused approvals, the report to the parent).
 */
import { setHandler, workflowInfo, type WorkflowInfo } from '@temporalio/workflow';
import type { ChildBegin } from '../activities/dunning/types';
import {
  dealerProxies,
  nextLookId,
  pendingOpId,
  STATEMENT_STEP,
  type DealerCtx,
  type DealerPaths,
  type DealerOutcome,
} from './dunning-dealer-context';
import type { DunningDealerInput } from './dunning-dealer';
import { reportToParent } from './dunning-dealer-report';
import {
  dunningDealerStatusQuery,
  dunningFinishSignal,
  dunningRecheckSignal,
  dunningRequestReportSignal,
  type DunningDealerStatus,
} from './dunning-signals';
import { decisionOf } from './lib/decision';
import { isoFromDay, maxDate } from '../domain/calendar';

/** What staff and the parent asked for by signal; the handlers set it, the follow-up loop reads it as it waits. */
export interface DealerSignals {
  finish: boolean;
  recheck: boolean;
  reportTo?: string;
  reportPending: boolean;
  /** A re-run of the month asked for the report (dunningRequestReportSignal): it goes by signal, never by result. */
  reportRequested: boolean;
  status: DunningDealerStatus;
}

/** The child's run: the shared working state (ctx) plus what only the phases of the main workflow use. */
export interface DealerRun {
  input: DunningDealerInput;
  info: WorkflowInfo;
  fastPath: boolean;
  /** ONE_TASK_PATCH: a month that ends at its first decision reports to its parent by its result. */
  oneTask: boolean;
  signals: DealerSignals;
  begin: ChildBegin;
  ctx: DealerCtx;
  /** The company's offset from UTC, for review times of day. */
  offsetMs: number;
  /** Until when the statement's link is open (0 without a statement). */
  linkOpenUntil: number;
  /** Approval steps answered "no" this month: not asked again, their letters not sent. */
  rejected: Set<string>;
  /** The statement's dispute was routed (it is routed once). */
  statementDisputeHandled: boolean;
  /** The month is over: the last recorded result is no longer pending. */
  ended: boolean;
  /** The result last recorded (JSON), so an unchanged one is not rewritten. */
  recorded: string;
  /** The month ended right after its decision: the final report is its only one (SINGLE_REPORT_PATCH). */
  singleReport: boolean;
  /** The final report is the child's result, counted by the parent that started it (ONE_TASK_PATCH). */
  reportedByResult: boolean;
}

/**
 * Sets the status query and the signal handlers. No side effects; the handlers only set flags, which the follow-up
 * loop reads when it wakes (a flag set twice is one request).
 */
export function listenToDealerSignals(input: DunningDealerInput): DealerSignals {
  const signals: DealerSignals = {
    finish: false,
    recheck: false,
    reportPending: input.parentWorkflowId !== undefined,
    reportRequested: false,
    ...(input.parentWorkflowId !== undefined ? { reportTo: input.parentWorkflowId } : {}),
    status: {
      dealerId: input.dealerId,
      phase: 'starting',
      asOf: '',
      openFen: 0,
      overdueFen: 0,
      levelsSent: [],
      onHold: false,
      disputed: false,
    },
  };
  setHandler(dunningDealerStatusQuery, () => signals.status);
  setHandler(dunningRecheckSignal, () => void (signals.recheck = true));
  setHandler(dunningFinishSignal, () => void (signals.finish = true));
  setHandler(dunningRequestReportSignal, (parentId) => {
    signals.reportTo = parentId;
    signals.reportPending = true;
    signals.reportRequested = true;
  });
  return signals;
}

/**
 * The month's first look (activity beginDealerMonth: settings, the dealer's facts and persisted state, the
 * statement's data) and the run built on it. The look is named `look-0` and taken as of before any commit of this
 * run, so a re-run after a lost workflow task takes the same look; the activity retries by the sheets kind.
 */
export async function beginDealerRun(
  input: DunningDealerInput,
  signals: DealerSignals,
  { fastPath, oneTask }: DealerPaths,
): Promise<DealerRun> {
  const info = workflowInfo();
  const proxies = dealerProxies(input.attemptTimeout, fastPath);
  const begin = await proxies.acts.beginDealerMonth({
    settingsRef: input.settingsRef,
    dealerId: input.dealerId,
    shard: input.shard,
    pendingOp: pendingOpId({ seq: 0 }),
    lookId: nextLookId(),
    // The look renders the statement too (one step fewer); what it returned decides, on replay as well, whether
    // sendStatement still renders it (children begun before this recorded looks without it).
    statementFor: { workflowId: info.workflowId, runId: info.runId },
  });
  const { settings } = begin;
  const offsetMs = settings.utcOffsetMinutes * 60_000;
  const outcome = newOutcome(begin);
  const ctx: DealerCtx = {
    proxies,
    period: input.period,
    settingsRef: input.settingsRef,
    settings,
    facts: begin.facts,
    version: begin.facts.stateVersion,
    outcome,
    status: signals.status,
    seq: 0,
    looks: 0,
    today: () => maxDate(isoFromDay(Math.floor((Date.now() + offsetMs) / 86_400_000)), ctx.facts.asOf),
    beforeWait: () => reportToParent(run, false, true),
  };
  const run: DealerRun = {
    input,
    info,
    fastPath,
    oneTask,
    signals,
    begin,
    ctx,
    offsetMs,
    linkOpenUntil: 0,
    rejected: new Set<string>(),
    statementDisputeHandled: false,
    ended: false,
    recorded: '',
    singleReport: false,
    reportedByResult: false,
  };
  signals.status.onHold = outcome.onHold;
  return run;
}

/** Nothing done yet this month; on hold and disputed as the dealer's persisted state stands. */
function newOutcome(begin: ChildBegin): DealerOutcome {
  return {
    statementSent: false,
    confirmed: false,
    levelsSent: [],
    letterNos: [],
    creditHold: 'none',
    onHold: begin.facts.onHold,
    disputed: begin.facts.openDisputes.length > 0,
    interestChargedFen: 0,
    feesChargedFen: 0,
  };
}

/** The dealer disputed the statement and the dispute is not routed yet: no letter goes out meanwhile. */
export const disputedNow = (run: DealerRun): boolean =>
  decisionOf(STATEMENT_STEP)?.action === 'dispute' && !run.statementDisputeHandled;
