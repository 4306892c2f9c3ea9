/**
 * The settlement waits of one return: an abnormal verdict agreed with the dealer (a dispute decided by the
 * manager), and the manager's approval of a credit above the limit.
 */
import { msToNumber } from '@temporalio/common';
import type { ReturnContext, ReturnPolicy } from '../activities/returns/types';
import { formatFen } from '../domain/money';
import { abnormalReasonText, verdictLabel, type Assessment, type Inspection, type Resolution } from '../domain/returns';
import { notifyByEmail } from './lib/notify-by-email';
import { waitForDecision, type DecisionOutcome } from './lib/wait-for-decision';
import { sendActionRequest } from './return-activities';
import { describeReturn, namesOf, tr } from './return-text';
import type { ReturnProgress } from './return-waits';

export interface Settlement {
  resolution: Resolution;
  dealerComment?: string;
  managerComment?: string;
  decidedBy: string[];
}

/** What the dealer and, on a dispute, the manager read: the findings and the figures of the abnormal verdict. */
interface VerdictReview {
  ctx: ReturnContext;
  policy: ReturnPolicy;
  findings: string[];
  figures: { label: string; value: string }[];
}

function reviewOf(
  ctx: ReturnContext,
  policy: ReturnPolicy,
  inspection: Inspection,
  assessment: Assessment,
  creditPreviewFen: number,
): VerdictReview {
  const loc = policy.locale;
  const en = loc === 'en' ? 'en' : 'zh-CN';
  const findings = [
    `${tr(loc, '鉴定结论', 'Verdict')}：${verdictLabel(inspection.verdict, en)}；${tr(loc, '认可数量', 'accepted')} ${inspection.qtyAccepted} / ${ctx.line.qty}`,
    `${tr(loc, '异常原因', 'Why this needs your agreement')}：${assessment.reasons.map((r) => abnormalReasonText(r, en)).join('；')}`,
    ...(inspection.failureMode ? [`${tr(loc, '故障模式', 'Failure mode')}：${inspection.failureMode}`] : []),
    ...(inspection.notes ? [`${tr(loc, '鉴定说明', 'Notes')}：${inspection.notes}`] : []),
  ];
  const figures = [
    { label: tr(loc, '登记数量', 'Registered'), value: String(ctx.line.qty) },
    { label: tr(loc, '认可数量', 'Accepted'), value: String(inspection.qtyAccepted) },
    { label: tr(loc, '抵扣金额', 'Credit'), value: `¥${formatFen(creditPreviewFen)}` },
  ];
  return { ctx, policy, findings, figures };
}

/** The dealer confirms or disputes; no answer by the deadline counts as agreed (default-approve). */
function askDealerAgreement({ ctx, policy, findings, figures }: VerdictReview): Promise<DecisionOutcome> {
  const loc = policy.locale;
  const no = ctx.line.returnNo;
  return waitForDecision(
    {
      stepId: 'dealer-agreement',
      kind: 'confirm',
      title: tr(loc, `退回单 ${no} 鉴定结果确认`, `Return ${no}: please confirm the inspection result`),
      summary: [...describeReturn(ctx, loc), ...findings],
      figures,
      recipients: [ctx.dealer.email],
      actionLabels: { confirm: tr(loc, '同意鉴定结果', 'I agree'), dispute: tr(loc, '有异议', 'I disagree') },
      locale: loc,
    },
    {
      reminders: [msToNumber(policy.approvals.reminderAfter)],
      deadline: policy.dealerResponseDeadline,
      onTimeout: 'default-approve',
      notify: notifyByEmail(sendActionRequest, {
        names: namesOf({ name: ctx.dealer.name, email: ctx.dealer.email }),
        requestedBy: policy.companyName,
      }),
    },
  );
}

