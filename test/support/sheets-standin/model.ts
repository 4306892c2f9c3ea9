import { dateToSerial, type CellValue, type NumberFormat } from './render';
import { parseA1 } from './a1';

/** An error the stand-in answers with Google's JSON error shape. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly status = code === 404 ? 'NOT_FOUND' : code === 403 ? 'PERMISSION_DENIED' : 'INVALID_ARGUMENT',
  ) {
    super(message);
  }
}

export interface DeveloperMetadata {
  metadataId: number;
  metadataKey: string;
  metadataValue?: string;
  location: { sheetId: number; locationType: 'SHEET' } | { spreadsheet: true; locationType: 'SPREADSHEET' };
  visibility: 'DOCUMENT' | 'PROJECT';
}

export interface GridRange {
  sheetId: number;
  startRowIndex: number;
  endRowIndex: number;
  startColumnIndex: number;
  endColumnIndex: number;
}

export interface StandinSheet {
  sheetId: number;
  title: string;
  hidden: boolean;
  rowCount: number;
  columnCount: number;
  /** Row-major cell values; missing rows/cells are empty. */
  rows: CellValue[][];
  formulas: Map<string, string>;
  formats: Map<string, NumberFormat>;
  /** Column-wide number formats (cheap for big seeded sheets). */
  columnFormats: (NumberFormat | undefined)[];
  merges: GridRange[];
}

export interface StandinSpreadsheet {
  spreadsheetId: string;
  title: string;
  sheets: StandinSheet[];
  metadata: DeveloperMetadata[];
  nextSheetId: number;
  nextMetadataId: number;
}

/** A seed cell: plain values, Dates (stored as date serials), or a cell with a formula and/or number format. */
export type SeedCell =
  CellValue | undefined | Date | { value: CellValue | Date; formula?: string; format?: NumberFormat };

export interface SeedSheet {
  title: string;
  rows: SeedCell[][];
  /** Grid size; defaults to max(1000, rows) × max(26, widest row) like a new Google sheet. */
  rowCount?: number;
  columnCount?: number;
  /** Merged ranges in A1 without a sheet name, e.g. "A1:L1". */
  merges?: string[];
  hidden?: boolean;
  columnFormats?: (NumberFormat | undefined)[];
}

export const DATE_FORMAT: NumberFormat = { type: 'DATE', pattern: 'yyyy-mm-dd' };

export const cellKey = (r: number, c: number): string => `${r}:${c}`;

export function buildSheet(seed: SeedSheet, sheetId: number): StandinSheet {
  const sheet: StandinSheet = {
    sheetId,
    title: seed.title,
    hidden: seed.hidden ?? false,
    rowCount: Math.max(seed.rowCount ?? 1000, seed.rows.length),
    columnCount: seed.rows.reduce((w, r) => Math.max(w, r.length), seed.columnCount ?? 26),
    rows: [],
    formulas: new Map(),
    formats: new Map(),
    columnFormats: seed.columnFormats ?? [],
    merges: [],
  };
  seed.rows.forEach((row, r) => {
    const out: CellValue[] = new Array<CellValue>(row.length);
    row.forEach((cell, c) => {
      if (cell instanceof Date) {
        out[c] = dateToSerial(cell);
        if (!sheet.columnFormats[c]) sheet.formats.set(cellKey(r, c), DATE_FORMAT);
      } else if (cell !== null && typeof cell === 'object') {
        out[c] = cell.value instanceof Date ? dateToSerial(cell.value) : cell.value;
        if (cell.formula) sheet.formulas.set(cellKey(r, c), cell.formula);
        const fmt = cell.format ?? (cell.value instanceof Date ? DATE_FORMAT : undefined);
        if (fmt) sheet.formats.set(cellKey(r, c), fmt);
      } else {
        out[c] = cell === undefined || cell === '' ? null : cell;
      }
    });
    sheet.rows[r] = out;
  });
  for (const m of seed.merges ?? []) {
    const { bounds } = parseA1(m, []);
    sheet.merges.push({
      sheetId,
      startRowIndex: bounds.startRow,
      endRowIndex: bounds.endRow ?? sheet.rowCount,
      startColumnIndex: bounds.startCol,
      endColumnIndex: bounds.endCol ?? sheet.columnCount,
    });
  }
  return sheet;
}

export function findSheet(ss: StandinSpreadsheet, title: string | null): StandinSheet {
  const sheet =
    title === null ? (ss.sheets.find((s) => !s.hidden) ?? ss.sheets[0]) : ss.sheets.find((s) => s.title === title);
  if (!sheet) throw new ApiError(400, `Unable to parse range: ${title ?? ''}`);
  return sheet;
}
