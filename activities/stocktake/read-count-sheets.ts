/**
 * Reads one counter's sheets back and checks them before anything is used: locked columns edited, rows
 * deleted, missing or unknown part numbers, duplicate lines, negative or non-numeric counts — each problem
 * with file, sheet, row and column. Valid sheets become CountLines in the work store; otherwise a problem
 * report is written and archived for the counter, and nothing of the round is used.
 */
import { basename } from 'node:path';
import { DateTime } from 'luxon';
import { AppError, type CellProblem } from '../../domain/errors';
import type { CellValue } from '../../domain/sheets/cell-value';
import { countRowsToCountLines, validateCounts, type CountRow, type LedgerLine } from '../../domain/stocktake';
import type { TableBackend, TableRef } from '../sheets/types';
import { COUNT_TAB, HEAD, STATUS_SUBMITTED, STATUS_TAB } from './count-sheet-layout';
import { withSnapshot } from './share-snapshot';
import {
  backendFor,
  readGuarded,
  safeFileName,
  writeProblemReport,
  type StocktakeActivityDeps,
} from './stocktake-deps';
import type {
  CountSheetInfo,
  ReadCountsInput,
  ReadCountsResult,
  SheetStatus,
  StoredCounts,
  StoredManifest,
  StoredSnapshot,
} from './types';

// Cell text as typed (trimmed only): key columns are compared with what was written, character for character.
const norm = (v: CellValue | undefined): string =>
  v === null || v === undefined ? '' : (v instanceof Date ? v.toISOString() : String(v)).trim();

export function sheetRefs(s: CountSheetInfo): { count: TableRef; status: TableRef; file: string } {
  if (s.location.kind === 'excel') {
    return {
      count: { kind: 'excel', path: s.location.path, sheet: COUNT_TAB },
      status: { kind: 'excel', path: s.location.path, sheet: STATUS_TAB },
      file: basename(s.location.path),
    };
  }
  const { spreadsheetId, tab, statusTab } = s.location;
  return {
    count: { kind: 'google', spreadsheetId, tab },
    status: { kind: 'google', spreadsheetId, tab: statusTab },
    file: spreadsheetId,
  };
}

export async function sheetFingerprint(deps: StocktakeActivityDeps, s: CountSheetInfo): Promise<string> {
  const refs = sheetRefs(s);
  const backend = backendFor(deps, refs.count);
  if (s.location.kind === 'excel') return (await backend.fingerprint({ kind: 'excel', path: s.location.path })).value;
  return `${(await backend.fingerprint(refs.count)).value}|${(await backend.fingerprint(refs.status)).value}`;
}

function countedAtOf(v: CellValue | undefined, timeZone: string): string | undefined {
  if (v instanceof Date) {
    // exceljs dates carry the wall-clock time in their UTC fields.
    const wall = DateTime.fromISO(v.toISOString().slice(0, 19), { zone: timeZone });
    return wall.isValid ? (wall.toISO() ?? undefined) : undefined;
  }
  const s = norm(v);
  if (!s) return undefined;
  const t = DateTime.fromISO(s.replace(' ', 'T'), { zone: timeZone });
  return t.isValid ? (t.toISO() ?? undefined) : undefined;
}

type Columns = Record<keyof typeof HEAD, number>;

async function readSheet(
  backend: TableBackend,
  s: CountSheetInfo,
  lineNos: readonly number[],
  lines: readonly LedgerLine[],
  input: ReadCountsInput,
  timeZone: string,
): Promise<{ rows: CountRow[]; problems: CellProblem[] }> {
  const refs = sheetRefs(s);
  const rows: CountRow[] = [];
  const problems: CellProblem[] = [];
  const mine = new Set(lineNos);
  const seen = new Set<number>();
  // Column index of each header (-1 when absent), found on the header row.
  let col: Columns | null = null;
  let headerRow = 0;
  for await (const raw of backend.readRows(refs.count)) {
    const cells = raw.cells;
    if (!col) {
      const texts = cells.map((c) => norm(c).normalize('NFKC'));
      if (texts.includes(HEAD.lineNo) && texts.includes(HEAD.countedQty)) {
        col = Object.fromEntries(Object.entries(HEAD).map(([k, h]) => [k, texts.indexOf(h)])) as Columns;
        headerRow = raw.rowNumber;
      }
      continue;
    }
    // A few strings per row and no helper objects: a 43,000-line warehouse is read back by two counters at once.
    const at = (i: number): CellValue | undefined => (i >= 0 ? cells[i] : undefined);
    const lineText = norm(at(col.lineNo));
    const location = norm(at(col.location));
    const partNo = norm(at(col.partNo));
    const warehouse = norm(at(col.warehouse));
    const countedQty = at(col.countedQty) ?? null;
    if (lineText === '' && location === '' && partNo === '' && warehouse === '' && norm(countedQty) === '') continue;
    const source = { file: refs.file, sheet: COUNT_TAB, row: raw.rowNumber };
    const lineNo = /^\d+$/.test(lineText) ? Number(lineText) : null;
    // The locked key columns as written: the snapshot line itself (it has them under the same names).
    let original: CountRow['original'];
    if (lineText !== '') {
      if (lineNo === null || !mine.has(lineNo) || seen.has(lineNo)) {
        problems.push({
          ...source,
          column: HEAD.lineNo,
          value: lineText,
          reason: seen.has(lineNo ?? -1)
            ? '序号重复，同一行出现两次 / line number appears twice'
            : '锁定列“序号”被修改，不属于本盘点表 / locked column edited: not a line of this sheet',
        });
        continue;
      }
      seen.add(lineNo);
      original = lines[lineNo - 1]!;
    }
    const counter = norm(at(col.counter));
    const countedAt = countedAtOf(at(col.countedAt), timeZone);
    const row: CountRow = {
      warehouse,
      location,
      partNo,
      partName: norm(at(col.partName)),
      source,
      countedQty,
      counter: input.counterNames.includes(counter) ? counter : s.counter.name,
      round: input.round,
    };
    if (countedAt) row.countedAt = countedAt;
    if (original) row.original = original;
    rows.push(row);
  }
  if (!col) {
    problems.push(headerMissing(refs.file));
    return { rows, problems };
  }
  problems.push(...deletedRows(refs.file, headerRow, lineNos, seen, lines));
  return { rows, problems };
}

