/**
 * The month's dealer reconciliation and dunning run (`dunning-2026-11`): reads and validates the dealer list and
 * transactions (bad rows reported per row; a dealer with problems is held back, the others proceed; the problem
 * report goes to finance), then fans out one child per dealer with bounded concurrency, and finishes with
 * 经销商往来账目月统计报表 (PDF + sheet tabs) mailed to finance and archived. The report is built from the results the
 * children recorded after their decisions (never from early progress reports): if some dealers still wait for a
 * person, it says "截至 T，N 项待处理", and the run waits for them and builds it again; a changed report is a new
 * version of the same document, mailed to finance as a correction (更正).
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
  patched,
  proxyActivities,
  setHandler,
  startChild,
  workflowInfo,
} from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError, msToNumber, type Duration } from '@temporalio/common';
import type { ArchiveRef } from '../activities/archive/types';
import type { DunningActivities } from '../activities/dunning/create-dunning-activities';
import type { DunningSettings, ManifestEntry, PrepareRunResult } from '../activities/dunning/types';
import type { createPdfActivities } from '../activities/pdf/create-pdf-activities';
import type { FinanceSummary } from '../domain/dunning';
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

/** Patch marker of the batched child starts (see the fan-out below). */
export const BATCHED_STARTS_PATCH = 'dunning-month-batched-starts';

export type DunningSettingsInput = Omit<DunningSettings, 'asOf'> & { asOf?: string };

interface DunningCarry {
  prepared: PrepareRunResult;
  offset: number;
  done: number;
  failed: string[];
  /** Dealers that reported but are not finished with the month (waiting for a person, following up). */
  pending: string[];
  /** Of those, the ones waiting for a person. */
  waiting: string[];
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
  /**
   * How long the run waits for dealers still pending after the fan-out before it builds the final report anyway
   * (default: the follow-up window plus the approval links' validity and a day).
   */
  pendingWait?: Duration;
  /**
   * After the fan-out, how long busy dealers (not waiting for a person) may take to say they are done before the
   * first report is built (default 2 minutes): the report then names only dealers still deciding or following up.
   */
  settleWait?: Duration;
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
  /** Versions of the report mailed (1, or 2 when the first had pending items and the final one differs). */
  reportVersions: number;
  /** Dealers still pending when the final report was built (0 unless the wait for them ran out). */
  pending: number;
  problemReport?: ArchiveRef;
  sheetTabs: string[];
  generations: number;
}

