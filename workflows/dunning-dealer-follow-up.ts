/**
 * A dealer's follow-up until the month's horizon: disputes routed first, then a durable timer to the next review
 * date (or until a signal), a fresh look each time, and an end when the dealer is settled, the horizon has passed,
 * a dispute stays unresolved, staff say finish, or the dealer's rows went bad or another run took the dealer over.
 */
import { ActivityFailure, ApplicationFailure, condition } from '@temporalio/workflow';
import type { DealerFacts } from '../activities/dunning/types';
import { actOnDealerLook } from './dunning-dealer-act';
import { STATEMENT_STEP, nextLookId, pendingOpId } from './dunning-dealer-context';
import { handleDispute } from './dunning-dealer-dispute';
import { reportToParent } from './dunning-dealer-report';
import { disputedNow, type DealerRun } from './dunning-dealer-run';
import { decisionOf } from './lib/decision';
import { addDays, toDayNumber } from '../domain/calendar';

const REVIEW_HOUR = 9;

/** The follow-up's own counters: disputes routed, looks taken, and why it ended. */
export interface FollowUp {
  handled: Set<string>;
  followUps: number;
  /** settled, horizon, dispute-unresolved, superseded, held-back (finish-signal is set by the caller). */
  endedBy: string;
}

/**
 * Follows the dealer up until the horizon. Side effects are those of each look (reviewDealer, then the letters,
 * charges, holds and state commits of actOnDealerLook) and of dispute routing; all are idempotent activities
 * retried by their kind. A held-back, gone or superseded dealer ends the follow-up; any other failure fails the run.
 */
export async function followUpUntilHorizon(run: DealerRun): Promise<FollowUp> {
  const follow: FollowUp = { handled: new Set<string>(), followUps: 0, endedBy: 'horizon' };
  // Nothing to follow up: the first report was left to the final one (decideMonth), so none is sent here.
  if (run.singleReport) return follow;
  try {
    while (!run.signals.finish) {
      if (run.signals.reportPending) await reportToParent(run);
      const routed = await routeNextDispute(run, follow);
      if (routed === 'unresolved') {
        follow.endedBy = 'dispute-unresolved';
        break;
      }
      if (routed === 'resolved') {
        await takeLook(run, follow);
        continue;
      }
      const next = await waitForNextLook(run, follow);
      if (next === 'stop') break;
      if (next === 'again') continue;
      await takeLook(run, follow);
    }
  } catch (err) {
    // The dealer's rows went bad since the month started, or another run took the dealer over: stop here.
    const type = err instanceof ActivityFailure && err.cause instanceof ApplicationFailure ? err.cause.type : undefined;
    if (type === 'DealerHeldBack' || type === 'DealerGone') follow.endedBy = 'held-back';
    else if (type === 'DunningStateSuperseded') follow.endedBy = 'superseded';
    else throw err;
  }
  return follow;
}

/** Without a follow-up window (followUpDays 0), or past it, the month ends at the next wait. No side effects. */
const pastHorizon = (run: DealerRun): boolean => {
  const horizon = run.ctx.settings.followUpUntil;
  return horizon <= run.begin.facts.asOf || run.ctx.today() > horizon;
};

/**
 * Whether the month ends as soon as its first decision is made: no follow-up window left, no dispute to route, no
 * report asked for meanwhile. Such a child reports once, finally, instead of a first and a final report. Pure.
 */
export const endsAfterDecision = (run: DealerRun): boolean =>
  pastHorizon(run) && !run.signals.finish && !disputedNow(run) && run.ctx.facts.openDisputes.length === 0;

/**
 * A fresh look (activity reviewDealer, named `look-<n>` so a re-run takes it once), then acting on it. Retries by
 * the sheets kind.
 */
async function takeLook(run: DealerRun, follow: FollowUp): Promise<void> {
  const { ctx, input } = run;
  follow.followUps++;
  ctx.facts = await ctx.proxies.acts.reviewDealer({
    settingsRef: input.settingsRef,
    dealerId: input.dealerId,
    asOf: ctx.today(),
    pendingOp: pendingOpId(ctx),
    lookId: nextLookId(ctx),
  });
  await actOnDealerLook(ctx, ctx.facts, run.rejected);
}

/**
 * Routes the next dispute not yet routed this run: the statement's (recorded as a new dispute first), else one the
 * dealer's persisted state holds open. 'none' when there is none.
 */
async function routeNextDispute(run: DealerRun, follow: FollowUp): Promise<'none' | 'resolved' | 'unresolved'> {
  if (disputedNow(run)) {
    run.statementDisputeHandled = true;
    const comment = decisionOf(STATEMENT_STEP)!.comment;
    const id = `STMT-${run.input.period}`;
    follow.handled.add(id);
    const resolved = await handleDispute(run.ctx, { id, isNew: true, ...(comment ? { reason: comment } : {}) });
    return resolved ? 'resolved' : 'unresolved';
  }
  const open = run.ctx.facts.openDisputes.find((x) => !follow.handled.has(x.id));
  if (!open) return 'none';
  follow.handled.add(open.id);
  return (await handleDispute(run.ctx, { id: open.id, isNew: false })) ? 'resolved' : 'unresolved';
}

/**
 * Waits (durable timer) until the next review date, the horizon, or a signal. 'look' when a look is due (the review
 * date came or staff asked for a recheck), 'again' when a report or a dispute came in meanwhile, 'stop' when the
 * follow-up is over (settled, past the horizon, finish signal, nothing more due).
 */
async function waitForNextLook(run: DealerRun, follow: FollowUp): Promise<'look' | 'again' | 'stop'> {
  const { ctx, signals } = run;
  const horizon = ctx.settings.followUpUntil;
  const msUntil = (day: string): number =>
    toDayNumber(day) * 86_400_000 + REVIEW_HOUR * 3_600_000 - run.offsetMs - Date.now();
  if (pastHorizon(run)) return 'stop';
  const f: DealerFacts = ctx.facts;
  const next =
    f.decision.nextReviewOn ??
    (f.blocked || f.onHold || f.overdueFen > 0 ? addDays(ctx.today(), ctx.settings.recheckDays) : undefined);
  const linkOpen = run.linkOpenUntil > Date.now() && !decisionOf(STATEMENT_STEP);
  if (f.openFen === 0 && !f.onHold && !linkOpen) {
    follow.endedBy = 'settled';
    return 'stop';
  }
  const target = next !== undefined && next <= horizon ? next : horizon;
  ctx.status.phase = 'waiting';
  ctx.status.nextLook = target;
  const ms = msUntil(target);
  if (ms > 0) await condition(() => signals.finish || signals.recheck || signals.reportPending || disputedNow(run), ms);
  if (signals.finish) return 'stop';
  if (signals.reportPending || disputedNow(run)) return 'again';
  const due = next !== undefined && next <= horizon && msUntil(next) <= 0;
  if (!signals.recheck && !due) return 'stop';
  signals.recheck = false;
  return 'look';
}
