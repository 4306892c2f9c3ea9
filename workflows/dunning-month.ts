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
 * own (parent close policy ABANDON), so one slow approval never holds up the run. A child whose month ends at that
 * decision (most of them) reports by its result instead of a signal: its whole month is one workflow task.
 */
import type { Duration } from '@temporalio/common';
import type { ArchiveRef } from '../activities/archive/types';
import type { DunningSettings, PrepareRunResult } from '../activities/dunning/types';
import type { FinanceSummary } from '../domain/dunning';
import { fanOutDealers } from './dunning-month-fan-out';
import { reportMonth } from './dunning-month-report';
import { listenToChildren, newMonthRun, prepareMonth } from './dunning-month-run';
import type { Period } from '../domain/calendar';

export * from './dunning-signals';
export { BATCHED_STARTS_PATCH } from './dunning-month-fan-out';

export type DunningSettingsInput = Omit<DunningSettings, 'asOf'> & { asOf?: string };

/** What one run of the month hands the next when it continues as new. */
export interface DunningCarry {
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
  period: Period;
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

/**
 * The month, phase by phase: prepare (read, validate, problem report), fan out to the dealers' children (continuing
 * as new every `childrenPerRun`), then the finance report and its correction. Side effects, idempotency and retries
 * are in each phase's TSDoc; children have business ids, mails are keyed in the sent-log and documents are
 * content-addressed, so retries and re-runs never start a finished dealer again or mail twice.
 */
export async function dunningMonthWorkflow(input: DunningMonthInput): Promise<DunningMonthResult> {
  const m = newMonthRun(input);
  listenToChildren(m);
  const run = await prepareMonth(m);
  m.phase = 'fan-out';
  await fanOutDealers(m, run);
  const { report, versions } = await reportMonth(m, run);
  const o = report.built.overall;
  m.phase = 'done';
  return {
    period: m.s.period,
    dealers: o.dealers,
    heldBack: run.heldBack,
    problemCount: run.problemCount,
    failed: m.failed,
    summary: o,
    report: report.doc,
    reportVersions: versions,
    pending: report.built.pending,
    ...(run.problemReport ? { problemReport: run.problemReport } : {}),
    sheetTabs: [report.built.tab, report.built.chargesTab],
    generations: (m.carry?.generation ?? 0) + 1,
  };
}
