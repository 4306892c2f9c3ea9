/**
 * The sheet reader turns worksheet XML into cells itself (saxes straight into RawRow cells) instead of through
 * exceljs' WorksheetReader and its Row/Cell objects. It must give exactly what exceljs (as patched) followed by
 * `toCellValue` gave: compared here row by row against that reference on every workbook of the corpus (LibreOffice-
 * and Excel-authored) and on a package of hand-written XML full of the corners: row and cell styles with date
 * formats, shared and inline rich strings, double-escaped text, errors, booleans, shared formulas, cached results,
 * pretty-printed XML, CDATA, repeated cell references, trailing empty cells, merges, and both date systems.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type ExcelJS from 'exceljs';
import { afterAll, describe, expect, it } from 'vitest';
import { toCellValue } from '../../../../activities/sheets/excel/cell-value';
import { createSheetXmlRows } from '../../../../activities/sheets/excel/sheet-xml-rows';
import {
  loadWorkbookParts,
  MergeFiller,
  streamSheetRows,
  type WorkbookParts,
} from '../../../../activities/sheets/excel/stream-rows';
import { assertExcelUtf8Safe } from '../../../../activities/sheets/excel/utf8-guard';
import { readWorkbookStructure, scanMergeRanges } from '../../../../activities/sheets/excel/workbook-parts';
import { openZipEntry, type ZipEntry } from '../../../../activities/sheets/excel/zip-reader';
import type { RawRow } from '../../../../activities/sheets/types';
import type { CellValue } from '../../../../domain/sheets/cell-value';
import { writeRawZip } from '../../../support/raw-xlsx';

const dir = mkdtempSync(join(tmpdir(), 'sheet-xml-rows-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The reader as it was: exceljs' streaming WorksheetReader, then toCellValue on each cell eachCell visits. */
async function referenceRows(path: string, entries: ZipEntry[], part: string, date1904: boolean): Promise<RawRow[]> {
  const byName = new Map(entries.map((e) => [e.name, e]));
  const reader = (await loadWorkbookParts(path, entries)) as WorkbookParts & {
    _parseWorksheet(
      iterator: AsyncIterable<unknown>,
      sheetNo: string,
    ): Generator<{ value: AsyncIterable<ExcelJS.Row> }>;
  };
  const merges = await scanMergeRanges(path, byName.get(part)!);
  const filler = merges.length ? new MergeFiller(merges) : null;
  const out: RawRow[] = [];
  const stream = await openZipEntry(path, byName.get(part)!);
  for (const { value: sheet } of reader._parseWorksheet(stream, /(\d+)\.xml$/.exec(part)?.[1] ?? '1')) {
    for await (const row of sheet) {
      const cells: CellValue[] = [];
      row.eachCell({ includeEmpty: false }, (cell, col) => {
        cells[col - 1] = toCellValue(cell.value, cell.numFmt, date1904);
      });
      filler?.apply(row.number, cells);
      for (let i = 0; i < cells.length; i++) if (cells[i] === undefined) cells[i] = null;
      out.push({ rowNumber: row.number, cells });
    }
  }
  return out;
}

async function compareAllSheets(path: string): Promise<number> {
  await assertExcelUtf8Safe();
  const structure = await readWorkbookStructure(path);
  let rows = 0;
  for (const sheet of structure.sheets.filter((s) => s.type === 'worksheet')) {
    const entry = structure.entries.find((e) => e.name === sheet.part)!;
    const opts = {
      entries: structure.entries,
      part: sheet.part,
      merges: await scanMergeRanges(path, entry),
      date1904: structure.date1904,
    };
    const got: RawRow[] = [];
    for await (const r of streamSheetRows(path, opts)) got.push(r);
    const want = await referenceRows(path, structure.entries, sheet.part, structure.date1904);
    expect(got, `${path} › ${sheet.name}`).toEqual(want);
    rows += got.length;
  }
  return rows;
}

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const RNS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