/** Days dealers may still act after the month's as-of date (the follow-up window). */
function settingsWindowDays(s: DunningSettingsInput): number {
  return Math.max(0, s.followUpDays);
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
  let done = carry?.done ?? 0;
  const failed = [...(carry?.failed ?? [])];
  const pending = new Set(carry?.pending ?? []);
  // Pending dealers that said they wait for a person (not busy): the first report need not wait for them.
  const waiting = new Set(carry?.waiting ?? []);
  let offset = carry?.offset ?? 0;
  let prepared = carry?.prepared;
  const inFlight = new Set<string>();
  let phase: DunningProgress['phase'] = prepared ? 'fan-out' : 'reading';

  setHandler(dunningReportSignal, ({ result, final, waitingForPerson }) => {
    // The first report frees a slot of the fan-out; the final one says the dealer's month figures are settled.
    if (inFlight.delete(result.dealerId)) {
      done++;
      if (!final) pending.add(result.dealerId);
      if (!final && waitingForPerson) waiting.add(result.dealerId);
    } else if (final) {
      pending.delete(result.dealerId);
      waiting.delete(result.dealerId);
    }
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
    pending.delete(dealerId);
    waiting.delete(dealerId);
    if (!inFlight.delete(dealerId)) return;
    failed.push(dealerId);
    done++;
  };
  /** A dealer whose child finished in an earlier run of the month: its recorded result stands. */
  const alreadyDone = (dealerId: string): void => {
    if (!inFlight.delete(dealerId)) return;
    done++;
  };

  if (!prepared) {
    prepared = await acts.prepareDunningRun({ settings: s, workflowId: info.workflowId, runId: info.runId });
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
        // A dealer already done this month is not run (and its people asked) again; a failed one is.
        workflowIdReusePolicy: 'ALLOW_DUPLICATE_FAILED_ONLY',
      });
      handle.result().then(
        () => {
          pending.delete(e.dealerId); // finished: whatever it reported last is final
          childFailed(e.dealerId); // completed without reporting (it always reports first): count it
        },
        () => childFailed(e.dealerId),
      );
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      try {
        // A re-run of the month found the dealer's child still following up: ask it for its report.
        await getExternalWorkflowHandle(workflowId).signal(dunningRequestReportSignal, info.workflowId);
      } catch {
        // It completed in an earlier run of the month (only failed children are started again): nothing to redo,
        // no person to ask again; its recorded result is what the report counts.
        alreadyDone(e.dealerId);
      }
    }
  }

  let started = 0;
  // Children are started without waiting for each start to be confirmed, so one workflow task can start every
  // free slot at once (the bound is `inFlight`, filled synchronously by startDealer); a failed start stops the
  // fan-out and fails the run as before. A run that began before this change replays its one-by-one starts.
  const batched = patched(BATCHED_STARTS_PATCH);
  const starts: Promise<void>[] = [];
  let startFailure: unknown;
  while (!run.fatal && offset < run.total && started < perRun && startFailure === undefined) {
    const page = await acts.readManifestSlice({
      manifestRef: run.manifestRef,
      offset,
      limit: Math.min(100, perRun - started),
    });
    if (page.length === 0) break;
    for (const e of page) {
      await condition(() => inFlight.size < concurrency || startFailure !== undefined);
      if (startFailure !== undefined) break;
      if (batched) starts.push(startDealer(e).catch((err: unknown) => void (startFailure ??= err)));
      else await startDealer(e);
      offset++;
      started++;
    }
  }
  await Promise.all(starts);
  if (startFailure !== undefined) throw startFailure;
  await condition(() => inFlight.size === 0);
  if (!run.fatal && offset < run.total) {
    await continueAsNew<typeof dunningMonthWorkflow>({
      ...input,
      carry: {
        prepared: run,
        offset,
        done,
        failed,
        pending: [...pending],
        waiting: [...waiting],
        generation: (carry?.generation ?? 0) + 1,
      },
    });
  }

  phase = 'summary';
  const zh = s.locale !== 'en';
  const fileName = `经销商往来账目月统计报表-${s.period}.pdf`;
  const buildAndRender = async (corrects?: { generatedAt: string; pending: number }) => {
    const built = await acts.buildFinanceReport({
      settingsRef: run.settingsRef,
      workflowId: info.workflowId,
      manifestRef: run.manifestRef,
      heldBackSummary: run.heldBackSummary,
      problemCount: run.problemCount,
      heldBack: run.heldBackList,
      failed,
      ...(corrects ? { corrects } : {}),
    });
    const doc = await pdf.renderDocument({
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
        fileName,
        title: zh ? `经销商往来账目月统计报表 ${s.period}` : `Dealer accounts monthly summary ${s.period}`,
        recipients: [s.people.finance.email],
      },
    });
    return { built, doc };
  };
  const mailReport = async (
    r: Awaited<ReturnType<typeof buildAndRender>>,
    step: string,
    title: string,
  ): Promise<void> => {
    const o = r.built.overall;
    const overdue = o.aging.d1to30 + o.aging.d31to60 + o.aging.d61to90 + o.aging.over90;
    const letters = Object.entries(o.levelsSent)
      .sort(([a], [b]) => Number(a) - Number(b))
      .map(([l, n]) => (zh ? `${l}级 ${n}` : `L${l} ${n}`))
      .join(' / ');
    await acts.sendDunningReportMail({
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
  };

  const title = zh ? '经销商往来账目月统计报表' : 'Dealer accounts monthly summary';
  await condition(() => [...pending].every((id) => waiting.has(id)), input.settleWait ?? '2 minutes');
  let report = await buildAndRender();
  await mailReport(report, 'finance-summary', title);
  let versions = 1;
  if (report.built.pending > 0) {
    // Wait for the dealers still deciding, then the report again: a correction if anything changed.
    phase = 'awaiting-decisions';
    const wait =
      input.pendingWait !== undefined
        ? msToNumber(input.pendingWait)
        : (settingsWindowDays(s) + 1) * 86_400_000 + msToNumber(s.approvals.linkTtl as Duration);
    await condition(() => pending.size === 0, wait);
    phase = 'summary';
    const first = report;
    const again = await buildAndRender({ generatedAt: first.built.generatedAt, pending: first.built.pending });
    if (again.doc.sha256 !== first.doc.sha256) {
      report = again;
      versions = 2;
      await mailReport(again, 'finance-summary-correction', zh ? `${title}（更正）` : `${title} (corrected)`);
    }
  }
  const o = report.built.overall;
  phase = 'done';
  return {
    period: s.period,
    dealers: o.dealers,
    heldBack: run.heldBack,
    problemCount: run.problemCount,
    failed,
    summary: o,
    report: report.doc,
    reportVersions: versions,
    pending: report.built.pending,
    ...(run.problemReport ? { problemReport: run.problemReport } : {}),
    sheetTabs: [report.built.tab, report.built.chargesTab],
    generations: (carry?.generation ?? 0) + 1,
  };
}
