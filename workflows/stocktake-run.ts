/**
 * What the phases of one stocktake run (stocktake.ts and stocktake-*.ts) share: the status the query reads, the
 * activity proxies, the run's context and its text helpers.
 */
import { defineQuery, proxyActivities } from '@temporalio/workflow';
import type { StocktakeActivities } from '../activities/stocktake/create-stocktake-activities';
import type { CountSheetInfo, StocktakeLocale } from '../activities/stocktake/types';
import type { createPdfActivities } from '../activities/pdf/create-pdf-activities';
import type { ApprovalActivities } from '../activities/approvals';
import type { ArchiveActivities } from '../activities/archive/create-archive-activities';
import { formatFen } from '../domain/money';
import { activityOptions } from './lib/activity-options';
import type { StocktakeInput } from './stocktake-input';

export type StocktakePhase =
  'snapshot' | 'ledger-problems' | 'counting' | 'reconciling' | 'approval' | 'posting' | 'reporting' | 'done';

export interface StocktakeStatus {
  phase: StocktakePhase;
  round: number;
  snapshot?: { lines: number; sha256: string; docId: string };
  /** Sheets of the current round. */
  sheets: CountSheetInfo[];
  /** Counters (e-mail) whose counts for the round are still awaited. */
  waitingFor: string[];
  /** Open problem reports by counter e-mail. */
  problems: { counter: string; count: number; path: string }[];
  outcome?: StocktakeOutcome;
}

export type StocktakeOutcome = 'posted' | 'clean' | 'rejected' | 'cannot-approve';

export const stocktakeStatusQuery = defineQuery<StocktakeStatus>('stocktakeStatus');

export function proxies(input: StocktakeInput) {
  const mailAttempt = input.timeouts?.mailAttempt;
  const sheets = proxyActivities<StocktakeActivities>(activityOptions('sheets'));
  // A ledger open in Excel or changed mid-write is refused and retried (at most a minute apart) until it clears.
  const t = input.timeouts;
  const posting = proxyActivities<Pick<StocktakeActivities, 'postStocktakeAdjustments'>>(
    activityOptions('posting', {
      retry: {
        ...(t?.postingRetryInitial ? { initialInterval: t.postingRetryInitial } : {}),
        ...(t?.postingRetryMax ? { maximumInterval: t.postingRetryMax } : {}),
      },
    }),
  );
  const mail = proxyActivities<Pick<StocktakeActivities, 'sendStocktakeMail'> & ApprovalActivities>(
    activityOptions('mail', mailAttempt ? { startToCloseTimeout: mailAttempt } : {}),
  );
  const archive = proxyActivities<ArchiveActivities>(activityOptions('quick'));
  const pdf = proxyActivities<ReturnType<typeof createPdfActivities>>(activityOptions('render'));
  // Separate proxies (not spread: a proxy has no own keys to copy).
  return { sheets, posting, mail, pdf, archive };
}

export type StocktakeProxies = ReturnType<typeof proxies>;

/** zh-CN / English text picker. */
export const tr =
  (locale: StocktakeLocale | undefined) =>
  <T>(zh: T, en: T): T =>
    locale === 'en' ? en : zh;

export function fmtYuan(fen: number): string {
  return fen < 0 ? `-¥${formatFen(-fen)}` : `¥${formatFen(fen)}`;
}

/** What every phase of one stocktake run shares: the input, its activity proxies, the status the query reads. */
export interface StocktakeRun {
  input: StocktakeInput;
  acts: StocktakeProxies;
  status: StocktakeStatus;
  workflowId: string;
  runId: string;
  t: ReturnType<typeof tr>;
  locale: StocktakeLocale;
  cutoffDate: string;
  outputDir: string;
  /** Display names by lower-cased e-mail, for the action mails. */
  names: Record<string, string>;
  /** The counted subset of an ad hoc stocktake, as the report prints it. */
  scopeText?: string;
}
