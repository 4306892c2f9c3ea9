/**
 * The XML of a result tab and of the meta sheet, generated row by row for the zip-level tab write
 * (append-tab-zip.ts). The sheet is laid out as exceljs lays out what addTableSheet builds — frozen header row in
 * bold, the same column widths, dates as serial numbers with a date format — but text is written inline
 * (`t="inlineStr"`), so the workbook's shared-string table is copied unchanged instead of being rewritten.
 */
import { neutraliseFormulaText } from '../../../domain/sheets/formula-guard';
import type { WritableCell } from '../content-hash';
import { META_SHEET_HEADER, type MetaRecord } from './meta-sheet';
import { displayWidth } from './sheet-builder';
import { colsXml, letters } from './stream-spec-workbook';
import { xmlEscape } from './tab-package-xml';

const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const OPEN = `${HEAD}<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">`;
const FORMAT = '<sheetFormatPr defaultRowHeight="15" outlineLevelRow="0" outlineLevelCol="0" x14ac:dyDescent="55"/>';
const PAGE =
  '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
  '<pageSetup orientation="portrait" horizontalDpi="4294967295" verticalDpi="4294967295" scale="100" fitToWidth="1" fitToHeight="1"/>';
const FLUSH_AT = 64 * 1024;

export interface TableStyles {
  /** cellXfs index of the bold header format. */
  bold: number;
  /** cellXfs index of a date format ('yyyy-mm-dd' or 'yyyy-mm-dd hh:mm'). */
  date(format: string): number;
  /** The target workbook counts dates from 1904. */
  date1904: boolean;
}

function inline(ref: string, s: string, text: string): string {
  const space = /^\s|\n|\s$/.test(text) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}"${s} t="inlineStr"><is><t${space}>${xmlEscape(text)}</t></is></c>`;
}

function dateFormat(d: Date): string {
  return d.getUTCHours() || d.getUTCMinutes() || d.getUTCSeconds() ? 'yyyy-mm-dd hh:mm' : 'yyyy-mm-dd';
}

function cellXml(ref: string, style: number, v: WritableCell, styles: TableStyles): string {
  const s = style ? ` s="${style}"` : '';
  // Empty text is left blank: the streaming reader then reads null, as it does exceljs' empty shared string (exceljs
  // itself reads '' there and null here; Excel and LibreOffice show both as empty).
  if (v === null || v === undefined || v === '') return style ? `<c r="${ref}"${s}/>` : '';
  if (typeof v === 'string') return inline(ref, s, neutraliseFormulaText(v));
  if (typeof v === 'boolean') return `<c r="${ref}"${s} t="b"><v>${v ? 1 : 0}</v></c>`;
  if (v instanceof Date) {
    // exceljs' dateToExcel: days since 1899-12-30 (or 1904-01-01) of the UTC wall clock.
    const serial = 25569 + v.getTime() / 86_400_000 - (styles.date1904 ? 1462 : 0);
    return `<c r="${ref}" s="${styles.date(dateFormat(v))}"><v>${serial}</v></c>`;
  }
  return `<c r="${ref}"${s}><v>${xmlEscape(String(v))}</v></c>`;
}

/** Column widths as addTableSheet sets them: widest of the header and the first 500 rows, 8 to 60 characters. */
function widthsOf(header: readonly string[], rows: readonly (readonly WritableCell[])[]): number[] {
  const widths = header.map((h) => displayWidth(h));
  rows.slice(0, 500).forEach((r) =>
    r.forEach((v, ci) => {
      widths[ci] = Math.max(widths[ci] ?? 0, displayWidth(v));
    }),
  );
  return Array.from(widths, (w) => Math.min(60, Math.max(8, (w ?? 0) + 2)));
}

/** A result tab's sheet XML in chunks: header row frozen and bold, then one <row> per data row. */
export function* tableSheetXml(
  header: readonly string[],
  rows: readonly (readonly WritableCell[])[],
  styles: TableStyles,
): Generator<string> {
  const widths = widthsOf(header, rows);
  const n = Math.max(1, widths.length);
  const L = Array.from({ length: n }, (_, i) => letters(i + 1));
  let out =
    OPEN +
    `<dimension ref="A1:${L[n - 1]}${rows.length + 1}"/>` +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/></sheetView></sheetViews>' +
    FORMAT +
    colsXml(
      widths,
      widths.map(() => 0),
    ) +
    '<sheetData>';
  out += `<row r="1" spans="1:${header.length}" s="${styles.bold}" customFormat="1" x14ac:dyDescent="0.25">`;
  header.forEach((h, i) => {
    out += cellXml(`${L[i]}1`, styles.bold, h, styles);
  });
  out += '</row>';
  let r = 1;
  for (const row of rows) {
    r++;
    out += `<row r="${r}" spans="1:${Math.max(1, row.length)}" x14ac:dyDescent="0.25">`;
    for (let i = 0; i < row.length; i++) out += cellXml(`${L[i] ?? letters(i + 1)}${r}`, 0, row[i]!, styles);
    out += '</row>';
    if (out.length > FLUSH_AT) {
      yield out;
      out = '';
    }
  }
  yield `${out}</sheetData>${PAGE}</worksheet>`;
}

/** The very hidden meta sheet (meta-sheet.ts) with all its records, text inline. */
export function metaSheetXml(records: readonly MetaRecord[]): string {
  // Written as upsertMeta writes them: no formula guard (a tab named "=x" must read back as "=x").
  const row = (r: number, values: readonly (string | number)[]) =>
    `<row r="${r}" spans="1:5" x14ac:dyDescent="0.25">` +
    values
      .map((v, i) =>
        typeof v === 'number' ? `<c r="${letters(i + 1)}${r}"><v>${v}</v></c>` : inline(`${letters(i + 1)}${r}`, '', v),
      )
      .join('') +
    '</row>';
  return (
    OPEN +
    `<dimension ref="A1:E${records.length + 1}"/>${FORMAT}<sheetData>` +
    row(1, META_SHEET_HEADER) +
    records.map((m, i) => row(i + 2, [m.kind, m.name, m.contentHash, m.rows, m.writtenAt])).join('') +
    `</sheetData>${PAGE}</worksheet>`
  );
}
