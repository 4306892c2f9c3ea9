/**
 * Turns the XML of one worksheet part into RawRow cells, fed by saxes (the XML parser exceljs itself uses, so
 * well-formedness, entities and errors are the same) without exceljs' Row/Cell/Value objects: reading 200,000 rows
 * through them cost as much again as the XML parse. Every cell gets exactly the value exceljs 4.4.0's streaming
 * WorksheetReader (as patched in patches/) followed by `toCellValue` gave: same shared strings and style models
 * (from exceljs' own WorkbookReader parts), same number parsing, same date test and serial conversion, same text
 * accumulation quirks. test/activities/sheets/excel/sheet-xml-rows.test.ts compares the two on every fixture.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import type { CellValue } from '../../../domain/sheets/cell-value';
import { decodeOoxmlEscapes, toCellValue } from './cell-value';

// exceljs' own helpers, so addresses, date formats, serials and entity decoding cannot drift from its reader.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const exUtils = require('exceljs/lib/utils/utils') as {
  xmlDecode(text: string): string;
  isDateFmt(fmt: string | undefined): boolean;
  excelToDate(v: number, date1904?: boolean): Date;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const colCache = require('exceljs/lib/utils/col-cache') as { decodeAddress(ref: string): { col: number } };

/** exceljs' second entity pass (text saxes already decoded is decoded again); only an '&' can start one. */
const xmlDecode = (text: string): string => (text.includes('&') ? exUtils.xmlDecode(text) : text);

/** What exceljs' WorkbookReader parsed before the sheet: shared strings, style models, date system. */
export interface SheetContext {
  sharedStrings: unknown[];
  styles: { getStyleModel(id: number): { numFmt?: string } | null };
  /** The date system as exceljs read it (plain date cells), and as our workbook reader did (formula results). */
  excelDate1904: boolean | undefined;
  date1904: boolean;
}

interface TextSink {
  text: string;
}

interface PendingCell {
  ref: string;
  s: number;
  t: string | undefined;
  f?: TextSink;
  v?: TextSink;
}

/** Column number of a cell reference like "AB12" (as colCache.decodeAddress gives it), without its allocations. */
function columnOf(ref: string | undefined): number {
  if (ref !== undefined) {
    let col = 0;
    let i = 0;
    for (; i < ref.length && i < 3; i++) {
      const ch = ref.charCodeAt(i);
      if (ch < 65 || ch > 90) break;
      col = col * 26 + ch - 64;
    }
    let digits = i < ref.length && col > 0 && col <= 16384;
    for (let j = i; digits && j < ref.length; j++) {
      const ch = ref.charCodeAt(j);
      if (ch < 48 || ch > 57) digits = false;
    }
    if (digits) return col;
  }
  return colCache.decodeAddress(ref as string).col;
}

/**
 * The value exceljs stored for a closed <c>, already passed through toCellValue; undefined where exceljs' cell was
 * of type Null (eachCell skips it).
 */
function cellValue(c: PendingCell, numFmt: string | undefined, ctx: SheetContext): CellValue | undefined {
  if (c.f) {
    let result: unknown;
    if (c.v) {
      if (c.t === 'str') result = xmlDecode(c.v.text);
      else if (c.t === 'e') result = { error: c.v.text };
      else if (c.t === 'b') result = parseInt(c.v.text, 10) !== 0;
      else result = parseFloat(c.v.text);
    }
    // exceljs drops an undefined/null result; toCellValue then reads the formula as blank.
    return toCellValue({ formula: c.f.text, result }, numFmt, ctx.date1904);
  }
  if (!c.v) return undefined;
  switch (c.t) {
    case 's': {
      const shared = ctx.sharedStrings[parseInt(c.v.text, 10)];
      return shared === undefined || shared === null ? undefined : toCellValue(shared);
    }
    case 'inlineStr':
    case 'str':
      return decodeOoxmlEscapes(xmlDecode(c.v.text));
    case 'e':
      return c.v.text;
    case 'b':
      return parseInt(c.v.text, 10) !== 0;
    default: {
      const n = parseFloat(c.v.text);
      if (exUtils.isDateFmt(numFmt)) {
        const d = exUtils.excelToDate(n, ctx.excelDate1904);
        return Number.isNaN(d.getTime()) ? null : d;
      }
      return Number.isFinite(n) ? n : null;
    }
  }
}

/**
 * A push parser: `write` text chunks of the sheet part, then take the completed rows. Throws saxes' error for
 * XML that is not well-formed (read as a corrupt workbook by the caller).
 */
export function createSheetXmlRows(ctx: SheetContext): {
  write(text: string): void;
  take(): { rowNumber: number; cells: (CellValue | undefined)[] }[];
} {
  const parser = new SaxesParser();
  let error: Error | null = null;
  let done: { rowNumber: number; cells: (CellValue | undefined)[] }[] = [];
  let inRows = false;
  let row: { rowNumber: number; cells: (CellValue | undefined)[]; numFmt: string | undefined } | null = null;
  let c: PendingCell | null = null;
  let current: TextSink | null = null;
  let inInlineString = false;
  /** <f> starts the pending cell's formula text; <v>, <is> and <t> start its value text (shared index or string). */
  const openText = (part: 'f' | 'v'): void => {
    if (c) current = c[part] = { text: '' };
  };

  parser.on('error', (err) => {
    error = err;
  });
  parser.on('text', (text) => {
    // Like exceljs: text goes to the last <f>/<v>/<is>/<t> opened, even after it closed.
    if (current) current.text += text;
  });
  parser.on('opentag', (node: SaxesTagPlain) => {
    switch (node.name) {
      case 'sheetData':
        inRows = true;
        break;
      case 'row':
        if (inRows) {
          const a = node.attributes;
          const style = a.s ? ctx.styles.getStyleModel(parseInt(a.s, 10)) : null;
          row = { rowNumber: parseInt(a.r as string, 10), cells: [], numFmt: style ? style.numFmt : undefined };
        }
        break;
      case 'c':
        if (row) {
          const a = node.attributes;
          c = { ref: a.r as string, s: parseInt(a.s as string, 10), t: a.t };
        }
        break;
      case 'f':
      case 'v':
        openText(node.name);
        break;
      case 'is':
        if (c) inInlineString = true;
        openText('v');
        break;
      case 't':
        // A <t> inside <is> is part of the inline string <is> already opened.
        if (!inInlineString) openText('v');
        break;
      default:
        break;
    }
  });
  parser.on('closetag', (node) => {
    switch (node.name) {
      case 'sheetData':
        inRows = false;
        break;
      case 'is':
        inInlineString = false;
        break;
      case 'row':
        if (row) {
          // eachCell left out trailing Null cells: the row ends at its last cell with a value.
          const cells = row.cells;
          while (cells.length && cells[cells.length - 1] === undefined) cells.length--;
          done.push({ rowNumber: row.rowNumber, cells });
        }
        row = null;
        break;
      case 'c':
        if (row && c) {
          const col = columnOf(c.ref);
          // A cell's own style replaces the row's; style 0 (or none) keeps the row's number format.
          const own = c.s ? ctx.styles.getStyleModel(c.s) : null;
          const numFmt = own ? own.numFmt : row.numFmt;
          // No <f> and no <v>: exceljs set no value, so a repeated reference keeps what it had.
          if (c.f || c.v) row.cells[col - 1] = cellValue(c, numFmt, ctx);
          c = null;
        }
        break;
      default:
        break;
    }
  });

  return {
    write(text) {
      parser.write(text);
      if (error) throw error;
    },
    take() {
      const rows = done;
      done = [];
      return rows;
    },
  };
}
