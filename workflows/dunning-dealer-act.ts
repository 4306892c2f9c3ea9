/**
 * What a dealer's child does with one look (facts): manager approval where the level or a credit hold needs it,
 * the letter, the charges, the hold on the dealer sheet, and the commit of it all to the persisted dunning state.
 * Orchestration only; every effect is an idempotent activity (letters by dealer+level+documents, charges by docNo,
 * holds by cell value, state by version + operation id).
 */
import { ActivityFailure, ApplicationFailure, workflowInfo } from '@temporalio/workflow';
import type { DealerFacts } from '../activities/dunning/types';
import { decide, figures, opId, zh, type DealerCtx } from './dunning-dealer-ctx';

const HOLD_LEFT_TO_STAFF = ['DealerSheetNotRewritable', 'DealerNotFound', 'HeaderNotFound', 'WrongBackend'];

async function renderLetter(ctx: DealerCtx, f: DealerFacts): Promise<{ docId: string; fileName: string }> {
  const fileName = `催款函-${f.dealerId}-${f.decision.letterKey}.pdf`;
  const doc = await ctx.proxies.pdf.renderDocument({
    template: 'dunning-letter',
    dataRef: f.letterDataRef!,
    locale: ctx.settings.locale,
    generatedAt: ctx.generatedAt,
    meta: {
      workflowId: workflowInfo().workflowId,
      runId: workflowInfo().runId,
      period: ctx.period,
      kind: 'dunning-letter',
      fileName,
      dealerId: f.dealerId,
      recipients: [f.email],
    },
  });
  return { docId: doc.docId, fileName };
}

/**
 * Acts on one look. Returns when the look is committed. A look that waited for approval is refreshed first:
 * if the dealer paid meanwhile (a different letter, or none, is due now), the fresh look is acted on instead.
 */
export async function actOnLook(ctx: DealerCtx, first: DealerFacts, rejected: Set<string>): Promise<void> {
  let f = first;
  let letter: { docId: string; fileName: string } | undefined;
  let approvedHold = false;
  const d = () => f.decision;
  for (let guard = 0; guard < 5; guard++) {
    if (d().action !== 'send' || !d().letterKey || rejected.has(d().letterKey!) || !d().needsApproval) break;
    const key = d().letterKey!;
    letter = await renderLetter(ctx, f);
    ctx.status.phase = 'awaiting-approval';
    const holdToo = d().approvalReasons.includes('credit-hold');
    const t = zh(ctx);
    const answer = await decide(
      ctx,
      {
        stepId: `approve-${key}`,
        kind: 'approval',
        title: t
          ? `${f.name}（${f.dealerId}）第${d().level}级催款函${holdToo ? '及信用冻结' : ''}审批`
          : `Approve level ${d().level} letter${holdToo ? ' and credit hold' : ''} for ${f.name} (${f.dealerId})`,
        summary: [
          t
            ? `经销商：${f.name}（${f.dealerId}），区域 ${f.region || '—'}`
            : `Dealer: ${f.name} (${f.dealerId}), ${f.region || '—'}`,
          t ? `催款原因：${d().approvalReasons.join('、')}` : `Why approval: ${d().approvalReasons.join(', ')}`,
          ...(holdToo
            ? [t ? '批准后将在经销商表中设置信用冻结。' : 'Approving also sets the credit hold on the dealer sheet.']
            : []),
        ],
        figures: figures(ctx, f),
        docIds: [letter.docId],
        docLabels: { [letter.docId]: letter.fileName },
        recipients: [ctx.settings.people.manager.email],
        locale: ctx.settings.locale,
      },
      true,
    );
    ctx.status.phase = 'deciding';
    if (answer?.action !== 'approve') {
      rejected.add(key);
      break;
    }
    approvedHold = holdToo;
    const fresh = await ctx.proxies.acts.reviewDealer({
      settingsRef: ctx.settingsRef,
      dealerId: f.dealerId,
      asOf: ctx.today(),
    });
    if (fresh.decision.letterKey === key) {
      // Same letter still due: send the approved document, book the look as of today.
      f = {
        ...fresh,
        ...(f.letterDataRef ? { letterDataRef: f.letterDataRef } : {}),
        decision: { ...fresh.decision, needsApproval: false },
      };
      break;
    }
    f = fresh;
    letter = undefined;
  }

  const posted: string[] = [];
  let letterSent = false;
  const dec = d();
  if (f.interestCharge) {
    const r = await ctx.proxies.acts.postDunningCharges({
      recRef: f.recRef,
      fee: false,
      by: workflowInfo().workflowId,
    });
    posted.push(...r.posted);
    ctx.outcome.interestChargedFen += r.interestFen;
  }
  const paused = ctx.paused?.() ?? false;
  if (dec.action === 'send' && dec.letterKey && !rejected.has(dec.letterKey) && !dec.needsApproval && !paused) {
    letter ??= await renderLetter(ctx, f);
    await ctx.proxies.mail.sendDunningLetter({
      dealerId: f.dealerId,
      dealerName: f.name,
      email: f.email,
      letterKey: dec.letterKey,
      level: dec.level!,
      template: dec.template!,
      overdueFen: f.overdueFen,
      docId: letter.docId,
      fileName: letter.fileName,
      locale: ctx.settings.locale,
    });
    letterSent = true;
    ctx.outcome.levelsSent.push(dec.level!);
    if (dec.feeFen > 0) {
      const r = await ctx.proxies.acts.postDunningCharges({
        recRef: f.recRef,
        fee: true,
        by: workflowInfo().workflowId,
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
        summary: [t ? `原因：${h.reason ?? ''}` : `Reason: ${h.reason ?? ''}`],
        figures: figures(ctx, f),
        recipients: [ctx.settings.people.manager.email],
        locale: ctx.settings.locale,
      },
      true,
    );
    ctx.status.phase = 'deciding';
    ok = answer?.action === 'approve';
    if (!ok) rejected.add(stepId);
  }
  if (!ok) return undefined;
  try {
    await ctx.proxies.acts.writeCreditHold({
      settingsRef: ctx.settingsRef,
      dealerId: f.dealerId,
      hold: h.action === 'set',
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
