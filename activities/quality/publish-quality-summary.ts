/**
 * After approval: writes the summary table to the tab "质量信息反馈表 2026-11" (and the unmapped texts to
 * "未归类故障 2026-11") of a results workbook/spreadsheet, and archives the same tables as an xlsx.
 */
import { dirname, join } from 'node:path';
import ExcelJS from 'exceljs';
import { AppError } from '../../domain/errors';
import type { ArchiveMeta, ArchiveRef, DataRef } from '../archive/types';
import { addTableSheet } from '../sheets/excel/sheet-builder';
import type { TableBackend, TableRef } from '../sheets/types';
import { qualitySummaryTable, summaryTabName, unmappedTabName, unmappedTable } from './summary-table';
import type { PublishQualitySummaryInput, PublishQualitySummaryResult, QualityCompilation } from './types';

export interface PublishDeps {
  backendFor: (ref: TableRef) => TableBackend;
  work: { getJson<T>(ref: DataRef): Promise<T> };
  archive: {
    putDocument(bytes: Buffer, meta: ArchiveMeta): Promise<ArchiveRef>;
    /** When given, a retry finds the summary this run already archived (xlsx bytes carry zip timestamps). */
    findByFileName?(fileName: string): Promise<(ArchiveMeta & ArchiveRef & { version: number })[]>;
  };
}

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * Writes `tab`, or — when a person already keeps a tab of that name (one this system did not write) — the first
 * free "tab (2)", "tab (3)" …, so their data is never replaced. A retry finds its own earlier tab and writes nothing.
 */
async function writeOwnTab(
  backend: TableBackend,
  target: TableRef,
  tab: string,
  table: { header: string[]; rows: (string | number | null)[][] },
): Promise<{ tab: string; written: boolean; rows: number; target?: TableRef }> {
  for (let n = 1; n <= 9; n++) {
    const name = n === 1 ? tab : `${tab} (${n})`;
    try {
      const res = await backend.writeTable(target, name, table.header, table.rows);
      return { tab: name, ...res };
    } catch (err) {
      if (!(err instanceof AppError && (err.code === 'TabExists' || err.code === 'TabNotOurs'))) throw err;
    }
  }
  throw new AppError('TabExists', `"${tab}" and its numbered variants are all taken by other tabs; not overwriting`, {
    tab,
  });
}

/** Where the tab goes when none is configured: a workbook beside the first quality source, or the same spreadsheet. */
export function defaultQualitySummaryTarget(nearSource: TableRef): TableRef {
  return nearSource.kind === 'excel'
    ? { kind: 'excel', path: join(dirname(nearSource.path), '质量信息反馈表.xlsx') }
    : { kind: 'google', spreadsheetId: nearSource.spreadsheetId };
}

export async function publishQualitySummary(
  deps: PublishDeps,
  input: PublishQualitySummaryInput,
): Promise<PublishQualitySummaryResult> {
  const c = await deps.work.getJson<QualityCompilation>(input.compilationRef);
  const target = input.target ?? defaultQualitySummaryTarget(input.nearSource);
  const backend = deps.backendFor(target);
  const summary = qualitySummaryTable(c);
  const unmapped = unmappedTable(c);
  // New tabs only; the backends refuse to replace a tab they did not write and skip a write of the same content.
  const res = await writeOwnTab(backend, target, summaryTabName(c.period), summary);
  const res2 = await writeOwnTab(backend, target, unmappedTabName(c.period), unmapped);
  const { tab } = res;
  const unmappedTab = res2.tab;
  const writtenTo = res.target ?? target;

  const fileName = `质量信息反馈表 ${c.period} 汇总.xlsx`;
  const prior = (await deps.archive.findByFileName?.(fileName)) ?? [];
  const mine = prior
    .filter((e) => e.workflowId === input.workflowId && e.runId === input.runId && e.kind === 'quality-summary')
    .sort((a, b) => b.version - a.version)[0];
  const document = mine
    ? { docId: mine.docId, sha256: mine.sha256, size: mine.size, fileName: mine.fileName }
    : await archiveSummary(deps, input, c, fileName, summary, unmapped);
  return {
    target: writtenTo.kind === 'excel' ? { kind: 'excel', path: writtenTo.path } : writtenTo,
    tab,
    unmappedTab,
    written: res.written || res2.written,
    rows: res.rows,
    document,
  };
}

async function archiveSummary(
  deps: PublishDeps,
  input: PublishQualitySummaryInput,
  c: QualityCompilation,
  fileName: string,
  summary: ReturnType<typeof qualitySummaryTable>,
  unmapped: ReturnType<typeof unmappedTable>,
): Promise<ArchiveRef> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'aftersales-ops';
  const stamp = new Date(input.approval.at);
  wb.created = stamp;
  wb.modified = stamp;
  addTableSheet(wb, summaryTabName(c.period), summary.header, summary.rows);
  addTableSheet(wb, unmappedTabName(c.period), unmapped.header, unmapped.rows);
  return deps.archive.putDocument(Buffer.from(await wb.xlsx.writeBuffer()), {
    workflowId: input.workflowId,
    runId: input.runId,
    period: c.period,
    kind: 'quality-summary',
    fileName,
    title: input.locale === 'en' ? `Quality feedback summary ${c.period}` : `质量信息反馈表 ${c.period} 汇总表`,
    recipients: [],
    contentType: XLSX,
  });
}
