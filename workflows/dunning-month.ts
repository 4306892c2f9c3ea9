/**
 * The month's dealer reconciliation and dunning run (`dunning-2026-11`): reads and validates the dealer list and
 * transactions (bad rows reported per row; a dealer with problems is held back, the others proceed; the problem
 * report goes to finance), then fans out one child per dealer with bounded concurrency, folds the children's
 * reports into a mergeable finance summary, and finishes with 经销商往来账目月统计报表 (PDF + sheet tabs) mailed to
 * finance and archived.
 *
 * Scale: the children list lives in the work store (manifest); the parent reads it a page at a time and continues
 * as new every `childrenPerRun` children, carrying only counters and the summary, so its history stays a few
 * thousand events at 10,000 dealers. `concurrency` bounds the children in their busy first phase (statement,
 * decision); a child reports as soon as that is done (or before it waits for a person) and then follows up on its
 * own (parent close policy ABANDON), so one slow approval never holds up the run.
 */
import {
  ParentClosePolicy,
  condition,
  continueAsNew,
  getExternalWorkflowHandle,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError, type Duration } from '@temporalio/common';
import type { ArchiveRef } from '../activities/archive/types';
import type { DunningActivities } from '../activities/dunning/create-dunning-activities';
import type { DunningSettings, ManifestEntry, PrepareRunResult } from '../activities/dunning/types';
import type { createPdfActivities } from '../activities/pdf/create-pdf-activities';
import { emptySummary, heldBackResult, mergeSummaries, summarizeFinance, type FinanceSummary } from '../domain/dunning';
import { formatFen } from '../domain/money';
import { dunningDealerWorkflow } from './dunning-dealer';
import {
  dunningDealerWorkflowId,
  dunningProgressQuery,
  dunningReportSignal,
  dunningRequestReportSignal,
  type DunningProgress,
} from './dunning-signals';
import { activityOptions } from './lib/activity-options';

export * from './dunning-signals';

type PdfActivities = ReturnType<typeof createPdfActivities>;

export type DunningSettingsInput = Omit<DunningSettings, 'asOf'> & { asOf?: string };

interface DunningCarry {
  prepared: PrepareRunResult;
  offset: number;
  summary: FinanceSummary;
  done: number;
  failed: string[];
  generation: number;
}

export interface DunningMonthInput {
  settings: DunningSettingsInput;
  /** Children in their first phase at once (config `dunning.concurrency`, default 20). */
  concurrency?: number;
  /** Continue as new after this many children (default 500). */
  childrenPerRun?: number;
  /** How long one activity attempt may take before Temporal retries it elsewhere (tests shorten it). */
  attemptTimeout?: Duration;
  /** Carried across continue-as-new; never set by callers. */
  carry?: DunningCarry;
}

export interface DunningMonthResult {
  period: string;
  dealers: number;
  heldBack: number;
  problemCount: number;
  failed: string[];
  summary: FinanceSummary['overall'];
  report?: ArchiveRef;
  problemReport?: ArchiveRef;
  sheetTabs: string[];
  generations: number;
}

