/**
 * A dealer's dunning letter (催款函): the draft the manager approves, the numbered letter, its mail and its fee.
 */
import { workflowInfo } from '@temporalio/workflow';
import type { DealerFacts } from '../activities/dunning/types';
import { endOfBusinessDay, pendingOpId, personName, zh, type DealerCtx } from './dunning-dealer-context';

/**
 * The approval step of a letter level in a month: stable across re-reviews (a payment, a dispute, a later look), so
 * the manager is asked once per level and month; coming back to it returns the decision already made.
 */
export const letterApprovalStep = (period: string, level: number): string => `approve-L${level}-${period}`;

export interface RenderedLetter {
  docId: string;
  fileName: string;
  letterNo?: string;
  priorLetters: number;
}

/**
 * The draft for the approver (kind dunning-letter-draft, no number) or the letter to send (dunning-letter, the next
 * number of the month's series, the approval in 签核). Dated by the approval, else by the end of its as-of day.
 */
export async function renderLetter(
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
 * Sends the letter the look decided (rendered with its number and the approval in 签核; activity sendDunningLetter,
 * keyed in the sent-log by dealer + level + documents, so no retry or run sends it twice), then posts its fee
 * (activity postDunningCharges, keyed by document number) into `posted`. Returns the letter's number. Activities
 * retry by their kind.
 */
export async function sendLetter(
  ctx: DealerCtx,
  f: DealerFacts,
  approval: { by: string; at: string } | undefined,
  posted: string[],
): Promise<string | undefined> {
  const dec = f.decision;
  const letter = await renderLetter(ctx, f, { draft: false, ...(approval ? { approval } : {}) });
  await ctx.proxies.mail.sendDunningLetter({
    dealerId: f.dealerId,
    dealerName: f.name,
    email: f.email,
    letterKey: dec.letterKey!,
    letterNo: letter.letterNo!,
    priorLetters: letter.priorLetters,
    level: dec.level!,
    template: dec.template!,
    overdueFen: f.overdueFen,
    docId: letter.docId,
    fileName: letter.fileName,
    locale: ctx.settings.locale,
  });
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
  return letter.letterNo;
}
