/**
 * What a dealer's child does with one look (facts): manager approval where the level or a credit hold needs it
 * (dunning-dealer-approval.ts), the letter (dunning-dealer-letter.ts), the charges, the hold on the dealer sheet
 * (dunning-dealer-hold.ts), and the commit of it all to the persisted dunning state. Orchestration only; every
 * effect is an idempotent activity (letters by dealer+level+documents, charges by docNo, holds by cell value, state
 * by version + operation id).
 */
import { workflowInfo } from '@temporalio/workflow';
import type { DealerFacts } from '../activities/dunning/types';
import { approveLetters } from './dunning-dealer-approval';
import { opId, pendingOpId, type DealerCtx } from './dunning-dealer-context';
import { applyHold } from './dunning-dealer-hold';
import { letterApprovalStep, sendLetter } from './dunning-dealer-letter';

/**
 * Acts on one look and returns when it is committed: approvals first (see approveLetters: a look that waited for
 * approval is refreshed, and if the dealer paid meanwhile, what is due now is acted on instead), then interest, the
 * letter and its fee, the credit hold, and the commit (activity commitDealerState, by expected version + operation
 * id, so a replayed commit is recognised). Nothing but interest goes out while a dispute waits to be routed.
 * Activities retry by their kind; a superseded state fails the look (the follow-up ends on it).
 */
export async function actOnDealerLook(ctx: DealerCtx, first: DealerFacts, rejected: Set<string>): Promise<void> {
  const { f, approval, approvedHold } = await approveLetters(ctx, first, rejected);
  const posted: string[] = [];
  let letterSent = false;
  let letterNo: string | undefined;
  const dec = f.decision;
  if (f.interestCharge) await postInterest(ctx, f, posted);
  const paused = ctx.paused?.() ?? false;
  const refused = dec.level !== undefined && rejected.has(letterApprovalStep(ctx.period, dec.level));
  if (dec.action === 'send' && dec.letterKey && !refused && !dec.needsApproval && !paused) {
    letterNo = await sendLetter(ctx, f, approval, posted);
    letterSent = true;
  }
  const hold = paused
    ? undefined
    : await applyHold(ctx, f, approvedHold || (letterSent && dec.approvalReasons.includes('credit-hold')), rejected);
  await commitLook(ctx, f, { letterSent, ...(letterNo ? { letterNo } : {}), posted, ...(hold ? { hold } : {}) });
  if (approval) ctx.lastDecisionAt = approval.at;
}

/** Interest on the overdue documents (activity postDunningCharges, keyed by document number), into `posted`. */
async function postInterest(ctx: DealerCtx, f: DealerFacts, posted: string[]): Promise<void> {
  const r = await ctx.proxies.acts.postDunningCharges({
    recRef: f.recRef,
    fee: false,
    by: workflowInfo().workflowId,
    op: pendingOpId(ctx),
  });
  posted.push(...r.posted);
  ctx.outcome.interestChargedFen += r.interestFen;
}

/** Commits what the look did to the persisted state and takes the look as the child's current facts and status. */
async function commitLook(
  ctx: DealerCtx,
  f: DealerFacts,
  done: { letterSent: boolean; letterNo?: string; posted: string[]; hold?: 'set' | 'lift' },
): Promise<void> {
  const { version } = await ctx.proxies.acts.commitDealerState({
    dealerId: f.dealerId,
    recRef: f.recRef,
    expectVersion: ctx.version,
    letterSent: done.letterSent,
    ...(done.letterNo ? { letterNo: done.letterNo } : {}),
    posted: done.posted,
    ...(done.hold ? { creditHold: done.hold } : {}),
    on: f.asOf,
    opId: opId(ctx),
    by: workflowInfo().workflowId,
  });
  ctx.version = version;
  ctx.facts = f;
  ctx.status.asOf = f.asOf;
  ctx.status.openFen = f.openFen;
  ctx.status.overdueFen = f.overdueFen;
  ctx.status.levelsSent = [...ctx.outcome.levelsSent];
}
