/**
 * Approval of the stocktake posting by e-mail link, tier by tier (SAP-like tolerance groups): the manager
 * approves up to their limit, above it the next tier must approve as well. Each approver sees the variance
 * summary and the draft report; the first rejection stops the posting.
 */
import { workflowInfo } from '@temporalio/workflow';
import type { ArchiveRef } from '../activities/archive/types';
import type { ReportDecision } from '../activities/stocktake/build-report-data';
import type { ApprovalRequirement, StocktakeSummaryRow } from '../domain/stocktake';
import type { DecisionRecord } from './lib/decision';
import { notifyByEmail } from './lib/notify-by-email';
import { waitForDecision } from './lib/wait-for-decision';
import { type StocktakeInput } from './stocktake-input';
import { fmtYuan, tr, type StocktakeProxies } from './stocktake-run';

export interface ApprovalContext {
  input: StocktakeInput;
  acts: StocktakeProxies;
  names: Record<string, string>;
  draft: ArchiveRef;
  summary: StocktakeSummaryRow;
  requirement: ApprovalRequirement;
  /** Lines still over tolerance after the last recount round. */
  escalated: number;
  rounds: number;
}

export interface ApprovalOutcome {
  approved: boolean;
  decisions: ReportDecision[];
  rejection?: { by: string; comment?: string };
}

/** What approver `i` reads: the variance figures, their limit, who approves next, who approved already. */
function approverSummary(ctx: ApprovalContext, i: number, decisions: ReportDecision[]): string[] {
  const { summary: s, requirement: req } = ctx;
  const t = tr(ctx.input.locale);
  const limit = req.approvers[i]!.maxValueFen ?? null;
  const next = req.approvers[i + 1];
  return [
    t(
      `盘点 ${s.lines} 行，差异 ${s.variances} 行（超差 ${s.overTolerance} 行），账卡不符 ${s.cardMismatches} 行，未盘 ${s.uncounted} 行`,
      `${s.lines} lines counted, ${s.variances} variances (${s.overTolerance} over tolerance), ${s.cardMismatches} book ≠ card, ${s.uncounted} uncounted`,
    ),
    t(
      `盘盈 ${fmtYuan(s.gainValueFen)}，盘亏 ${fmtYuan(s.lossValueFen)}，净影响 ${fmtYuan(s.netValueFen)}`,
      `Gains ${fmtYuan(s.gainValueFen)}, losses ${fmtYuan(s.lossValueFen)}, net ${fmtYuan(s.netValueFen)}`,
    ),
    ...(ctx.escalated > 0
      ? [
          t(
            `经 ${ctx.rounds - 1} 轮复盘仍超差、上报审批：${ctx.escalated} 行`,
            `Still over tolerance after ${ctx.rounds - 1} recount round(s), escalated: ${ctx.escalated} lines`,
          ),
        ]
      : []),
    t(
      `您的审批额度：${limit === null ? '不限' : fmtYuan(limit)}；审批金额（差异绝对值）${fmtYuan(req.valueFen)}${next ? `，超出额度，批准后还需 ${next.approver.name} 审批` : ''}`,
      `Your approval limit: ${limit === null ? 'none' : fmtYuan(limit)}; value for approval ${fmtYuan(req.valueFen)}${next ? `, above your limit: ${next.approver.name} approves next` : ''}`,
    ),
    ...decisions.map((d) => t(`${d.name} 已批准（${d.at}）`, `${d.name} approved (${d.at})`)),
  ];
}

/** Asks approver `i` by link (reminders until they decide) and returns their decision. */
async function askApprover(ctx: ApprovalContext, i: number, decisions: ReportDecision[]): Promise<DecisionRecord> {
  const { input, summary: s, requirement: req } = ctx;
  const t = tr(input.locale);
  const outcome = await waitForDecision(
    {
      stepId: `approve-${i + 1}`,
      kind: 'approval',
      title: t(
        `${input.period} ${input.warehouse.name} 盘点差异审批${i > 0 ? `（第${i + 1}级）` : ''}`,
        `${input.period} ${input.warehouse.name} stocktake variance approval${i > 0 ? ` (level ${i + 1})` : ''}`,
      ),
      summary: approverSummary(ctx, i, decisions),
      figures: [
        { label: t('差异总额', 'Gross value'), value: fmtYuan(req.valueFen) },
        { label: t('净影响', 'Net impact'), value: fmtYuan(s.netValueFen) },
        { label: t('差异行', 'Variance lines'), value: String(s.variances) },
      ],
      docIds: [ctx.draft.docId],
      docLabels: { [ctx.draft.docId]: ctx.draft.fileName },
      recipients: [req.approvers[i]!.approver.email],
      locale: input.locale ?? 'zh-CN',
    },
    {
      reminders: input.approvalReminders ?? ['2 days'],
      notify: notifyByEmail(ctx.acts.mail.sendActionRequest, { names: ctx.names }),
    },
  );
  return outcome.decision;
}

/** Tier by tier: each approver in turn; the first rejection stops the posting. Each decision is audited once. */
export async function approvePosting(ctx: ApprovalContext): Promise<ApprovalOutcome> {
  const decisions: ReportDecision[] = [];
  for (const [i, tier] of ctx.requirement.approvers.entries()) {
    const d = await askApprover(ctx, i, decisions);
    // The same event id the web page records under: a click is logged once, a decision by CLI/Update too.
    await ctx.acts.archive.recordAudit({
      eventId: `${workflowInfo().workflowId}/${d.stepId}/decision`,
      actor: d.decidedBy,
      action: 'approval.decision',
      target: `${workflowInfo().workflowId}/${d.stepId}`,
      at: d.decidedAt,
      detail: {
        action: d.action,
        decidedAt: d.decidedAt,
        ...(d.comment ? { comment: d.comment } : {}),
        via: d.meta?.via ?? 'web',
      },
    });
    decisions.push({
      name: tier.approver.name,
      action: d.action,
      at: d.decidedAt,
      ...(d.comment ? { comment: d.comment } : {}),
    });
    if (d.action !== 'approve')
      return {
        approved: false,
        decisions,
        rejection: { by: tier.approver.name, ...(d.comment ? { comment: d.comment } : {}) },
      };
  }
  return { approved: true, decisions };
}