/** See module doc. */
export async function dunningMonthWorkflow(input: DunningMonthInput): Promise<DunningMonthResult> {
  const info = workflowInfo();
  const s = input.settings;
  // Reading and validating 10,000 dealers' ledgers is the long one (a sheets attempt may take 30 minutes).
  const attempt = input.attemptTimeout ? { startToCloseTimeout: input.attemptTimeout } : {};
  const acts = proxyActivities<DunningActivities>(activityOptions('sheets', attempt));
  const pdf = proxyActivities<PdfActivities>(activityOptions('render', attempt));
  const concurrency = Math.max(1, input.concurrency ?? 20);
  const perRun = Math.max(1, input.childrenPerRun ?? 500);
  const carry = input.carry;
  let summary = carry?.summary ?? emptySummary();
  let done = carry?.done ?? 0;
  const failed = [...(carry?.failed ?? [])];
  let offset = carry?.offset ?? 0;
  let prepared = carry?.prepared;
  const inFlight = new Set<string>();
  let phase: DunningProgress['phase'] = prepared ? 'fan-out' : 'reading';

  setHandler(dunningReportSignal, ({ result }) => {
    // Only children of this run count, once: late or repeated reports change nothing.
    if (!inFlight.delete(result.dealerId)) return;
    summary = mergeSummaries(summary, summarizeFinance([result]));
    done++;
  });
  setHandler(dunningProgressQuery, () => ({
    period: s.period,
    phase,
    total: prepared ? prepared.total + prepared.heldBack : 0,
    done: done + (prepared?.heldBack ?? 0),
    heldBack: prepared?.heldBack ?? 0,
    inFlight: inFlight.size,
    failed: failed.length,
    generation: carry?.generation ?? 0,
  }));

  const childFailed = (dealerId: string): void => {
    if (!inFlight.delete(dealerId)) return;
    failed.push(dealerId);
    summary = mergeSummaries(summary, summarizeFinance([heldBackResult({ dealerId, region: '' }, 0)]));
    done++;
  };

  if (!prepared) {
    prepared = await acts.prepareDunningRun({ settings: s, workflowId: info.workflowId, runId: info.runId });
    summary = mergeSummaries(summary, prepared.heldBackSummary);
    if (prepared.problemReport) {
      const zh = s.locale !== 'en';
      await acts.sendDunningReportMail({
        workflowId: info.workflowId,
        step: 'problem-report',
        to: s.people.finance,
        title: zh ? '对账数据问题清单' : 'Dealer data problems',
        period: s.period,
        summaryLines: [
          { label: zh ? '问题行' : 'Problems', value: String(prepared.problemCount) },
          { label: zh ? '暂缓经销商' : 'Dealers held back', value: String(prepared.heldBack) },
          { label: zh ? '正常处理' : 'Dealers proceeding', value: String(prepared.total) },
        ],
        docs: [
          {
            docId: prepared.problemReport.docId,
            fileName: prepared.problemReport.fileName,
            sha256: prepared.problemReport.sha256,
          },
        ],
        locale: s.locale,
      });
    }
  }
  const run = prepared;
  phase = 'fan-out';

  async function startDealer(e: ManifestEntry): Promise<void> {
    const workflowId = dunningDealerWorkflowId(info.workflowId, e.dealerId);
    inFlight.add(e.dealerId);
    try {
      const handle = await startChild(dunningDealerWorkflow, {
        workflowId,
        args: [
          {
            settingsRef: run.settingsRef,
            period: s.period,
            dealerId: e.dealerId,
            shard: e.shard,
            parentWorkflowId: info.workflowId,
            ...(input.attemptTimeout ? { attemptTimeout: input.attemptTimeout } : {}),
          },
        ],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
      handle.result().then(
        () => childFailed(e.dealerId), // completed without reporting (it always reports first): count it
        () => childFailed(e.dealerId),
      );
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      // A re-run of the month found the dealer's child still following up: ask it for its report.
      await getExternalWorkflowHandle(workflowId).signal(dunningRequestReportSignal, info.workflowId);
    }
  }

  let started = 0;
  while (!run.fatal && offset < run.total && started < perRun) {
    const page = await acts.readManifestSlice({
      manifestRef: run.manifestRef,
      offset,
      limit: Math.min(100, perRun - started),
    });
    if (page.length === 0) break;
    for (const e of page) {
      await condition(() => inFlight.size < concurrency);
      await startDealer(e);
      offset++;
      started++;
    }
  }
  await condition(() => inFlight.size === 0);
  if (!run.fatal && offset < run.total) {
    await continueAsNew<typeof dunningMonthWorkflow>({
      ...input,
      carry: { prepared: run, offset, summary, done, failed, generation: (carry?.generation ?? 0) + 1 },
    });
  }

  phase = 'summary';
  const report = await acts.buildFinanceReport({
    settingsRef: run.settingsRef,
    workflowId: info.workflowId,
    summary,
    problemCount: run.problemCount,
    heldBack: run.heldBackList,
    failed,
  });
  const zh = s.locale !== 'en';
  const fileName = `经销商往来账目月统计报表-${s.period}.pdf`;
  const doc = await pdf.renderDocument({
    template: 'finance-summary',
    dataRef: report.dataRef,
    locale: s.locale,
    generatedAt: new Date(Date.now()).toISOString(),
    meta: {
      workflowId: info.workflowId,
      runId: info.runId,
      period: s.period,
      kind: 'finance-summary',
      fileName,
      title: zh ? `经销商往来账目月统计报表 ${s.period}` : `Dealer accounts monthly summary ${s.period}`,
      recipients: [s.people.finance.email],
    },
  });
  const o = summary.overall;
  const overdue = o.aging.d1to30 + o.aging.d31to60 + o.aging.d61to90 + o.aging.over90;
  await acts.sendDunningReportMail({
    workflowId: info.workflowId,
    step: 'finance-summary',
    to: s.people.finance,
    title: zh ? '经销商往来账目月统计报表' : 'Dealer accounts monthly summary',
    period: s.period,
    summaryLines: [
      { label: zh ? '经销商' : 'Dealers', value: `${o.dealers}（${zh ? '暂缓' : 'held back'} ${o.heldBack}）` },
      { label: zh ? '期末余额合计' : 'Closing balances', value: formatFen(o.closingFen) },
      { label: zh ? '逾期合计' : 'Overdue', value: formatFen(overdue) },
      { label: zh ? '对账单' : 'Statements', value: String(o.statementsSent) },
      { label: zh ? '表格页签' : 'Sheet tabs', value: `${report.tab}, ${report.chargesTab}` },
    ],
    docs: [{ docId: doc.docId, fileName: doc.fileName, sha256: doc.sha256 }],
    locale: s.locale,
  });
  phase = 'done';
  return {
    period: s.period,
    dealers: o.dealers,
    heldBack: run.heldBack,
    problemCount: run.problemCount,
    failed,
    summary: o,
    report: doc,
    ...(run.problemReport ? { problemReport: run.problemReport } : {}),
    sheetTabs: [report.tab, report.chargesTab],
    generations: (carry?.generation ?? 0) + 1,
  };
}
