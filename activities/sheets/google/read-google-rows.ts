import type { sheets_v4 } from '@googleapis/sheets';
import { AppError } from '../../../domain/errors';
import type { RawRow } from '../types';
import { rowsRange } from './a1-range';
import { callWithRetry, type ResolvedRetry } from './call-with-retry';

export interface SheetInfo {
  sheetId: number;
  title: string;
  /** Hidden tabs are never chosen by default (a person does not see them). */
  hidden: boolean;
  rowCount: number;
  columnCount: number;
  merges: sheets_v4.Schema$GridRange[];
  developerMetadata: sheets_v4.Schema$DeveloperMetadata[];
}

export interface ReadContext {
  api: sheets_v4.Sheets;
  retry: ResolvedRetry;
  /** Rows per A1 range. */
  chunkRows: number;
  /** Ranges per values.batchGet call. */
  rangesPerCall: number;
  /** Cells per values.batchGet call, so wide tabs take fewer rows per call and memory stays bounded. */
  maxCellsPerRead: number;
}

const SHEET_FIELDS =
  'sheets(properties(sheetId,title,index,hidden,gridProperties(rowCount,columnCount)),merges,developerMetadata(metadataId,metadataKey,metadataValue))';

export async function loadSheets(ctx: ReadContext, spreadsheetId: string): Promise<SheetInfo[]> {
  const res = await callWithRetry('spreadsheets.get', { spreadsheetId }, ctx.retry, () =>
    ctx.api.spreadsheets.get({ spreadsheetId, includeGridData: false, fields: SHEET_FIELDS }),
  );
  return (res.data.sheets ?? []).map((s) => ({
    sheetId: s.properties?.sheetId ?? 0,
    title: s.properties?.title ?? '',
    hidden: s.properties?.hidden === true,
    rowCount: s.properties?.gridProperties?.rowCount ?? 0,
    columnCount: s.properties?.gridProperties?.columnCount ?? 0,
    merges: s.merges ?? [],
    developerMetadata: s.developerMetadata ?? [],
  }));
}

export function pickSheet(sheets: SheetInfo[], spreadsheetId: string, tab: string | undefined): SheetInfo {
  const sheet = tab === undefined ? sheets.find((s) => !s.hidden) : sheets.find((s) => s.title === tab);
  if (!sheet) {
    throw new AppError(
      'SheetNotFound',
      `Google spreadsheet ${spreadsheetId} has no tab "${tab ?? ''}" (tabs: ${sheets.map((s) => s.title).join(', ')})`,
      { spreadsheetId, tab, tabs: sheets.map((s) => s.title) },
    );
  }
  return sheet;
}

type Cell = RawRow['cells'][number];

/** Values as the API returns them with UNFORMATTED_VALUE: numbers stay numbers, "" means empty. */
function toCells(values: unknown[] | undefined): Cell[] {
  const cells: Cell[] = new Array<Cell>(values?.length ?? 0);
  for (let i = 0; i < cells.length; i++) {
    const v = values?.[i];
    cells[i] = v === '' || v === undefined || v === null ? null : (v as Cell);
  }
  return cells;
}

/** Copies each merged range's top-left value into the other cells, as Excel readers present merged cells. */
class MergeFiller {
  private readonly values = new Map<sheets_v4.Schema$GridRange, Cell>();
  constructor(private readonly merges: sheets_v4.Schema$GridRange[]) {}

  lastRowCovered(from: number, to: number): number {
    let last = -1;
    for (const m of this.merges) {
      const end = (m.endRowIndex ?? 0) - 1;
      if ((m.startRowIndex ?? 0) <= to && end >= from) last = Math.max(last, Math.min(end, to));
    }
    return last;
  }