/** A package of hand-written XML: every case the reader distinguishes, in one sheet. */
function writeCornerCases(path: string, date1904: boolean): void {
  const rows = [
    // Row style with a date format: unstyled and style-0 cells take it, a cell's own style replaces it.
    `<row r="1" s="1" customFormat="1"><c r="A1"><v>46000</v></c><c r="B1" s="0"><v>46000.25</v></c><c r="C1" s="3"><v>46000.5</v></c><c r="D1" s="9"><v>46000</v></c></row>`,
    // Shared strings: plain, rich, escaped, empty, out of range; inline rich text with a phonetic run.
    `<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c><c r="C2" t="s"><v>2</v></c><c r="D2" t="s"><v>3</v></c><c r="E2" t="s"><v>99</v></c><c r="F2" t="inlineStr"><is><r><rPr><b/></rPr><t>粗</t></r><r><t xml:space="preserve"> 体</t></r><rPh sb="0" eb="1"><t>cu</t></rPh></is></c></row>`,
    // Text formulas and plain str: entities decoded twice (as exceljs does), _xHHHH_ escapes, character references.
    `<row r="3"><c r="A3" t="str"><v>&amp;lt;b&amp;gt; &amp;amp; &#20013;&#x6587;</v></c><c r="B3" t="str"><f>A3&amp;""</f><v>行_x000D_一</v></c><c r="C3" t="inlineStr"><is><t>a_x005F_x000D_b</t></is></c><c r="D3" t="str"><v></v></c></row>`,
    // Errors and booleans, plain and as cached formula results.
    `<row r="4"><c r="A4" t="e"><v>#DIV/0!</v></c><c r="B4" t="e"><v/></c><c r="C4" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="D4" t="b"><v>1</v></c><c r="E4" t="b"><v>0</v></c><c r="F4" t="b"><f>TRUE()</f><v>1</v></c><c r="G4" t="b"><v></v></c></row>`,
    // Shared formula master and child in a date style, a formula without a cached value, a NaN result, zero.
    `<row r="5"><c r="A5" s="2"><f t="shared" ref="A5:B5" si="0">C5+1</f><v>46001</v></c><c r="B5" s="2"><f t="shared" si="0"/><v>46002</v></c><c r="C5"><f>D5</f></c><c r="D5"><f>x</f><v>abc</v></c><c r="E5"><f>0</f><v>0</v></c><c r="F5" t="n"><v>1.5e3</v></c><c r="G5" t="d"><v>2026-01-02</v></c><c r="H5"><v>abc</v></c></row>`,
    // Pretty-printed: whitespace after </v> belongs to the value exceljs read; CDATA and comments are not text.
    `<row r="6">\n  <c r="A6" t="str">\n    <v>x</v>\n  </c>\n  <c r="B6" t="str"><v><![CDATA[cdata]]>t<!-- note --></v></c>\n  <c r="C6"><v> 12 </v>\n</c>\n</row>`,
    // Cells out of order, a repeated reference (with and without a value), trailing empty styled cells.
    `<row r="7"><c r="C7"><v>3</v></c><c r="A7"><v>1</v></c><c r="A7" s="3"/><c r="B7"><v>2</v></c><c r="B7"><v>22</v></c><c r="D7" t="s"><v>99</v></c><c r="Z7" s="2"/></row>`,
    `<row r="8"/>`,
    // A merged block whose top-left holds a value, wide columns.
    `<row r="9"><c r="A9" t="s"><v>0</v></c><c r="AA9"><v>27</v></c><c r="AZ9"><v>52</v></c></row><row r="10"><c r="C10"><v>1</v></c></row>`,
    // Row styles: "0" is a style too; an unknown style id keeps the row's.
    `<row r="11" s="0"><c r="A11"><v>46000</v></c></row><row r="12" s="2"><c r="A12" s="77"><v>46000</v></c><c r="B12" s="4"><v>46000</v></c></row>`,
  ].join('');
  const styles =
    `<styleSheet xmlns="${NS}"><numFmts count="3"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/><numFmt numFmtId="165" formatCode="0.00"/><numFmt numFmtId="166" formatCode="[Red]&quot;D&quot;0"/></numFmts>` +
    `<fonts count="1"><font><sz val="11"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>` +
    `<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="5">` +
    `<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
    `<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>` +
    `<xf numFmtId="166" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs></styleSheet>`;
  const strings =
    `<sst xmlns="${NS}" count="4" uniqueCount="4"><si><t>新件库</t></si><si><r><rPr><i/></rPr><t>斜</t></r><r><t>正_x000D_文</t></r></si>` +
    `<si><t>&lt;tag&gt; &amp;amp;</t></si><si><t/></si></sst>`;
  writeRawZip(path, {
    '[Content_Types].xml': `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
    '_rels/.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RNS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    'xl/workbook.xml': `<workbook xmlns="${NS}" xmlns:r="${RNS}"><workbookPr${date1904 ? ' date1904="1"' : ''}/><sheets><sheet name="角落" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${RNS}/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="${RNS}/styles" Target="styles.xml"/><Relationship Id="rId3" Type="${RNS}/sharedStrings" Target="sharedStrings.xml"/></Relationships>`,
    'xl/styles.xml': styles,
    'xl/sharedStrings.xml': strings,
    'xl/worksheets/sheet1.xml': `<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns="${NS}" xmlns:r="${RNS}"><sheetData>${rows}</sheetData><mergeCells count="1"><mergeCell ref="A9:B10"/></mergeCells></worksheet>`,
  });
}

