/**
 * 经销商往来账目月统计报表: the month's finance report built from the results the children recorded, rendered,
 * mailed to finance; built again once the dealers still deciding are done, and mailed as a correction (更正) if it
 * changed.
 */
import { condition } from '@temporalio/workflow';
import { msToNumber, type Duration } from '@temporalio/common';
import type { PrepareRunResult } from '../activities/dunning/types';
import { formatFen } from '../domain/money';
import type { DunningSettingsInput } from './dunning-month';
import type { MonthRun } from './dunning-month-run';

type Report = Awaited<ReturnType<typeof buildAndRender>>;

/** The report the month ends with, and how many versions of it finance was mailed. */
export interface MonthReport {
  report: Report;
  versions: number;
}

/**
 * Waits briefly for busy dealers to settle, then builds, renders and mails the report (activities
 * buildFinanceReport, renderDocument, sendDunningReportMail). With dealers pending it waits for them (durable
 * timer, at most the follow-up window plus the approval links' validity) and builds it again; a different PDF is
 * mailed as a correction. The report's time is the last decision it includes, so an unchanged one renders the same
 * bytes; mails are keyed by workflow + step in the sent-log (never twice). Activities retry by their kind.
 */
export async function reportMonth(m: MonthRun, run: PrepareRunResult): Promise<MonthReport> {
  const { s, input } = m;
  m.phase = 'summary';
  const zh = s.locale !== 'en';
  const title = zh ? '经销商往来账目月统计报表' : 'Dealer accounts monthly summary';
  await condition(() => [...m.pending].every((id) => m.waiting.has(id)), input.settleWait ?? '2 minutes');
  let report = await buildAndRender(m, run);
  await mailReport(m, report, 'finance-summary', title);
  let versions = 1;
  if (report.built.pending > 0) {
    // Wait for the dealers still deciding, then the report again: a correction if anything changed.
    m.phase = 'awaiting-decisions';
    const wait =
      input.pendingWait !== undefined
        ? msToNumber(input.pendingWait)
        : (settingsWindowDays(s) + 1) * 86_400_000 + msToNumber(s.approvals.linkTtl as Duration);
    await condition(() => m.pending.size === 0, wait);
    m.phase = 'summary';
    const first = report;
    const again = await buildAndRender(m, run, { generatedAt: first.built.generatedAt, pending: first.built.pending });
    if (again.doc.sha256 !== first.doc.sha256) {
      report = again;
      versions = 2;
      await mailReport(m, again, 'finance-summary-correction', zh ? `${title}（更正）` : `${title} (corrected)`);
    }
  }
  return { report, versions };
}

/** Days dealers may still act after the month's as-of date (the follow-up window). */
function settingsWindowDays(s: DunningSettingsInput): number {
  return Math.max(0, s.followUpDays);
}

/** The report's data from the recorded results (buildFinanceReport) and its PDF (renderDocument). */
async function buildAndRender(m: MonthRun, run: PrepareRunResult, corrects?: { generatedAt: string; pending: number }) {
  const { s, info } = m;
  const zh = s.locale !== 'en';
  const built = await m.acts.buildFinanceReport({
    settingsRef: run.settingsRef,
    workflowId: info.workflowId,
    manifestRef: run.manifestRef,
    heldBackSummary: run.heldBackSummary,
    problemCount: run.problemCount,
    heldBack: run.heldBackList,
    failed: m.failed,
    ...(corrects ? { corrects } : {}),
  });
  const doc = await m.pdf.renderDocument({
    template: 'finance-summary',
    dataRef: built.dataRef,
    locale: s.locale,
    // The last decision the report includes (history): a re-run with the same decisions renders the same bytes.
    generatedAt: built.generatedAt,
    meta: {
      workflowId: info.workflowId,
      runId: info.runId,
      period: s.period,
      kind: 'finance-summary',
      fileName: `经销商往来账目月统计报表-${s.period}.pdf`,
      title: zh ? `经销商往来账目月统计报表 ${s.period}` : `Dealer accounts monthly summary ${s.period}`,
      recipients: [s.people.finance.email],
    },
  });
  return { built, doc };
}

/** Mails the report to finance with its headline figures (sendDunningReportMail, keyed by workflow + step). */
async function mailReport(m: MonthRun, r: Report, step: string, title: string): Promise<void> {
  const { s, info } = m;
  const zh = s.locale !== 'en';
  const o = r.built.overall;
  const overdue = o.aging.d1to30 + o.aging.d31to60 + o.aging.d61to90 + o.aging.over90;
  const letters = Object.entries(o.levelsSent)
    .sort(([a], [b]) => Number(a) - Number(b))
    .map(([l, n]) => (zh ? `${l}级 ${n}` : `L${l} ${n}`))
    .join(' / ');
  await m.acts.sendDunningReportMail({
    workflowId: info.workflowId,
    step,
    to: s.people.finance,
    title,
    period: s.period,
    summaryLines: [
      { label: zh ? '经销商' : 'Dealers', value: `${o.dealers}（${zh ? '暂缓' : 'held back'} ${o.heldBack}）` },
      { label: zh ? '期末余额合计' : 'Closing balances', value: formatFen(o.closingFen) },
      { label: zh ? '逾期合计' : 'Overdue', value: formatFen(overdue) },
      { label: zh ? '对账单' : 'Statements', value: String(o.statementsSent) },
      { label: zh ? '催款函' : 'Letters', value: letters || '0' },
      { label: zh ? '异议' : 'Disputes', value: String(o.disputes) },
      { label: zh ? '信用冻结' : 'Credit holds', value: `${o.onHold}（${zh ? '新增' : 'new'} ${o.holdsSet}）` },
      ...(r.built.pending
        ? [
            {
              label: zh ? '待处理' : 'Pending',
              value: zh ? `${r.built.pending} 项，结束后发更正版` : `${r.built.pending}, a corrected version follows`,
            },
          ]
        : []),
      { label: zh ? '表格页签' : 'Sheet tabs', value: `${r.built.tab}, ${r.built.chargesTab}` },
    ],
    docs: [{ docId: r.doc.docId, fileName: r.doc.fileName, sha256: r.doc.sha256 }],
    locale: s.locale,
  });
}
