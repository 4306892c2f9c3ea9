import { formatA1, parseA1, type A1Bounds } from './a1';
import { ApiError, cellKey, findSheet, type StandinSheet, type StandinSpreadsheet } from './model';
import { renderCell, type CellValue, type DateTimeRenderOption, type ValueRenderOption } from './render';
import { parseUserEntered } from './user-entered';

export interface ValueRange {
  range: string;
  majorDimension: 'ROWS' | 'COLUMNS';
  values?: CellValue[][];
}

export interface ReadOptions {
  valueRenderOption?: ValueRenderOption;
  dateTimeRenderOption?: DateTimeRenderOption;
  majorDimension?: 'ROWS' | 'COLUMNS';
}

export interface UpdateValuesResponse {
  spreadsheetId: string;
  updatedRange: string;
  updatedRows: number;
  updatedColumns: number;
  updatedCells: number;
}

function resolve(ss: StandinSpreadsheet, range: string): { sheet: StandinSheet; bounds: A1Bounds } {
  const parsed = parseA1(
    range,
    ss.sheets.map((s) => s.title),
  );
  const sheet = findSheet(ss, parsed.sheet);
  const b = parsed.bounds;
  if (b.startRow >= sheet.rowCount || b.startCol >= sheet.columnCount) throw gridError(sheet, range);
  return { sheet, bounds: b };
}

function gridError(sheet: StandinSheet, range: string): ApiError {
  return new ApiError(
    400,
    `Range (${range}) exceeds grid limits. Max rows: ${sheet.rowCount}, max columns: ${sheet.columnCount}`,
  );
}

export function readRange(ss: StandinSpreadsheet, range: string, opts: ReadOptions = {}): ValueRange {
  const { sheet, bounds } = resolve(ss, range);
  const endRow = Math.min(bounds.endRow ?? sheet.rowCount, sheet.rowCount);
  const endCol = Math.min(bounds.endCol ?? sheet.columnCount, sheet.columnCount);
  const valueRender = opts.valueRenderOption ?? 'FORMATTED_VALUE';
  const dateRender = opts.dateTimeRenderOption ?? 'SERIAL_NUMBER';
  const cellLevel = sheet.formats.size > 0 || sheet.formulas.size > 0;
  const plain = !cellLevel && sheet.columnFormats.length === 0 && valueRender !== 'FORMATTED_VALUE';
  const out: CellValue[][] = [];
  let lastNonEmpty = -1;
  for (let r = bounds.startRow; r < endRow; r++) {
    const src = sheet.rows[r];
    const row: CellValue[] = [];
    if (src) {
      const stop = Math.min(endCol, src.length);
      for (let c = bounds.startCol; c < stop; c++) {
        const v = src[c] ?? null;
        if (plain || v === null || (typeof v === 'string' && !cellLevel)) {
          row.push(v);
          continue;
        }
        const key = cellLevel ? cellKey(r, c) : '';
        const formula = cellLevel ? sheet.formulas.get(key) : undefined;
        const fmt = (cellLevel ? sheet.formats.get(key) : undefined) ?? sheet.columnFormats[c];
        row.push(renderCell(v, formula, fmt, valueRender, dateRender));
      }
    }
    // Google trims trailing empty cells of each row and trailing empty rows of the range.
    let len = row.length;
    while (len > 0 && (row[len - 1] === null || row[len - 1] === '')) len--;
    row.length = len;
    for (let i = 0; i < row.length; i++) if (row[i] === null) row[i] = '';
    out.push(row);
    if (len > 0) lastNonEmpty = out.length - 1;
  }
  out.length = lastNonEmpty + 1;
  const result: ValueRange = {
    range: formatA1(sheet.title, { startRow: bounds.startRow, startCol: bounds.startCol, endRow, endCol }),
    majorDimension: opts.majorDimension ?? 'ROWS',
  };
  if (out.length > 0) {
    result.values = opts.majorDimension === 'COLUMNS' ? transpose(out) : out;
  }
  return result;
}

/** Widest row (no spread: sheets can have more rows than a call's argument limit). */
export function widest(rows: readonly (readonly unknown[])[]): number {
  return rows.reduce((w, r) => Math.max(w, r.length), 0);
}

function transpose(rows: CellValue[][]): CellValue[][] {
  const width = widest(rows);
  return Array.from({ length: width }, (_, c) => rows.map((r) => r[c] ?? ''));
}

export type ValueInputOption = 'RAW' | 'USER_ENTERED';

