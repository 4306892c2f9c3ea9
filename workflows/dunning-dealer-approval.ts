/**
 * The manager's approval of a dunning letter (and of the credit hold that comes with it), asked once per level and
 * month, with the look refreshed after the answer so a dealer who paid meanwhile is not sent the approved letter.
 */
import type { DealerFacts } from '../activities/dunning/types';
import { approvalReasonText } from '../domain/dunning/reason-text';
import { decide, figures, nextLookId, pendingOpId, zh, type DealerCtx } from './dunning-dealer-context';
import { letterApprovalStep, renderLetter, type RenderedLetter } from './dunning-dealer-letter';
import type { StepSpec } from './lib/decision-types';
import { decisionOf } from './lib/decision';

/** The look to act on after approvals, and the approval it carries (for 签核 and the hold). */
export interface ApprovedLook {
  f: DealerFacts;
  approval?: { by: string; at: string };
  approvedHold: boolean;
}

/**
 * Asks the manager for the letters this look needs approved. For each: a draft (activity prepareLetterDocument and
 * renderDocument, not numbered) unless the step was decided already this month, the ask with reminders and
 * escalation (durable timers), then a fresh look (activity reviewDealer): if nothing was paid the approved letter
 * goes out as of the look it was decided on; otherwise what is due now is approved in turn (at most 5 rounds). A
 * refusal or no answer adds the step to `rejected` (not asked again this run). Activities retry by their kind.
 */
export async function approveLetters(ctx: DealerCtx, first: DealerFacts, rejected: Set<string>): Promise<ApprovedLook> {
  const out: ApprovedLook = { f: first, approvedHold: false };
  for (let guard = 0; guard < 5; guard++) {
    const f = out.f;
    const dec = f.decision;
    if (dec.action !== 'send' || !dec.letterKey || !dec.needsApproval) break;
    const stepId = letterApprovalStep(ctx.period, dec.level!);
    if (rejected.has(stepId)) break;
    const holdToo = dec.approvalReasons.includes('credit-hold');
    // Decided already this month (a look after a dispute or a payment): no new draft, no new ask.
    const earlier = decisionOf(stepId);
    const draft = earlier ? undefined : await renderLetter(ctx, f, { draft: true });
    ctx.status.phase = 'awaiting-approval';
    const answer = await decide(ctx, letterApprovalSpec(ctx, f, stepId, holdToo, draft), true);
    ctx.status.phase = 'deciding';
    if (answer?.action !== 'approve') {
      rejected.add(stepId);
      break;
    }
    out.approval = { by: answer.by, at: answer.at };
    out.approvedHold = holdToo;
    const fresh = await ctx.proxies.acts.reviewDealer({
      settingsRef: ctx.settingsRef,
      dealerId: f.dealerId,
      asOf: ctx.today(),
      pendingOp: pendingOpId(ctx),
      lookId: nextLookId(ctx),
    });
    const nothingPaid =
      fresh.decision.action === 'send' && fresh.decision.level === dec.level && fresh.overdueFen >= f.overdueFen;
    if (nothingPaid) {
      // Still due as approved: the approved letter goes out, booked as of the look it was decided on.
      out.f = { ...f, decision: { ...dec, needsApproval: false } };
      break;
    }
    out.f = fresh;
  }
  return out;
}

/** What the manager is asked: the dealer, why approval is needed, the figures and the draft. */
function letterApprovalSpec(
  ctx: DealerCtx,
  f: DealerFacts,
  stepId: string,
  holdToo: boolean,
  draft: RenderedLetter | undefined,
): StepSpec {
  const dec = f.decision;
  const t = zh(ctx);
  const locale = t ? 'zh-CN' : 'en';
  return {
    stepId,
    kind: 'approval',
    title: t
      ? `${f.name}（${f.dealerId}）第${dec.level}级催款函${holdToo ? '及信用冻结' : ''}审批`
      : `Approve level ${dec.level} letter${holdToo ? ' and credit hold' : ''} for ${f.name} (${f.dealerId})`,
    summary: [
      t
        ? `经销商：${f.name}（${f.dealerId}），区域 ${f.region || '—'}`
        : `Dealer: ${f.name} (${f.dealerId}), ${f.region || '—'}`,
      t
        ? `需审批原因：${dec.approvalReasons.map((r) => approvalReasonText(r, locale)).join('；')}`
        : `Why approval: ${dec.approvalReasons.map((r) => approvalReasonText(r, locale)).join('; ')}`,
      ...(holdToo
        ? [t ? '批准后将在经销商表中设置信用冻结。' : 'Approving also sets the credit hold on the dealer sheet.']
        : []),
    ],
    figures: figures(ctx, f),
    ...(draft ? { docIds: [draft.docId], docLabels: { [draft.docId]: draft.fileName } } : {}),
    recipients: [ctx.settings.people.manager.email],
    locale: ctx.settings.locale,
  };
}
