/**
 * Turns the XML of one worksheet part into RawRow cells without exceljs' Row/Cell/Value objects (reading 200,000
 * rows through them cost as much again as the XML parse) and without saxes (half of what was left): whole cells
 * and row start tags written the usual way are matched by one regexp each, everything else goes through our own
 * tokenizer (xml-tokenizer.ts: saxes' events, entities and well-formedness errors). Every cell gets exactly the
 * value exceljs 4.4.0's streaming WorksheetReader (as patched in patches/) followed by `toCellValue` gave: same
 * shared strings and style models (from exceljs' own WorkbookReader parts), same number parsing, same date test and
 * serial conversion, same text accumulation quirks. test/activities/sheets/excel/sheet-xml-rows.test.ts compares
 * the two on every fixture, and feeds the reader its part cut into chunks at every byte.
 */
import type { CellValue } from '../../../domain/sheets/cell-value';
import { decodeOoxmlEscapes, toCellValue } from './cell-value';
import { createXmlTokenizer } from './xml-tokenizer';

// exceljs' own helpers, so addresses, date formats, serials and entity decoding cannot drift from its reader.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const exUtils = require('exceljs/lib/utils/utils') as {
  xmlDecode(text: string): string;
  isDateFmt(fmt: string | undefined): boolean;
  excelToDate(v: number, date1904?: boolean): Date;
};
// eslint-disable-next-line @typescript-eslint/no-require-imports
const colCache = require('exceljs/lib/utils/col-cache') as { decodeAddress(ref: string): { col: number } };

/** exceljs' second entity pass (text the tokenizer already decoded is decoded again); only an '&' can start one. */
const xmlDecode = (text: string): string => (text.includes('&') ? exUtils.xmlDecode(text) : text);

