/**
 * What a dealer's child does with one look (facts): manager approval where the level or a credit hold needs it,
 * the letter, the charges, the hold on the dealer sheet, and the commit of it all to the persisted dunning state.
 * Orchestration only; every effect is an idempotent activity (letters by dealer+level+documents, charges by docNo,
 * holds by cell value, state by version + operation id).
 */
import { ActivityFailure, ApplicationFailure, workflowInfo } from '@temporalio/workflow';
import { decisionOf } from './lib/decision';
import type { DealerFacts } from '../activities/dunning/types';
import { approvalReasonText, holdReasonText } from '../domain/dunning/reason-text';
import {
  decide,
  endOfBusinessDay,
  figures,
  opId,
  nextLookId,
  pendingOpId,
  personName,
  zh,
  type DealerCtx,
} from './dunning-dealer-ctx';

const HOLD_LEFT_TO_STAFF = ['DealerSheetNotRewritable', 'DealerNotFound', 'HeaderNotFound', 'WrongBackend'];

/**
 * The approval step of a letter level in a month: stable across re-reviews (a payment, a dispute, a later look), so
 * the manager is asked once per level and month; coming back to it returns the decision already made.
 */
export const letterApprovalStep = (period: string, level: number): string => `approve-L${level}-${period}`;

interface RenderedLetter {
  docId: string;
  fileName: string;
  letterNo?: string;
  priorLetters: number;
}

/**
 * The draft for the approver (kind dunning-letter-draft, no number) or the letter to send (dunning-letter, the next
 * number of the month's series, the approval in 签核). Dated by the approval, else by the end of its as-of day.
 */
async function renderLetter(
  ctx: DealerCtx,
  f: DealerFacts,
  opts: { draft: boolean; approval?: { by: string; at: string } },
): Promise<RenderedLetter> {
  const { workflowId, runId } = workflowInfo();
  const level = f.decision.level!;
  const prepared = await ctx.proxies.acts.prepareLetterDocument({
    letterDataRef: f.letterDataRef!,
    draft: opts.draft,
    period: ctx.period,
    dealerId: f.dealerId,
    numberKey: `${workflowId}/${f.decision.letterKey}`,
    ...(opts.approval ? { approval: { by: personName(ctx, opts.approval.by), at: opts.approval.at } } : {}),
  });
  const t = zh(ctx);
  const fileName = opts.draft
    ? t
      ? `催款函（待审批）-${f.dealerId}-L${level}-${ctx.period}.pdf`
      : `Dunning letter (draft)-${f.dealerId}-L${level}-${ctx.period}.pdf`
    : `催款函-${prepared.letterNo}.pdf`;
  const doc = await ctx.proxies.pdf.renderDocument({
    template: 'dunning-letter',
    dataRef: prepared.dataRef,
    locale: ctx.settings.locale,
    generatedAt: opts.approval?.at ?? endOfBusinessDay(ctx, f.asOf),
    meta: {
      workflowId,
      runId,
      period: ctx.period,
      kind: opts.draft ? 'dunning-letter-draft' : 'dunning-letter',
      fileName,
      dealerId: f.dealerId,
      recipients: opts.draft ? [ctx.settings.people.manager.email] : [f.email],
    },
  });
  return {
    docId: doc.docId,
    fileName,
    priorLetters: prepared.priorLetters,
    ...(prepared.letterNo ? { letterNo: prepared.letterNo } : {}),
  };
}

/**
 * Acts on one look. Returns when the look is committed. A look that waited for approval is refreshed first: if the
 * dealer paid meanwhile, what is due now is acted on instead (a level already approved this month is not asked again;
 * another level is); if nothing was paid, the letter the manager approved is the one that goes out.
 */
export async function actOnLook(ctx: DealerCtx, first: DealerFacts, rejected: Set<string>): Promise<void> {
  let f = first;
  let approval: { by: string; at: string } | undefined;
  let approvedHold = false;
  const d = () => f.decision;
  const t = zh(ctx);
  const locale = t ? 'zh-CN' : 'en';
  for (let guard = 0; guard < 5; guard++) {
    const dec = d();
    if (dec.action !== 'send' || !dec.letterKey || !dec.needsApproval) break;
    const stepId = letterApprovalStep(ctx.period, dec.level!);
    if (rejected.has(stepId)) break;
    const holdToo = dec.approvalReasons.includes('credit-hold');
    // Decided already this month (a look after a dispute or a payment): no new draft, no new ask.
    const earlier = decisionOf(stepId);
    const draft = earlier ? undefined : await renderLetter(ctx, f, { draft: true });
    ctx.status.phase = 'awaiting-approval';
    const answer = await decide(
      ctx,
      {
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
      },
      true,
    );
    ctx.status.phase = 'deciding';
    if (answer?.action !== 'approve') {
      rejected.add(stepId);
      break;
    }
    approval = { by: answer.by, at: answer.at };
    approvedHold = holdToo;
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
      f = { ...f, decision: { ...dec, needsApproval: false } };
      break;
    }
    f = fresh;
  }

  const posted: string[] = [];
  let letterSent = false;
  let letterNo: string | undefined;
  const dec = d();
  if (f.interestCharge) {
    const r = await ctx.proxies.acts.postDunningCharges({
      recRef: f.recRef,
      fee: false,
      by: workflowInfo().workflowId,
      op: pendingOpId(ctx),
    });
    posted.push(...r.posted);
    ctx.outcome.interestChargedFen += r.interestFen;
  }
  const paused = ctx.paused?.() ?? false;
  const refused = dec.level !== undefined && rejected.has(letterApprovalStep(ctx.period, dec.level));
  if (dec.action === 'send' && dec.letterKey && !refused && !dec.needsApproval && !paused) {
    const letter = await renderLetter(ctx, f, { draft: false, ...(approval ? { approval } : {}) });
    letterNo = letter.letterNo;
    await ctx.proxies.mail.sendDunningLetter({
      dealerId: f.dealerId,
      dealerName: f.name,
      email: f.email,
      letterKey: dec.letterKey,
      letterNo: letter.letterNo!,
      priorLetters: letter.priorLetters,
      level: dec.level!,
      template: dec.template!,
      overdueFen: f.overdueFen,
      docId: letter.docId,
      fileName: letter.fileName,
      locale: ctx.settings.locale,
    });
    letterSent = true;
    ctx.outcome.levelsSent.push(dec.level!);
    ctx.outcome.letterNos.push(letter.letterNo!);
    if (dec.feeFen > 0) {
      const r = await ctx.proxies.acts.postDunningCharges({
        recRef: f.recRef,
        fee: true,
        by: workflowInfo().workflowId,
        op: pendingOpId(ctx),
      });
      for (const p of r.posted) if (!posted.includes(p)) posted.push(p);
      ctx.outcome.feesChargedFen += r.feeFen;
    }
  }

  const hold = paused
    ? undefined
    : await applyHold(ctx, f, approvedHold || (letterSent && dec.approvalReasons.includes('credit-hold')), rejected);
  const { version } = await ctx.proxies.acts.commitDealerState({
    dealerId: f.dealerId,
    recRef: f.recRef,
    expectVersion: ctx.version,
    letterSent,
    ...(letterNo ? { letterNo } : {}),
    posted,
    ...(hold ? { creditHold: hold } : {}),
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
  if (approval) ctx.lastDecisionAt = approval.at;
}

/** 信用冻结: set (approved by the manager) or lift (when paid) on the dealer sheet; returns what was done. */
async function applyHold(
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