function headerMissing(file: string): CellProblem {
  return {
    file,
    sheet: COUNT_TAB,
    row: 1,
    column: HEAD.countedQty,
    value: '',
    reason: `找不到表头（“${HEAD.lineNo}”“${HEAD.countedQty}”）/ header row missing`,
  };
}

/** The sheet's lines nobody read back: their rows were deleted (row numbers as written, below the header). */
function deletedRows(
  file: string,
  headerRow: number,
  lineNos: readonly number[],
  seen: ReadonlySet<number>,
  lines: readonly LedgerLine[],
): CellProblem[] {
  const problems: CellProblem[] = [];
  lineNos.forEach((n, i) => {
    if (seen.has(n)) return;
    const l = lines[n - 1]!;
    problems.push({
      file,
      sheet: COUNT_TAB,
      row: headerRow + 1 + i,
      column: HEAD.lineNo,
      value: String(n),
      reason: `该行被删除（${l.location} ${l.partNo}）/ row deleted`,
    });
  });
  return problems;
}

export async function readCountSheets(deps: StocktakeActivityDeps, input: ReadCountsInput): Promise<ReadCountsResult> {
  return withSnapshot(deps, input.snapshot, (snapshot) => readCountsOf(deps, input, snapshot));
}

async function readCountsOf(
  deps: StocktakeActivityDeps,
  input: ReadCountsInput,
  snapshot: StoredSnapshot,
): Promise<ReadCountsResult> {
  const manifest = await deps.work.getJson<StoredManifest>(input.manifest);
  const rows: CountRow[] = [];
  const problems: CellProblem[] = [];
  const fingerprints: Record<string, string> = {};
  for (const s of input.sheets) {
    const m = manifest.sheets.find((x) => x.sheetId === s.sheetId);
    if (!m) throw new Error(`sheet ${s.sheetId} is not in the round ${input.round} manifest`);
    fingerprints[s.sheetId] = await sheetFingerprint(deps, s);
    const refs = sheetRefs(s);
    const backend = backendFor(deps, refs.count);
    try {
      // A sheet changing while it is read (being saved) is retried; one that cannot be read is the counter's to fix.
      const got = await readGuarded(backend, refs.count, () =>
        readSheet(backend, s, m.lineNos, snapshot.lines, input, deps.timeZone),
      );
      rows.push(...got.rows);
      problems.push(...got.problems);
    } catch (err) {
      if (!(err instanceof AppError) || !err.permanent) throw err;
      problems.push({
        file: refs.file,
        sheet: COUNT_TAB,
        row: 1,
        column: HEAD.lineNo,
        value: '',
        reason: `盘点表无法读取，请用 Excel 另存为 .xlsx 后重新提交 / the sheet cannot be read (${err.message})`,
      });
    }
  }
  problems.push(...validateCounts(snapshot.lines, rows));
  const counter = input.sheets[0]?.counter.name ?? '';
  if (problems.length > 0) {
    const report = await writeProblemReport(deps, problems, {
      relPath: `${input.outputDir}/${safeFileName(`盘点表问题 第${input.round}轮 ${counter} (${input.attempt}).xlsx`)}`,
      meta: {
        workflowId: input.workflowId,
        runId: input.runId,
        period: input.period,
        warehouse: input.warehouse.id,
        recipients: input.sheets.map((s) => s.counter.email).slice(0, 1),
      },
      locale: input.locale ?? 'zh-CN',
    });
    return { ok: false, problems: report, fingerprints };
  }
  const counts = countRowsToCountLines(rows, { round: input.round, counter, countedAt: input.submittedAt });
  const stored: StoredCounts = { round: input.round, counter, counts };
  return {
    ok: true,
    counts: await deps.work.putJson(stored),
    rows: counts.length,
    counted: counts.filter((c) => c.countedQty !== null).length,
    fingerprints,
  };
}

/** The status cell of each sheet (已提交 or not) and its fingerprint; read-only, safe to retry. */
export async function readSheetStatus(deps: StocktakeActivityDeps, sheets: CountSheetInfo[]): Promise<SheetStatus[]> {
  const out: SheetStatus[] = [];
  for (const s of sheets) {
    const refs = sheetRefs(s);
    let submitted = false;
    let statusCol = -1;
    try {
      for await (const raw of backendFor(deps, refs.status).readRows(refs.status)) {
        if (statusCol < 0) {
          statusCol = raw.cells.findIndex((c) => norm(c) === HEAD.status);
          continue;
        }
        submitted = norm(raw.cells[statusCol]) === STATUS_SUBMITTED;
        break;
      }
    } catch (err) {
      // Being saved right now, or not a workbook at all: not submitted; the next poll looks again.
      if (!(err instanceof AppError)) throw err;
      submitted = false;
    }
    out.push({ sheetId: s.sheetId, submitted, fingerprint: await sheetFingerprint(deps, s) });
  }
  return out;
}
