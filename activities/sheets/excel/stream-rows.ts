/**
 * Streams the rows of one sheet through exceljs' streaming worksheet parser (memory flat in row count), resolving
 * formulas, rich text and merged ranges into plain RawRow cells. Requires the exceljs UTF-8 patch (utf8-guard.ts).
 *
 * The package parts are fed to exceljs' WorkbookReader from our own random-access zip reader instead of its
 * sequential zip stream: only the wanted sheet is inflated, no temp files are written for sheets stored before
 * sharedStrings.xml, and it avoids a WorkbookReader fault where, with `styles: 'cache'`, the zip stream ends right
 * after styles.xml on exceljs-written workbooks so workbook.xml is never seen.
 */
import type { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { CellValue } from '../../../domain/sheets/cell-value';
import type { RawRow } from '../types';
import { toCellValue } from './cell-value';
import type { MergeRange } from './workbook-parts';
import { openZipEntry, type ZipEntry } from './zip-reader';

interface StreamingSheet extends AsyncIterable<ExcelJS.Row> {
  name: string;
}

/** WorkbookReader's per-part parsers (exceljs 4.4.0, pinned and patched). */
interface ReaderParts {
  _parseRels(entry: Readable): Promise<void>;
  _parseWorkbook(entry: Readable): Promise<void>;
  _parseSharedStrings(entry: Readable): AsyncGenerator<unknown>;
  _parseStyles(entry: Readable): Promise<void>;
  _parseWorksheet(
    iterator: AsyncIterable<unknown>,
    sheetNo: string,
  ): Generator<{ eventType: string; value: StreamingSheet }>;
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

export async function* streamSheetRows(path: string, opts: StreamSheetOptions): AsyncGenerator<RawRow> {
  const byName = new Map(opts.entries.map((e) => [e.name, e]));
  const open = async (name: string): Promise<Readable | null> => {
    const e = byName.get(name);
    return e ? openZipEntry(path, e) : null;
  };
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
  }) as unknown as ReaderParts & { sharedStrings?: unknown[] };

  // Each part is closed after parsing, even when exceljs stops reading at the closing root tag.
  const withPart = async (name: string, parse: (part: Readable) => Promise<void>): Promise<boolean> => {
    const part = await open(name);
    if (!part) return false;
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

  const sheetStream = await open(opts.part);
  if (!sheetStream) return;
  const sheetNo = /(\d+)\.xml$/.exec(opts.part)?.[1] ?? '1';
  const filler = opts.merges.length ? new MergeFiller(opts.merges) : null;
  try {
    for (const { value: sheet } of reader._parseWorksheet(sheetStream, sheetNo)) {
      for await (const row of sheet) {
        const cells: CellValue[] = [];
        row.eachCell({ includeEmpty: false }, (cell, col) => {
          const v = cell.value;
          // Only a formula's result can need the number format (a date-formatted number): skip the style look-up.
          cells[col - 1] =
            typeof v === 'object' && v !== null && !(v instanceof Date)
              ? toCellValue(v, cell.numFmt, opts.date1904)
              : toCellValue(v);
        });
        filler?.apply(row.number, cells);
        for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
        yield { rowNumber: row.number, cells };
      }
    }
  } finally {
    sheetStream.destroy();
  }
}
