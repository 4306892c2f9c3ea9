/**
 * Generates the count sheets of one round: an xlsx per counter and zone under the shared folder (blind by
 * default, only the count/counter/time/note columns editable, numeric validation ≥ 0 on the count, a status
 * tab the counter sets to 已提交), or count tabs in the Google spreadsheet. Each xlsx is archived so the
 * counter's mail can attach it by document id.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { DateTime } from 'luxon';
import { AppError } from '../../domain/errors';
import type { LedgerLine, RecountPlan } from '../../domain/stocktake';
import type { SheetSpec } from '../sheets/excel/sheet-builder';
import { writeWorkbook, type WriteWorkbookResult } from '../sheets/excel/write-workbook';
import { assignRecount, assignZones, type SheetAssignment } from './assign-sheets';
import { COUNT_TAB, countColumns, countRow, statusSheetSpec } from './count-sheet-layout';
import { withSnapshot } from './share-snapshot';
import { backendFor, safeFileName, XLSX_TYPE, type StocktakeActivityDeps } from './stocktake-deps';
import type {
  CountSheetInfo,
  StoredManifest,
  StoredSnapshot,
  WriteCountSheetsInput,
  WriteCountSheetsResult,
} from './types';

function sheetTitle(input: WriteCountSheetsInput, a: SheetAssignment, deadline: string): string {
  const recount = input.round > 1;
  return input.locale === 'en'
    ? `${input.warehouse.name} ${a.zone} count sheet ${input.period} (round ${input.round}${recount ? ', recount' : ''}) · counter ${a.counter.name} · due ${deadline}`
    : `${input.warehouse.name} ${a.zone} ${recount ? '复盘表' : '盘点表'} ${input.period}（第${input.round}轮）盘点人：${a.counter.name}，截止：${deadline}`;
}

function specs(
  input: WriteCountSheetsInput,
  a: SheetAssignment,
  lines: readonly LedgerLine[],
  deadline: string,
  sheetId: string,
): SheetSpec[] {
  return [
    {
      name: COUNT_TAB,
      title: sheetTitle(input, a, deadline),
      columns: countColumns(input.blind),
      rows: a.lineNos.map((n) => countRow(n, lines[n - 1]!, input.blind)),
      protect: true,
      spareRows: input.spareRows ?? 20,
    },
    statusSheetSpec(sheetId, a.counter.name),
  ];
}

async function writeExcelSheet(
  deps: StocktakeActivityDeps,
  input: WriteCountSheetsInput,
  a: SheetAssignment,
  lines: readonly LedgerLine[],
  sheetId: string,
  deadline: string,
): Promise<CountSheetInfo> {
  const label = input.round > 1 ? '复盘表' : '盘点表';
  const stem = safeFileName(
    `${label} ${input.period} ${input.warehouse.name} 第${input.round}轮 ${a.zone} ${a.counter.name}`,
  );
  const sheetSpecs = specs(input, a, lines, deadline, sheetId);
  let rel = '';
  let abs = '';
  let res: WriteWorkbookResult | undefined;
  // Same content already there (a retry, or a sheet the counter is filling in): left as it is. A different sheet
  // under the name (an earlier run of the same stocktake) is never replaced: the next free name is used.
  for (let n = 1; !res; n++) {
    rel = `${input.outputDir}/${stem}${n > 1 ? ` (${n})` : ''}.xlsx`;
    abs = deps.excel.resolvePath({ kind: 'excel', path: rel });
    await mkdir(dirname(abs), { recursive: true });
    try {
      res = await writeWorkbook(abs, sheetSpecs);
    } catch (err) {
      if (!(err instanceof AppError && err.code === 'FileExists') || n >= 20) throw err;
    }
  }
  const doc = await deps.archive.putDocument(await readFile(abs), {
    workflowId: input.workflowId,
    runId: input.runId,
    period: input.period,
    kind: 'stocktake-count-sheet',
    fileName: basename(abs),
    title: sheetTitle(input, a, deadline),
    warehouse: input.warehouse.id,
    recipients: [a.counter.email],
    contentType: XLSX_TYPE,
  });
  return {
    sheetId,
    round: input.round,
    counter: a.counter,
    zone: a.zone,
    lines: a.lineNos.length,
    location: { kind: 'excel', path: rel },
    doc,
    fingerprint: res.fingerprint,
    display: rel,
  };
}

async function writeGoogleSheet(
  deps: StocktakeActivityDeps,
  input: WriteCountSheetsInput & { google: { spreadsheetId: string } },
  a: SheetAssignment,
  lines: readonly LedgerLine[],
  sheetId: string,
  deadline: string,
): Promise<CountSheetInfo> {
  const ref = { kind: 'google' as const, spreadsheetId: input.google.spreadsheetId };
  const backend = backendFor(deps, ref);
  const [count, status] = specs(input, a, lines, deadline, sheetId) as [SheetSpec, SheetSpec];
  const tab = `盘点 ${sheetId} ${a.zone}`.slice(0, 31);
  const statusTab = `状态 ${sheetId}`.slice(0, 31);
  await backend.writeTable(
    ref,
    tab,
    count.columns.map((c) => c.header),
    count.rows.map((r) => count.columns.map((c) => r[c.key] ?? null)),
  );
  await backend.writeTable(
    ref,
    statusTab,
    status.columns.map((c) => c.header),
    status.rows.map((r) => status.columns.map((c) => r[c.key] ?? null)),
  );
  const fp = await backend.fingerprint({ ...ref, tab });
  const st = await backend.fingerprint({ ...ref, tab: statusTab });
  const url =
    deps.googleSheetUrl?.(input.google.spreadsheetId) ??
    `https://docs.google.com/spreadsheets/d/${input.google.spreadsheetId}/edit`;
  return {
    sheetId,
    round: input.round,
    counter: a.counter,
    zone: a.zone,
    lines: a.lineNos.length,
    location: { kind: 'google', spreadsheetId: input.google.spreadsheetId, tab, statusTab },
    fingerprint: `${fp.value}|${st.value}`,
    display: `${url} › ${tab}`,
  };
}

export async function writeCountSheets(
  deps: StocktakeActivityDeps,
  input: WriteCountSheetsInput,
): Promise<WriteCountSheetsResult> {
  return withSnapshot(deps, input.snapshot, (snapshot) => writeSheetsOf(deps, input, snapshot));
}

async function writeSheetsOf(
  deps: StocktakeActivityDeps,
  input: WriteCountSheetsInput,
  snapshot: StoredSnapshot,
): Promise<WriteCountSheetsResult> {
  const assignments = input.plan
    ? assignRecount(snapshot.lines, await deps.work.getJson<RecountPlan>(input.plan), input.counters)
    : assignZones(snapshot.lines, input.counters);
  const deadline = DateTime.fromISO(input.deadline, { zone: deps.timeZone }).toFormat('yyyy-MM-dd HH:mm');
  const sheets: CountSheetInfo[] = [];
  for (const [i, a] of assignments.entries()) {
    const sheetId = `r${input.round}-s${String(i + 1).padStart(2, '0')}`;
    sheets.push(
      input.google
        ? await writeGoogleSheet(deps, { ...input, google: input.google }, a, snapshot.lines, sheetId, deadline)
        : await writeExcelSheet(deps, input, a, snapshot.lines, sheetId, deadline),
    );
  }
  const manifest: StoredManifest = {
    round: input.round,
    blind: input.blind,
    sheets: assignments.map((a, i) => ({
      sheetId: sheets[i]!.sheetId,
      counter: a.counter.name,
      zone: a.zone,
      lineNos: a.lineNos,
    })),
  };
  return { sheets, manifest: await deps.work.putJson(manifest) };
}
