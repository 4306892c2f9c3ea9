/**
 * Streams the rows of one sheet (memory flat in row count), resolving formulas, rich text and merged ranges into
 * plain RawRow cells. exceljs' WorkbookReader parses the workbook parts (relationships, workbook, shared strings,
 * styles); the sheet's XML bytes go straight into cells (sheet-xml-rows.ts, with its own tokenizer), with exceljs'
 * semantics but without its per-cell objects. Requires the exceljs UTF-8 patch (utf8-guard.ts) for the parts exceljs reads.
 *
 * The package parts are fed to exceljs' WorkbookReader from our own random-access zip reader instead of its
 * sequential zip stream: only the wanted sheet is inflated, no temp files are written for sheets stored before
 * sharedStrings.xml, and it avoids a WorkbookReader fault where, with `styles: 'cache'`, the zip stream ends right
 * after styles.xml on exceljs-written workbooks so workbook.xml is never seen.
 */
import type { Readable } from 'node:stream';
import type ExcelJS from 'exceljs';
import type { CellValue } from '../../../domain/sheets/cell-value';
import type { RawRow } from '../types';
import { createSheetXmlRows, type SheetContext } from './sheet-xml-rows';
import type { MergeRange } from './workbook-parts';
import { openZipEntry, type ZipEntry } from './zip-reader';

// Only exceljs' streaming WorkbookReader, not the whole library (workbook model, writers, enums): the sheet-reader
// thread loads this module before it reads a row, and the rest of exceljs was ~40 % of that module load.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const WorkbookReader = require('exceljs/lib/stream/xlsx/workbook-reader') as typeof ExcelJS.stream.xlsx.WorkbookReader;

/** WorkbookReader's per-part parsers and what they leave behind (exceljs 4.4.0, pinned and patched). */
export interface WorkbookParts {
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  sharedStrings?: unknown[];
  styles: SheetContext['styles'];
  properties?: { model?: { date1904?: boolean } };
}

/**
 * Copies the top-left value of every merged range into the other cells of the range, so a header merged over
 * two columns names both and a warehouse merged down twenty rows is on each of them.
 */
export class MergeFiller {
  private readonly pending: MergeRange[];
  private active: { range: MergeRange; value: CellValue }[] = [];

  constructor(ranges: MergeRange[]) {
    this.pending = [...ranges].sort((a, b) => b.top - a.top);
  }

  apply(rowNumber: number, cells: CellValue[]): void {
    if (this.active.length) this.active = this.active.filter((a) => a.range.bottom >= rowNumber);
    while (this.pending.length && (this.pending[this.pending.length - 1] as MergeRange).top <= rowNumber) {
      const range = this.pending.pop() as MergeRange;
      if (range.bottom < rowNumber) continue;
      this.active.push({ range, value: range.top === rowNumber ? (cells[range.left] ?? null) : null });
    }
    for (const { range, value } of this.active) {
      for (let c = range.left; c <= range.right; c++) {
        if (rowNumber !== range.top || c !== range.left) cells[c] = value;
      }
    }
  }
}

export interface StreamSheetOptions {
  entries: ZipEntry[];
  /** Zip part of the sheet, e.g. "xl/worksheets/sheet1.xml". */
  part: string;
  merges: MergeRange[];
  date1904?: boolean;
}

/** A row as the reader hands it on: merged ranges filled (when there are any), empty cells null. In place. */
export function finishRow(filler: MergeFiller | null, rowNumber: number, cells: (CellValue | undefined)[]): RawRow {
  filler?.apply(rowNumber, cells as CellValue[]);
  for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
  return { rowNumber, cells: cells as CellValue[] };
}

function* finished(
  rows: { rowNumber: number; cells: (CellValue | undefined)[] }[],
  filler: MergeFiller | null,
): Generator<RawRow> {
  for (const row of rows) yield finishRow(filler, row.rowNumber, row.cells);
}

/**
 * exceljs' WorkbookReader with the workbook parts a sheet needs parsed (relationships, workbook, shared strings,
 * styles), each fed from our zip reader and closed after parsing, even when exceljs stops at the closing root tag.
 */
export async function loadWorkbookParts(path: string, entries: ZipEntry[]): Promise<WorkbookParts> {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const reader = new WorkbookReader(path, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
  }) as unknown as WorkbookParts;
  const withPart = async (name: string, parse: (part: Readable) => Promise<void>): Promise<boolean> => {
    const e = byName.get(name);
    if (!e) return false;
    const part = await openZipEntry(path, e);
    try {
      await parse(part);
    } finally {
      part.destroy();
    }
    return true;
  };
  await withPart('xl/_rels/workbook.xml.rels', (p) => reader._parseRels(p));
  await withPart('xl/workbook.xml', (p) => reader._parseWorkbook(p));
  const hasShared = await withPart('xl/sharedStrings.xml', async (p) => {
    for await (const _ of reader._parseSharedStrings(p)) void _;
  });
  if (!hasShared) reader.sharedStrings = [];
  await withPart('xl/styles.xml', (p) => reader._parseStyles(p));
  return reader;
}

export async function* streamSheetRows(path: string, opts: StreamSheetOptions): AsyncGenerator<RawRow> {
  const reader = await loadWorkbookParts(path, opts.entries);
  const entry = opts.entries.find((e) => e.name === opts.part);
  if (!entry) return;
  const sheetStream = await openZipEntry(path, entry);
  const filler = opts.merges.length ? new MergeFiller(opts.merges) : null;
  const rows = createSheetXmlRows({
    sharedStrings: reader.sharedStrings ?? [],
    styles: reader.styles,
    excelDate1904: reader.properties?.model?.date1904,
    date1904: opts.date1904 === true,
  });
  try {
    for await (const chunk of sheetStream) {
      rows.write(chunk as Buffer);
      for (const row of finished(rows.take(), filler)) yield row;
    }
  } finally {
    sheetStream.destroy();
  }
}