function setCell(sheet: StandinSheet, r: number, c: number, input: CellValue, option: ValueInputOption): void {
  const row = (sheet.rows[r] ??= []);
  const key = cellKey(r, c);
  sheet.formulas.delete(key);
  if (input === '' || input === null) {
    row[c] = null;
    return;
  }
  if (option === 'RAW') {
    row[c] = input;
    return;
  }
  const parsed = parseUserEntered(input);
  row[c] = parsed.value;
  if (parsed.formula) sheet.formulas.set(key, parsed.formula);
  if (parsed.format) sheet.formats.set(key, parsed.format);
}

/** Checks a write fits both the requested range and the grid before anything is changed. */
export function planWrite(
  ss: StandinSpreadsheet,
  range: string,
  input: CellValue[][] | undefined,
  majorDimension: 'ROWS' | 'COLUMNS' = 'ROWS',
): { sheet: StandinSheet; startRow: number; startCol: number; rows: CellValue[][] } {
  const { sheet, bounds } = resolve(ss, range);
  const rows = majorDimension === 'COLUMNS' ? transpose(input ?? []) : (input ?? []);
  const height = rows.length;
  const width = widest(rows);
  if (bounds.endRow !== undefined && bounds.startRow + height > bounds.endRow) {
    throw new ApiError(
      400,
      `Requested writing within range [${range}], but tried writing to row [${bounds.startRow + height}]`,
    );
  }
  if (bounds.endCol !== undefined && bounds.startCol + width > bounds.endCol) {
    throw new ApiError(
      400,
      `Requested writing within range [${range}], but tried writing to column [${bounds.startCol + width}]`,
    );
  }
  if (bounds.startRow + height > sheet.rowCount || bounds.startCol + width > sheet.columnCount) {
    throw gridError(sheet, range);
  }
  return { sheet, startRow: bounds.startRow, startCol: bounds.startCol, rows };
}

export function applyWrite(
  ss: StandinSpreadsheet,
  plan: ReturnType<typeof planWrite>,
  option: ValueInputOption,
): UpdateValuesResponse {
  const { sheet, startRow, startCol, rows } = plan;
  let cells = 0;
  let width = 0;
  rows.forEach((row, i) => {
    width = Math.max(width, row.length);
    row.forEach((v, j) => {
      // JSON null means "leave this cell alone" in the Sheets API; "" clears it.
      if (v === null) return;
      setCell(sheet, startRow + i, startCol + j, v, option);
      cells++;
    });
  });
  const endRow = startRow + Math.max(rows.length, 1);
  const endCol = startCol + Math.max(width, 1);
  return {
    spreadsheetId: ss.spreadsheetId,
    updatedRange: formatA1(sheet.title, { startRow, startCol, endRow, endCol }),
    updatedRows: rows.length,
    updatedColumns: width,
    updatedCells: cells,
  };
}

/** values.append: writes after the last non-empty row of the table found at the range, growing the grid. */
export function appendRows(
  ss: StandinSpreadsheet,
  range: string,
  input: CellValue[][],
  option: ValueInputOption,
): { spreadsheetId: string; tableRange?: string; updates: UpdateValuesResponse } {
  const { sheet, bounds } = resolve(ss, range);
  let last = bounds.startRow - 1;
  for (let r = bounds.startRow; r < sheet.rows.length; r++) {
    if ((sheet.rows[r] ?? []).some((v) => v !== null && v !== undefined && v !== '')) last = r;
  }
  const startRow = last + 1;
  const width = widest(input);
  sheet.rowCount = Math.max(sheet.rowCount, startRow + input.length);
  sheet.columnCount = Math.max(sheet.columnCount, bounds.startCol + width);
  const updates = applyWrite(ss, { sheet, startRow, startCol: bounds.startCol, rows: input }, option);
  const tableRange =
    last >= bounds.startRow
      ? formatA1(sheet.title, {
          startRow: bounds.startRow,
          startCol: bounds.startCol,
          endRow: last + 1,
          endCol: bounds.startCol + width,
        })
      : undefined;
  return { spreadsheetId: ss.spreadsheetId, ...(tableRange ? { tableRange } : {}), updates };
}

export function clearRange(ss: StandinSpreadsheet, range: string): string {
  const { sheet, bounds } = resolve(ss, range);
  const endRow = Math.min(bounds.endRow ?? sheet.rowCount, sheet.rowCount);
  const endCol = Math.min(bounds.endCol ?? sheet.columnCount, sheet.columnCount);
  for (let r = bounds.startRow; r < Math.min(endRow, sheet.rows.length); r++) {
    const row = sheet.rows[r];
    if (!row) continue;
    for (let c = bounds.startCol; c < Math.min(endCol, row.length); c++) {
      row[c] = null;
      sheet.formulas.delete(cellKey(r, c));
    }
  }
  return formatA1(sheet.title, { startRow: bounds.startRow, startCol: bounds.startCol, endRow, endCol });
}