/** What exceljs' WorkbookReader parsed before the sheet: shared strings, style models, date system. */
export interface SheetContext {
  sharedStrings: unknown[];
  styles: { getStyleModel(id: number): { numFmt?: string } | null };
  /** The date system as exceljs read it (plain date cells), and as our workbook reader did (formula results). */
  excelDate1904: boolean | undefined;
  date1904: boolean;
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

/** The cell being read: its attributes and the text of its <f> and <v> (or <is>/<t>), if it had them. */
interface PendingCell {
  ref: string | undefined;
  s: number;
  t: string | undefined;
  hasF: boolean;
  f: string;
  hasV: boolean;
  v: string;
}

/**
 * The value exceljs stored for a closed <c>, already passed through toCellValue; undefined where exceljs' cell was
 * of type Null (eachCell skips it).
 */
function cellValue(c: PendingCell, numFmt: string | undefined, ctx: SheetContext, isDate: (fmt?: string) => boolean) {
  if (c.hasF) {
    let result: unknown;
    if (c.hasV) {
      if (c.t === 'str') result = xmlDecode(c.v);
      else if (c.t === 'e') result = { error: c.v };
      else if (c.t === 'b') result = parseInt(c.v, 10) !== 0;
      else result = parseFloat(c.v);
    }
    // exceljs drops an undefined/null result; toCellValue then reads the formula as blank.
    return toCellValue({ formula: c.f, result }, numFmt, ctx.date1904);
  }
  if (!c.hasV) return undefined;
  switch (c.t) {
    case 's': {
      const shared = ctx.sharedStrings[parseInt(c.v, 10)];
      return shared === undefined || shared === null ? undefined : toCellValue(shared);
    }
    case 'inlineStr':
    case 'str':
      return decodeOoxmlEscapes(xmlDecode(c.v));
    case 'e':
      return c.v;
    case 'b':
      return parseInt(c.v, 10) !== 0;
    default: {
      const n = parseFloat(c.v);
      if (isDate(numFmt)) {
        const d = exUtils.excelToDate(n, ctx.excelDate1904);
        return Number.isNaN(d.getTime()) ? null : d;
      }
      return Number.isFinite(n) ? n : null;
    }
  }
}

/** Style id → number format, asked of exceljs' style models once per id. */
function numFmtLookup(ctx: SheetContext): (id: number) => { numFmt: string | undefined } | null {
  const seen = new Map<number, { numFmt: string | undefined } | null>();
  return (id) => {
    let hit = seen.get(id);
    if (hit === undefined) {
      const model = ctx.styles.getStyleModel(id);
      hit = model ? { numFmt: model.numFmt } : null;
      seen.set(id, hit);
    }
    return hit;
  };
}

/**
 * A whole cell as spreadsheet writers write it, matched in one go (several times faster than its five tokens):
 * `<c r="A1" s="1" t="str">` (s and t optional, in this order), then nothing, a value, an inline string or a formula
 * with its value, then `</c>`; or `<c .../>`. Anything else (other attributes, rich text, xml:space, entities in
 * attributes) goes through the tokenizer. Groups: ref, style, type, v, inline text, f, v after f.
 */
const CELL =
  /<c r="([A-Z]{1,3}[0-9]{1,7})"(?: s="([0-9]{1,9})")?(?: t="([a-zA-Z]{1,9})")?(?:\/>|>(?:<v>([^<]*)<\/v>|<is><t>([^<]*)<\/t><\/is>|<f>([^<]*)<\/f><v>([^<]*)<\/v>)?<\/c>)/y;

/**
 * A row start tag as Excel, LibreOffice and exceljs write it: r first, then known attributes in the order they
 * write them (each optional). Groups: row number, style. Anything else goes through the tokenizer.
 */
const ROW =
  /<row r="([0-9]{1,7})"(?: spans="[0-9: ]*")?(?: s="([0-9]{1,9})")?(?: customFormat="[01a-z]*")?(?: ht="[0-9.]*")?(?: hidden="[01a-z]*")?(?: customHeight="[01a-z]*")?(?: outlineLevel="[0-9]*")?(?: collapsed="[01a-z]*")?(?: x14ac:dyDescent="[0-9.]*")?>/y;

const NO_SINK = 0;
const F_SINK = 1;
const V_SINK = 2;

/**
 * A push parser: `write` the sheet part's bytes in chunks (UTF-8), then take the completed rows. Throws a "line:column:"
 * error for XML that is not well-formed (read as a corrupt workbook by the caller).
 */
export function createSheetXmlRows(ctx: SheetContext): {
  write(bytes: Uint8Array): void;
  take(): { rowNumber: number; cells: (CellValue | undefined)[] }[];
} {
  let done: { rowNumber: number; cells: (CellValue | undefined)[] }[] = [];
  let inRows = false;
  let row: { rowNumber: number; cells: (CellValue | undefined)[]; numFmt: string | undefined } | null = null;
  let inCell = false;
  const c: PendingCell = { ref: undefined, s: NaN, t: undefined, hasF: false, f: '', hasV: false, v: '' };
  // Like exceljs: text goes to the last <f>/<v>/<is>/<t> of the cell opened, even after it closed.
  let sink = NO_SINK;
  let inInlineString = false;
  const styleOf = numFmtLookup(ctx);
  const dateFormats = new Map<string | undefined, boolean>();
  const isDate = (fmt?: string): boolean => {
    let yes = dateFormats.get(fmt);
    if (yes === undefined) dateFormats.set(fmt, (yes = exUtils.isDateFmt(fmt)));
    return yes;
  };

  /** <f> starts the pending cell's formula text; <v>, <is> and <t> start its value text (shared index or string). */
  const openText = (part: typeof F_SINK | typeof V_SINK): void => {
    if (!inCell) return;
    if (part === F_SINK) {
      c.hasF = true;
      c.f = '';
    } else {
      c.hasV = true;
      c.v = '';
    }
    sink = part;
  };

  const openRow = (r: string | undefined, s: string | undefined): void => {
    const style = s ? styleOf(parseInt(s, 10)) : null;
    row = { rowNumber: parseInt(r as string, 10), cells: [], numFmt: style ? style.numFmt : undefined };
  };

  const closeCell = (row: { cells: (CellValue | undefined)[]; numFmt: string | undefined }): void => {
    const col = columnOf(c.ref);
    // A cell's own style replaces the row's; style 0 (or none) keeps the row's number format.
    const own = c.s ? styleOf(c.s) : null;
    const numFmt = own ? own.numFmt : row.numFmt;
    // No <f> and no <v>: exceljs set no value, so a repeated reference keeps what it had.
    if (c.hasF || c.hasV) row.cells[col - 1] = cellValue(c, numFmt, ctx, isDate);
    inCell = false;
    sink = NO_SINK;
  };

  const tokenizer = createXmlTokenizer({
    element(latin1, at) {
      if (inRows && !row && latin1.charCodeAt(at + 1) === 114) {
        ROW.lastIndex = at;
        const m = ROW.exec(latin1);
        if (!m) return -1;
        openRow(m[1] as string, m[2]);
        tokenizer.opened('row');
        return ROW.lastIndex;
      }
      if (!row || inCell || latin1.charCodeAt(at + 1) !== 99) return -1;
      CELL.lastIndex = at;
      const m = CELL.exec(latin1);
      if (!m) return -1;
      const end = CELL.lastIndex;
      // Offsets of the text groups are found from the end of the match backwards (the regexp has no indices).
      c.ref = m[1];
      c.s = m[2] === undefined ? NaN : parseInt(m[2], 10);
      c.t = m[3];
      c.hasF = m[6] !== undefined;
      c.hasV = m[4] !== undefined || m[5] !== undefined || m[7] !== undefined;
      c.f = c.v = '';
      if (m[4] !== undefined) c.v = text(end - 8 - m[4].length, end - 8, m[4]);
      else if (m[5] !== undefined) c.v = text(end - 13 - m[5].length, end - 13, m[5]);
      else if (m[7] !== undefined) {
        c.v = text(end - 8 - m[7].length, end - 8, m[7]);
        const fEnd = end - 8 - m[7].length - 7;
        c.f = text(fEnd - (m[6] as string).length, fEnd, m[6]);
      }
      closeCell(row);
      return end;
    },
    text(text) {
      if (sink === V_SINK) c.v += text;
      else if (sink === F_SINK) c.f += text;
    },
    open(name, attr) {
      switch (name) {
        case 'sheetData':
          inRows = true;
          break;
        case 'row':
          if (inRows) openRow(attr('r'), attr('s'));
          break;
        case 'c':
          if (row) {
            inCell = true;
            c.ref = attr('r');
            c.s = parseInt(attr('s') as string, 10);
            c.t = attr('t');
            c.hasF = c.hasV = false;
            c.f = c.v = '';
            // Text after the previous cell went to that cell's sink, which nothing reads any more.
            sink = NO_SINK;
          }
          break;
        case 'f':
          openText(F_SINK);
          break;
        case 'is':
          if (inCell) inInlineString = true;
          openText(V_SINK);
          break;
        case 'v':
          openText(V_SINK);
          break;
        case 't':
          // A <t> inside <is> is part of the inline string <is> already opened.
          if (!inInlineString) openText(V_SINK);
          break;
        default:
          break;
      }
    },
    close(name) {
      switch (name) {
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
          if (row && inCell) closeCell(row);
          break;
        default:
          break;
      }
    },
  });

  const text = (from: number, to: number, latin1?: string): string => tokenizer.charData(from, to, latin1);

  return {
    write(bytes) {
      tokenizer.write(bytes);
    },
    take() {
      const rows = done;
      done = [];
      return rows;
    },
  };
}