/** A dispute goes to the manager, who upholds the verdict (approve) or accepts the dealer's claim (reject). */
function askManagerOnDispute({ ctx, policy, findings, figures }: VerdictReview, dealerSays: string) {
  const loc = policy.locale;
  const no = ctx.line.returnNo;
  const manager = policy.people.manager;
  const reminder = msToNumber(policy.approvals.reminderAfter);
  return waitForDecision(
    {
      stepId: 'dispute-review',
      kind: 'approval',
      title: tr(loc, `退回单 ${no} 经销商异议处理`, `Return ${no}: dealer disputes the inspection`),
      summary: [...describeReturn(ctx, loc), ...findings, `${tr(loc, '经销商意见', 'Dealer says')}：${dealerSays}`],
      figures,
      recipients: [manager.email],
      actionLabels: {
        approve: tr(loc, '维持鉴定结论', 'Uphold the verdict'),
        reject: tr(loc, '采纳经销商意见', "Accept the dealer's claim"),
      },
      commentRequiredFor: ['reject'],
      locale: loc,
    },
    {
      reminders: [reminder, 2 * reminder],
      notify: notifyByEmail(sendActionRequest, { names: namesOf(manager), requestedBy: policy.companyName }),
    },
  );
}

/**
 * An abnormal verdict goes to the dealer (confirm / dispute; no answer by the deadline counts as agreed);
 * a dispute goes to the manager, who upholds the verdict or accepts the dealer's claim.
 */
export async function settleWithDealer(
  ctx: ReturnContext,
  policy: ReturnPolicy,
  inspection: Inspection,
  assessment: Assessment,
  creditPreviewFen: number,
  progress: ReturnProgress,
): Promise<Settlement> {
  const review = reviewOf(ctx, policy, inspection, assessment, creditPreviewFen);
  progress.phase = 'awaiting-dealer';
  const dealerStep = await askDealerAgreement(review);
  const dd = dealerStep.decision;
  if (dd.action === 'confirm') {
    return { resolution: dealerStep.timedOut ? 'dealer-deemed-agreed' : 'dealer-agreed', decidedBy: [dd.decidedBy] };
  }
  progress.phase = 'awaiting-manager';
  const md = (await askManagerOnDispute(review, dd.comment ?? '')).decision;
  return {
    resolution: md.action === 'approve' ? 'manager-upheld' : 'manager-overruled',
    ...(dd.comment ? { dealerComment: dd.comment } : {}),
    ...(md.comment ? { managerComment: md.comment } : {}),
    decidedBy: [dd.decidedBy, md.decidedBy],
  };
}

/** A credit above the threshold needs the manager's approval; refused means no credit is posted. */
export async function approveCredit(
  ctx: ReturnContext,
  policy: ReturnPolicy,
  creditFen: number,
  verdictText: string,
  qtyCredited: number,
): Promise<{ approved: boolean; by: string; comment?: string }> {
  const loc = policy.locale;
  const manager = policy.people.manager;
  const reminder = msToNumber(policy.approvals.reminderAfter);
  const { decision } = await waitForDecision(
    {
      stepId: 'credit-approval',
      kind: 'approval',
      title: tr(loc, `退货抵扣审批 ${ctx.line.returnNo}`, `Approve credit for return ${ctx.line.returnNo}`),
      summary: [
        ...describeReturn(ctx, loc),
        `${tr(loc, '鉴定结论', 'Verdict')}：${verdictText}；${tr(loc, '认可数量', 'credited qty')} ${qtyCredited}`,
        tr(
          loc,
          `抵扣金额超过审批限额 ¥${formatFen(policy.creditApprovalThresholdFen)}，需经理批准后记入往来账。`,
          `The credit exceeds the approval limit of ¥${formatFen(policy.creditApprovalThresholdFen)}.`,
        ),
      ],
      figures: [
        { label: tr(loc, '抵扣金额', 'Credit'), value: `¥${formatFen(creditFen)}` },
        { label: tr(loc, '审批限额', 'Approval limit'), value: `¥${formatFen(policy.creditApprovalThresholdFen)}` },
      ],
      recipients: [manager.email],
      actionLabels: { approve: tr(loc, '批准抵扣', 'Approve credit'), reject: tr(loc, '不予抵扣', 'Refuse credit') },
      locale: loc,
    },
    {
      reminders: [reminder, 2 * reminder],
      notify: notifyByEmail(sendActionRequest, { names: namesOf(manager), requestedBy: policy.companyName }),
    },
  );
  return {
    approved: decision.action === 'approve',
    by: decision.decidedBy,
    ...(decision.comment ? { comment: decision.comment } : {}),
  };
}
