/**
 * The credit hold (信用冻结) on the dealer sheet, as a look decides it: set when the manager approves, lifted when the
 * dealer has paid, kept otherwise.
 */
import { ActivityFailure, ApplicationFailure } from '@temporalio/workflow';
import type { DealerFacts } from '../activities/dunning/types';
import { holdReasonText } from '../domain/dunning/reason-text';
import { decide, figures, pendingOpId, zh, type DealerCtx } from './dunning-dealer-context';

const HOLD_LEFT_TO_STAFF = ['DealerSheetNotRewritable', 'DealerNotFound', 'HeaderNotFound', 'WrongBackend'];

/**
 * 信用冻结: set (approved by the manager) or lift (when paid) on the dealer sheet; returns what was done. Asks the
 * manager first when the hold needs approval and was not approved with the letter (once per hold, reason and month).
 * The write (activity writeCreditHold) is idempotent by cell value and retried by the sheets kind; a workbook that
 * cannot be rewritten safely leaves the hold to staff instead of failing the month.
 */
export async function applyHold(
  ctx: DealerCtx,
  f: DealerFacts,
  alreadyApproved: boolean,
  rejected: Set<string>,
): Promise<'set' | 'lift' | undefined> {
  const h = f.decision.creditHold;
  if (h.action !== 'set' && h.action !== 'lift') {
    if (f.onHold && ctx.outcome.creditHold === 'none') ctx.outcome.creditHold = 'kept';
    return undefined;
  }
  let ok = !h.needsApproval || alreadyApproved;
  const stepId = `approve-hold-${h.action}-${h.reason ?? ''}-${ctx.period}`;
  if (!ok && !rejected.has(stepId)) {
    const t = zh(ctx);
    const locale = t ? 'zh-CN' : 'en';
    const verb = h.action === 'set' ? (t ? '设置' : 'set') : t ? '解除' : 'lift';
    ctx.status.phase = 'awaiting-approval';
    const answer = await decide(
      ctx,
      {
        stepId,
        kind: 'approval',
        title: t
          ? `${f.name}（${f.dealerId}）${verb}信用冻结审批`
          : `Approve: ${verb} credit hold for ${f.name} (${f.dealerId})`,
        summary: [t ? `原因：${holdReasonText(h.reason, locale)}` : `Reason: ${holdReasonText(h.reason, locale)}`],
        figures: figures(ctx, f),
        recipients: [ctx.settings.people.manager.email],
        locale: ctx.settings.locale,
      },
      true,
    );
    ctx.status.phase = 'deciding';
    ok = answer?.action === 'approve';
    if (!ok) rejected.add(stepId);
    if (answer) ctx.lastDecisionAt = answer.at;
  }
  if (!ok) return undefined;
  try {
    await ctx.proxies.acts.writeCreditHold({
      settingsRef: ctx.settingsRef,
      dealerId: f.dealerId,
      hold: h.action === 'set',
      op: pendingOpId(ctx),
      onHoldBefore: f.onHold,
    });
  } catch (err) {
    // A workbook that cannot be rewritten safely, or no row for the dealer: the hold is left to staff (the failure
    // stays in the history); anything transient was already retried by Temporal.
    const cause = err instanceof ActivityFailure ? err.cause : undefined;
    if (cause instanceof ApplicationFailure && HOLD_LEFT_TO_STAFF.includes(cause.type ?? '')) return undefined;
    throw err;
  }
  ctx.outcome.creditHold = h.action === 'set' ? 'set' : 'lifted';
  ctx.outcome.onHold = h.action === 'set';
  ctx.status.onHold = ctx.outcome.onHold;
  return h.action;
}