  fill(rowIndex: number, cells: Cell[]): Cell[] {
    for (const m of this.merges) {
      const r0 = m.startRowIndex ?? 0;
      const c0 = m.startColumnIndex ?? 0;
      if (rowIndex < r0 || rowIndex >= (m.endRowIndex ?? 0)) continue;
      if (rowIndex === r0) this.values.set(m, cells[c0] ?? null);
      const v = this.values.get(m) ?? null;
      if (v === null) continue;
      for (let c = c0; c < (m.endColumnIndex ?? c0); c++) {
        while (cells.length <= c) cells.push(null);
        if (cells[c] === null) cells[c] = v;
      }
    }
    return cells;
  }
}

interface Span {
  first: number;
  last: number;
}

/**
 * Streams a tab's rows. Each values.batchGet asks for up to `rangesPerCall` ranges of `chunkRows` rows, fewer when
 * rows are wide: the call's rows are sized to `maxCellsPerRead` cells using the widest row seen so far (Google
 * trims empty trailing cells, so a 26-column grid holding 12 columns costs 12 cells a row). One call runs ahead
 * of the consumer, so memory holds at most two calls' worth of rows and 100k rows cost a few calls. Empty rows
 * are skipped; row numbers are those the user sees.
 */
export async function* readSheetRows(
  ctx: ReadContext,
  spreadsheetId: string,
  sheet: SheetInfo,
): AsyncGenerator<RawRow> {
  // Widest row seen so far; until the first answer, assume the whole grid width.
  let observed = 0;
  let nextRow = 1;
  const planCall = (): Span[] => {
    const width = Math.max(1, observed || sheet.columnCount);
    const rows = Math.max(1, Math.min(ctx.chunkRows * ctx.rangesPerCall, Math.floor(ctx.maxCellsPerRead / width)));
    const spans: Span[] = [];
    let end = Math.min(sheet.rowCount, nextRow + rows - 1);
    // A small remainder (title and header rows push 200 000 data rows past a round number) rides along.
    if (sheet.rowCount - end <= rows / 20) end = sheet.rowCount;
    for (let first = nextRow; first <= end; first += ctx.chunkRows) {
      spans.push({ first, last: Math.min(first + ctx.chunkRows - 1, end) });
    }
    nextRow = end + 1;
    return spans;
  };
  const fetch = (spans: Span[]): Promise<{ spans: Span[]; ranges: sheets_v4.Schema$ValueRange[] }> =>
    callWithRetry(
      'spreadsheets.values.batchGet',
      { spreadsheetId, tab: sheet.title, firstRow: spans[0]?.first },
      ctx.retry,
      () =>
        ctx.api.spreadsheets.values.batchGet({
          spreadsheetId,
          ranges: spans.map((g) => rowsRange(sheet.title, g.first, g.last, sheet.columnCount)),
          majorDimension: 'ROWS',
          // Numbers unformatted (no rounding by display format), dates as the text the user sees.
          valueRenderOption: 'UNFORMATTED_VALUE',
          dateTimeRenderOption: 'FORMATTED_STRING',
        }),
    ).then((res) => {
      const ranges = res.data.valueRanges ?? [];
      for (const r of ranges) for (const row of r.values ?? []) observed = Math.max(observed, row.length);
      return { spans, ranges };
    });
  const prefetch = (): ReturnType<typeof fetch> | undefined => {
    if (nextRow > sheet.rowCount) return undefined;
    const p = fetch(planCall());
    // Keep a rejected prefetch from surfacing as an unhandled rejection if the consumer stops early.
    p.catch(() => undefined);
    return p;
  };

  const merges = new MergeFiller(sheet.merges);
  let pending = prefetch();
  while (pending) {
    const { spans, ranges } = await pending;
    pending = prefetch();
    for (let i = 0; i < spans.length; i++) {
      const { first, last } = spans[i] as Span;
      const values = ranges[i]?.values ?? [];
      const end = Math.max(values.length - 1, merges.lastRowCovered(first - 1, last - 1) - (first - 1));
      for (let j = 0; j <= end; j++) {
        const cells = merges.fill(first - 1 + j, toCells(values[j]));
        if (cells.some((c) => c !== null)) yield { rowNumber: first + j, cells };
      }
    }
  }
}
