/**
 * The month's run as a whole: activity stubs, the counters carried across continue-as-new, and what the children's
 * report signals and the progress query read and write. Children report by signal (or, ending at their first
 * decision, by their result); the handlers update the counters the fan-out and the report wait on.
 */
import { proxyActivities, setHandler, workflowInfo, type WorkflowInfo } from '@temporalio/workflow';
import type { DunningActivities } from '../activities/dunning/create-dunning-activities';
import type { PrepareRunResult } from '../activities/dunning/types';
import type { createPdfActivities } from '../activities/pdf/create-pdf-activities';
import type { DunningCarry, DunningMonthInput, DunningSettingsInput } from './dunning-month';
import { dunningProgressQuery, dunningReportSignal, type DunningProgress } from './dunning-signals';
import { activityOptions } from './lib/activity-options';

type PdfActivities = ReturnType<typeof createPdfActivities>;

/** The run's state; signal handlers and child results change it, conditions wait on it. */
export interface MonthRun {
  input: DunningMonthInput;
  info: WorkflowInfo;
  s: DunningSettingsInput;
  acts: ReturnType<typeof proxyActivities<DunningActivities>>;
  pdf: ReturnType<typeof proxyActivities<PdfActivities>>;
  concurrency: number;
  perRun: number;
  carry?: DunningCarry;
  done: number;
  failed: string[];
  /** Dealers that reported but are not finished with the month (waiting for a person, following up). */
  pending: Set<string>;
  /** Pending dealers that said they wait for a person (not busy): the first report need not wait for them. */
  waiting: Set<string>;
  offset: number;
  prepared?: PrepareRunResult;
  inFlight: Set<string>;
  phase: DunningProgress['phase'];
}

/** The run's state from the input (and what the previous run carried). No side effects. */
export function newMonthRun(input: DunningMonthInput): MonthRun {
  // Reading and validating 10,000 dealers' ledgers is the long one (a sheets attempt may take 30 minutes).
  const attempt = input.attemptTimeout ? { startToCloseTimeout: input.attemptTimeout } : {};
  const carry = input.carry;
  const m: MonthRun = {
    input,
    info: workflowInfo(),
    s: input.settings,
    acts: proxyActivities<DunningActivities>(activityOptions('sheets', attempt)),
    pdf: proxyActivities<PdfActivities>(activityOptions('render', attempt)),
    concurrency: Math.max(1, input.concurrency ?? 20),
    perRun: Math.max(1, input.childrenPerRun ?? 500),
    done: carry?.done ?? 0,
    failed: [...(carry?.failed ?? [])],
    pending: new Set(carry?.pending ?? []),
    waiting: new Set(carry?.waiting ?? []),
    offset: carry?.offset ?? 0,
    inFlight: new Set<string>(),
    phase: carry?.prepared ? 'fan-out' : 'reading',
  };
  if (carry) m.carry = carry;
  if (carry?.prepared) m.prepared = carry.prepared;
  return m;
}

/** Sets the children's report handler and the progress query. No side effects beyond the run's counters. */
export function listenToChildren(m: MonthRun): void {
  setHandler(dunningReportSignal, ({ result, final, waitingForPerson }) =>
    childReported(m, result.dealerId, final === true, waitingForPerson === true),
  );
  setHandler(dunningProgressQuery, () => ({
    period: m.s.period,
    phase: m.phase,
    total: m.prepared ? m.prepared.total + m.prepared.heldBack : 0,
    done: m.done + (m.prepared?.heldBack ?? 0),
    heldBack: m.prepared?.heldBack ?? 0,
    inFlight: m.inFlight.size,
    failed: m.failed.length,
    generation: m.carry?.generation ?? 0,
  }));
}

/**
 * A child's report, by signal or (final, ONE_TASK_PATCH) by its result: the first report frees a slot of the fan-out
 * and counts the dealer done; the final one says the dealer's month figures are settled.
 */
export function childReported(m: MonthRun, dealerId: string, final: boolean, waitingForPerson = false): void {
  if (m.inFlight.delete(dealerId)) {
    m.done++;
    if (!final) m.pending.add(dealerId);
    if (!final && waitingForPerson) m.waiting.add(dealerId);
  } else if (final) {
    m.pending.delete(dealerId);
    m.waiting.delete(dealerId);
  }
}

/** A child failed (or completed without reporting): counted as failed once. */
export function childFailed(m: MonthRun, dealerId: string): void {
  m.pending.delete(dealerId);
  m.waiting.delete(dealerId);
  if (!m.inFlight.delete(dealerId)) return;
  m.failed.push(dealerId);
  m.done++;
}

/** A dealer whose child finished in an earlier run of the month: its recorded result stands. */
export function alreadyDone(m: MonthRun, dealerId: string): void {
  if (!m.inFlight.delete(dealerId)) return;
  m.done++;
}

/**
 * Reads and validates the month (activity prepareDunningRun: manifest, shards, held-back dealers, problem report;
 * content-addressed, so a retry produces the same references) and mails finance the problem report if there is one
 * (activity sendDunningReportMail, keyed by workflow + step in the sent-log, so never twice). Skipped when the
 * previous run carried the prepared month. Activities retry by the sheets / mail kinds.
 */
export async function prepareMonth(m: MonthRun): Promise<PrepareRunResult> {
  if (m.prepared) return m.prepared;
  const { s, info } = m;
  const prepared = await m.acts.prepareDunningRun({ settings: s, workflowId: info.workflowId, runId: info.runId });
  m.prepared = prepared;
  if (!prepared.problemReport) return prepared;
  const zh = s.locale !== 'en';
  await m.acts.sendDunningReportMail({
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
  return prepared;
}
