/**
 * The stocktake report (draft for the approvers, final for finance and the manager): data built in an activity
 * from the work store, rendered and archived by the PDF activity, mailed by document id; outcome notices to
 * the warehouse staff when nothing was posted.
 */
import { workflowInfo } from '@temporalio/workflow';
import type { ArchiveRef } from '../activities/archive/types';
import type { BuildReportInput } from '../activities/stocktake/build-report-data';
import type { PostAdjustmentsResult, ReconcileOutput, SnapshotRef } from '../activities/stocktake/types';
import { endOfDayInstant, latestInstant } from '../domain/calendar';
import { latestDecisionAt } from './lib/decision';
import { type StocktakeInput } from './stocktake-input';
import { fmtYuan, tr, type StocktakeOutcome, type StocktakeProxies } from './stocktake-run';

export interface ReportContext {
  input: StocktakeInput;
  acts: StocktakeProxies;
  cutoffDate: string;
  scopeText?: string;
  snap: SnapshotRef;
  rec: ReconcileOutput;
  rounds: BuildReportInput['recounts'];
}

const OUTCOME_LABEL: Record<StocktakeOutcome, [string, string]> = {
  posted: ['已批准并过账', 'approved and posted'],
  clean: ['无金额差异', 'no value variances'],
  rejected: ['已驳回，未过账', 'rejected, not posted'],
  'cannot-approve': ['超出审批权限，未过账', 'beyond approval limits, not posted'],
};

export async function renderStocktakeReport(
  ctx: ReportContext,
  kind: 'draft' | 'final',
  outcome: BuildReportInput['outcome'],
  extra: Partial<BuildReportInput>,
): Promise<ArchiveRef> {
  const { input, acts, snap, rec } = ctx;
  const { workflowId, runId } = workflowInfo();
  const t = tr(input.locale);
  const locale = input.locale ?? 'zh-CN';
  const dataRef = await acts.sheets.buildStocktakeReportData({
    status: kind,
    outcome,
    mode: input.adhoc ? 'adhoc' : 'monthly',
    period: input.period,
    warehouse: input.warehouse,
    workflowId,
    cutoffDate: ctx.cutoffDate,
    ...(ctx.scopeText ? { scope: ctx.scopeText } : {}),
    snapshot: { sha256: snap.archive.sha256, docId: snap.archive.docId, lines: snap.lines },
    result: rec.result,
    plan: rec.plan.ref,
    movements: rec.movements,
    recounts: ctx.rounds,
    approvals: { valueFen: 0, required: [], decisions: [] },
    locale,
    ...extra,
  });
  const label =
    kind === 'draft' ? t('盘点报告（草稿）', 'Stocktake report (draft)') : t('盘点报告', 'Stocktake report');
  const name = `${label} ${input.period} ${input.warehouse.name}${input.adhoc ? ` ${input.adhoc.tag}` : ''}`;
  return acts.pdf.renderDocument({
    template: 'stocktake-report',
    dataRef,
    locale,
    // The last decision the report follows (counts submitted, approvals: history), else the cut-off day's end: a
    // retry, a replay or a re-run with the same decisions renders the same bytes, so the archive keeps one entry.
    generatedAt: latestInstant(
      [latestDecisionAt()],
      endOfDayInstant(ctx.cutoffDate, input.timeZone ?? 'Asia/Shanghai'),
    ),
    meta: {
      workflowId,
      runId,
      period: input.period,
      kind: kind === 'draft' ? 'stocktake-draft' : 'stocktake-report',
      fileName: `${name}.pdf`,
      title: name,
      warehouse: input.warehouse.id,
      recipients: [input.manager, ...input.finance].map((p) => p.email),
    },
  });
}

/** Mails the final report to the manager and finance; tells the counters when nothing was posted. */
export async function deliverStocktakeReport(
  ctx: ReportContext,
  report: ArchiveRef,
  outcome: StocktakeOutcome,
  posting: PostAdjustmentsResult | undefined,
  rejection: { by: string; comment?: string } | undefined,
): Promise<void> {
  const { input, acts, rec } = ctx;
  const { workflowId } = workflowInfo();
  const t = tr(input.locale);
  const locale = input.locale ?? 'zh-CN';
  const readers = [input.manager, ...input.finance].filter(
    (p, i, all) => all.findIndex((q) => q.email === p.email) === i,
  );
  for (const r of readers) {
    await acts.mail.sendStocktakeMail({
      workflowId,
      step: 'report',
      to: r,
      locale,
      template: 'report-delivery',
      vars: {
        title: report.fileName.replace(/\.pdf$/, ''),
        period: input.period,
        summaryLines: [
          { label: t('结果', 'Outcome'), value: OUTCOME_LABEL[outcome][locale === 'en' ? 1 : 0] },
          { label: t('盘点行数', 'Lines'), value: String(rec.summary.lines) },
          { label: t('差异行', 'Variances'), value: String(rec.summary.variances) },
          { label: t('净影响', 'Net impact'), value: fmtYuan(rec.summary.netValueFen) },
          ...(posting?.firstDocNo
            ? [{ label: t('调整单据号', 'Documents'), value: `${posting.firstDocNo} … ${posting.lastDocNo}` }]
            : []),
        ],
        attachmentNames: [report.fileName],
        documentId: report.docId,
        sha256: report.sha256,
      },
      attachments: [{ docId: report.docId, sha256: report.sha256 }],
    });
  }
  if (outcome !== 'rejected' && outcome !== 'cannot-approve') return;
  for (const r of input.counters.filter((p) => p.email !== input.manager.email)) {
    await acts.mail.sendStocktakeMail({
      workflowId,
      step: `notice-${outcome}`,
      to: r,
      locale,
      template: 'stocktake-notice',
      vars: {
        kind: outcome,
        warehouse: input.warehouse.name,
        period: input.period,
        ...(rejection ? { by: rejection.by, ...(rejection.comment ? { comment: rejection.comment } : {}) } : {}),
      },
    });
  }
}
