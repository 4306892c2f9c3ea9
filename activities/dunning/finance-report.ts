/**
 * 经销商往来账目月统计报表: every figure, the month's totals as much as the per-dealer tab, comes from the results
 * folder the dealers' children wrote after each decision (letters actually sent, holds actually set, disputes), plus
 * the dealers held back or failed; so the summary and the detail documents tell the same story. Dealers still
 * waiting for a person are counted as they stand and named: the report says "截至 T，N 项待处理", T being the last
 * decision it includes (from history), and the run builds it again once they are done (a correction, if changed).
 * Writes two tabs (per-dealer figures, and the dunning charges this run posted) and stores the PDF's data.
 */
import { readdir, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  heldBackResult,
  mergeSummaries,
  summarizeFinance,
  type FinanceSummary,
  type FinanceTotals,
} from '../../domain/dunning';
import { latestInstant, periodBounds, periodCloseInstant } from '../../domain/calendar';
import type { DataRef } from '../archive/types';
import type { TableBackend, TableRef } from '../sheets/types';
import type { ChargeJournal } from './charge-journal';
import { financeSummaryData } from './finance-summary-data';
import { writeChargesTab, writeDealerTab } from './write-finance-tabs';
import type { DealerResultRecord, DunningSettings, ManifestEntry } from './types';

export interface FinanceReportDeps {
  work: { putJson(value: unknown): Promise<DataRef>; getJson<T>(ref: DataRef): Promise<T> };
  backendFor: (ref: TableRef) => TableBackend;
  journal: ChargeJournal;
  resultsDir: string;
  settings: (ref: DataRef) => Promise<DunningSettings>;
}

export interface FinanceReportInput {
  settingsRef: DataRef;
  /** Parent workflow id: charges posted by it and its children belong to this run. */
  workflowId: string;
  /** The dealers of the run: records of other dealers (a dealer no longer listed) are not counted. */
  manifestRef: DataRef;
  /** Dealers held back for bad rows, already summarised by the run's preparation. */
  heldBackSummary: FinanceSummary;
  problemCount: number;
  heldBack: { dealerId: string; problems: number }[];
  failed: string[];
  /** The version this one corrects (its time and what was pending), when the run builds the report again. */
  corrects?: { generatedAt: string; pending: number };
}

export interface FinanceReportResult {
  dataRef: DataRef;
  target: TableRef;
  tab: string;
  chargesTab: string;
  dealerRows: number;
  charges: number;
  /** The month's totals as the report states them. */
  overall: FinanceTotals;
  /** Dealers still waiting for a person or following up when the report was built. */
  pending: number;
  /** The report's time: its last decision (history), else the end of the as-of day. */
  generatedAt: string;
}

/** Where the summary tabs go when config names no target: a workbook beside the transactions, or the same spreadsheet. */
export function defaultSummaryTarget(transactions: TableRef): TableRef {
  return transactions.kind === 'excel'
    ? { kind: 'excel', path: join(dirname(transactions.path), '经销商往来账目月统计报表.xlsx') }
    : { kind: 'google', spreadsheetId: transactions.spreadsheetId };
}

async function readResults(dir: string): Promise<DealerResultRecord[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const out: DealerResultRecord[] = [];
  for (const n of names.filter((x) => x.endsWith('.json')).sort()) {
    out.push(JSON.parse(await readFile(join(dir, n), 'utf8')) as DealerResultRecord);
  }
  return out.sort((a, b) => a.dealerId.localeCompare(b.dealerId));
}

export function createFinanceReportActivities(deps: FinanceReportDeps) {
  return {
    /**
     * Builds the finance report: writes the per-dealer tab and the charges tab (idempotent: the same content
     * leaves one copy; refused and retried while the workbook is open or changed) and stores the PDF data.
     */
    async buildFinanceReport(input: FinanceReportInput): Promise<FinanceReportResult> {
      const s = await deps.settings(input.settingsRef);
      const listed = new Set((await deps.work.getJson<ManifestEntry[]>(input.manifestRef)).map((e) => e.dealerId));
      const failed = new Set(input.failed);
      const records = (await readResults(join(deps.resultsDir, s.period))).filter(
        (r) => listed.has(r.dealerId) && !failed.has(r.dealerId),
      );
      const summary = mergeSummaries(
        mergeSummaries(input.heldBackSummary, summarizeFinance(records)),
        summarizeFinance(input.failed.map((dealerId) => heldBackResult({ dealerId, region: '' }, 0))),
      );
      const pending = records.filter((r) => r.pending);
      const generatedAt = latestInstant(
        records.map((r) => r.lastDecisionAt),
        periodCloseInstant(s.period, s.timeZone),
      );
      const target = s.summaryTarget ?? defaultSummaryTarget(s.sources.transactions);
      const backend = deps.backendFor(target);
      const tab = `往来统计 ${s.period}`;
      const dealerRows = await writeDealerTab(backend, target, tab, records);

      const { from } = periodBounds(s.period);
      const mine = (await deps.journal.listDated(from, '9999-12-31')).filter(
        (p) => p.postedBy === input.workflowId || p.postedBy.startsWith(`${input.workflowId}-`),
      );
      const chargesTab = `催款费用 ${s.period}`;
      await writeChargesTab(backend, target, chargesTab, mine);

      const data = financeSummaryData(s, input, { summary, records, pending, generatedAt, tab });
      return {
        dataRef: await deps.work.putJson(data),
        target,
        tab,
        chargesTab,
        dealerRows,
        charges: mine.length,
        overall: summary.overall,
        pending: pending.length,
        generatedAt,
      };
    },
  };
}