describe('sheet XML straight to cells, exactly as exceljs read them', () => {
  it.each([false, true])('hand-written corner cases (date1904 %s)', async (date1904) => {
    const path = join(dir, `corners-${date1904}.xlsx`);
    writeCornerCases(path, date1904);
    expect(await compareAllSheets(path)).toBe(12);
  });

  it('gives the same rows however the sheet part is cut into chunks (fast path and tokenizer meet anywhere)', async () => {
    const path = join(dir, 'corners-chunks.xlsx');
    writeCornerCases(path, false);
    await assertExcelUtf8Safe();
    const structure = await readWorkbookStructure(path);
    const entry = structure.entries.find((e) => e.name === 'xl/worksheets/sheet1.xml')!;
    const parts = await loadWorkbookParts(path, structure.entries);
    const chunks: Buffer[] = [];
    for await (const c of await openZipEntry(path, entry)) chunks.push(c as Buffer);
    const xml = Buffer.concat(chunks);
    const read = (pieces: Buffer[]) => {
      const rows = createSheetXmlRows({
        sharedStrings: parts.sharedStrings ?? [],
        styles: parts.styles,
        excelDate1904: parts.properties?.model?.date1904,
        date1904: false,
      });
      const out = [];
      for (const p of pieces) {
        rows.write(p);
        out.push(...rows.take());
      }
      return out;
    };
    const whole = read([xml]);
    expect(whole).toHaveLength(12);
    expect(read(Array.from(xml, (_, i) => xml.subarray(i, i + 1)))).toEqual(whole);
    for (let i = 1; i < xml.length; i++)
      expect(read([xml.subarray(0, i), xml.subarray(i)]), `cut at ${i}`).toEqual(whole);
  });

  it('every workbook of the corpus, sheet by sheet', async () => {
    const corpus = [
      join(__dirname, '../../../fixtures/workbooks'),
      join(__dirname, '../../../fixtures/sheets/libreoffice'),
    ];
    let rows = 0;
    let files = 0;
    for (const folder of corpus) {
      for (const name of readdirSync(folder).filter((n) => n.endsWith('.xlsx'))) {
        rows += await compareAllSheets(join(folder, name));
        files++;
      }
    }
    expect(files).toBeGreaterThanOrEqual(14);
    expect(rows).toBeGreaterThan(100);
  });
});
