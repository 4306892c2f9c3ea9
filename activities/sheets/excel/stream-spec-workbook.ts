/**
 * Writes generated workbooks (count sheets) part by part into a streaming zip, without exceljs' Workbook, Row and
 * Cell objects: at 50,000 lines those held ~300 MB and the whole package was built in memory before the first
 * byte reached the disk. The parts are the ones exceljs 4.4.0 writes for the same specs through addSpecSheet —
 * same sheet XML, shared strings in the same order, same styles, theme, properties and meta sheet — so a person
 * opening the file sees no difference; test/activities/sheets/excel/stream-spec-workbook.test.ts compares the two
 * part by part. Specs using what only exceljs writes here (dates, number formats, hidden columns, passwords) are
 * not `streamable` and stay with exceljs.
 */
import { neutraliseFormulaText } from '../../../domain/sheets/formula-guard';
import type { WritableCell } from '../content-hash';
import { META_SHEET, type MetaRecord } from './meta-sheet';
import type { ColumnSpec, ColumnValidation, SheetSpec } from './sheet-builder';
import { displayWidth } from './sheet-builder';
import { ZipFileWriter } from './zip-writer';

// exceljs' own encoder and theme, so escaping and the theme part cannot drift from what it writes.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { xmlEncode } = require('exceljs/lib/utils/utils') as { xmlEncode(text: string): string };
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const THEME = require('exceljs/lib/xlsx/xml/theme1') as string;

const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
const NS_MAIN = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const NS_PKG_REL = 'http://schemas.openxmlformats.org/package/2006/relationships';
const FLUSH_AT = 64 * 1024;

/** Whether `writeSpecWorkbook` writes these sheets exactly as exceljs would. */
export function streamable(sheets: readonly SheetSpec[]): boolean {
  return sheets.every(
    (s) =>
      s.columns.length > 0 &&
      typeof s.protect !== 'object' &&
      s.columns.every((c) => !c.numFmt && !c.hidden) &&
      s.rows.every((r) => s.columns.every((c) => !(r[c.key] instanceof Date))),
  );
}

/** Column letters of a 1-based column number. */
export function letters(n: number): string {
  let s = '';
  for (; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

/** The cell formats exceljs registers for generated sheets, numbered in the order it first meets them. */
type Font = 'none' | 'title' | 'header';
class Styles {
  private readonly ids = new Map<string, number>([['none|false|false', 0]]);
  private readonly fonts: Font[] = ['none'];
  private readonly list: { font: Font; fill: boolean; unlocked: boolean }[] = [
    { font: 'none', fill: false, unlocked: false },
  ];

  id(font: Font, fill: boolean, unlocked: boolean): number {
    const key = `${font}|${fill}|${unlocked}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.list.length;
      this.ids.set(key, id);
      this.list.push({ font, fill, unlocked });
      if (!this.fonts.includes(font)) this.fonts.push(font);
    }
    return id;
  }

  xml(): string {
    const fontXml = { none: '', title: '<font><b/><sz val="14"/></font>', header: '<font><b/></font>' };
    const fonts = this.fonts
      .map((f) =>
        f === 'none'
          ? '<font><color theme="1"/><family val="2"/><scheme val="minor"/><sz val="11"/><name val="Calibri"/></font>'
          : fontXml[f],
      )
      .join('');
    const filled = this.list.some((s) => s.fill);
    const fills =
      '<fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
      (filled ? '<fill><patternFill patternType="solid"><fgColor rgb="FFE7E6E6"/></patternFill></fill>' : '');
    const xfs = this.list
      .map((s) => {
        const font = this.fonts.indexOf(s.font);
        const attrs =
          `numFmtId="0" fontId="${font}" fillId="${s.fill ? 2 : 0}" borderId="0" xfId="0"` +
          (font ? ' applyFont="1"' : '') +
          (s.fill ? ' applyFill="1"' : '') +
          (s.unlocked ? ' applyProtection="1"' : '');
        return s.unlocked ? `<xf ${attrs}><protection locked="0"/></xf>` : `<xf ${attrs}/>`;
      })
      .join('');
    return (
      `${HEAD}<styleSheet xmlns="${NS_MAIN}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac x16r2" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac" xmlns:x16r2="http://schemas.microsoft.com/office/spreadsheetml/2015/02/main">` +
      `<fonts count="${this.fonts.length}" x14ac:knownFonts="1">${fonts}</fonts><fills count="${filled ? 3 : 2}">${fills}</fills>` +
      '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
      '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
      `<cellXfs count="${this.list.length}">${xfs}</cellXfs>` +
      '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles><dxfs count="0"/>' +
      '<tableStyles count="0" defaultTableStyle="TableStyleMedium2" defaultPivotStyle="PivotStyleLight16"/>' +
      '<extLst><ext uri="{EB79DEF2-80B8-43e5-95BD-54CBDDF9020C}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main"><x14:slicerStyles defaultSlicerStyle="SlicerStyleLight1"/></ext>' +
      '<ext uri="{9260A510-F301-46a8-8635-F512D64BE5F5}" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"><x15:timelineStyles defaultTimelineStyle="TimeSlicerStyleLight1"/></ext></extLst></styleSheet>'
    );
  }
}

/** styles.xml of a workbook exceljs creates before any sheet adds a format. */
export function baseStylesXml(): string {
  return new Styles().xml();
}

/** The shared-string table, indexed in the order strings are first written (as exceljs does). */
class SharedStrings {
  readonly index = new Map<string, number>();
  count = 0;

  id(s: string): number {
    this.count++;
    let i = this.index.get(s);
    if (i === undefined) this.index.set(s, (i = this.index.size));
    return i;
  }

  *xml(): Generator<string> {
    let out = `${HEAD}<sst xmlns="${NS_MAIN}" count="${this.count}" uniqueCount="${this.index.size}">`;
    for (const s of this.index.keys()) {
      out += /^\s|\n|\s$/.test(s)
        ? `<si><t xml:space="preserve">${xmlEncode(s)}</t></si>`
        : `<si><t>${xmlEncode(s)}</t></si>`;
      if (out.length > FLUSH_AT) {
        yield out;
        out = '';
      }
    }
    yield `${out}</sst>`;
  }
}

function validationXml(v: ColumnValidation, sqref: string): string {
  const head = 'allowBlank="1" showErrorMessage="1" errorStyle="stop" errorTitle="输入无效 / Invalid"';
  if (v === 'nonNegativeNumber' || v === 'nonNegativeInteger') {
    const [type, error] =
      v === 'nonNegativeNumber'
        ? ['decimal', '请输入大于或等于 0 的数字 / Enter a number ≥ 0']
        : ['whole', '请输入大于或等于 0 的整数 / Enter a whole number ≥ 0'];
    return `<dataValidation type="${type}" operator="greaterThanOrEqual" ${head} error="${xmlEncode(error)}" sqref="${sqref}"><formula1>0</formula1></dataValidation>`;
  }
  const list = v.list.map((s) => s.replace(/"/g, '""')).join(',');
  return `<dataValidation type="list" ${head} error="请从列表中选择 / Pick a value from the list" sqref="${sqref}"><formula1>${xmlEncode(`"${list}"`)}</formula1></dataValidation>`;
}

interface SheetPlan {
  spec: SheetSpec;
  headerRow: number;
  lastRow: number;
  widths: number[];
}

function planSheet(spec: SheetSpec): SheetPlan {
  const headerRow = spec.title ? 2 : 1;
  const widths = spec.columns.map((c) => {
    if (c.width) return c.width;
    const widest = Math.max(
      displayWidth(c.header),
      ...spec.rows.slice(0, 500).map((r) => displayWidth(r[c.key] ?? null)),
    );
    return Math.min(60, Math.max(8, widest + 2));
  });
  return { spec, headerRow, lastRow: headerRow + spec.rows.length + (spec.spareRows ?? 0), widths };
}

/**
 * The <cols> element as exceljs compresses it: adjacent columns of the same width and style are one element, and a
 * column of its default width (9) without a style is left out (none at all: no element).
 */
export function colsXml(widths: readonly number[], colStyle: readonly number[]): string {
  let out = '';
  for (let i = 0; i < widths.length;) {
    if (widths[i] === 9 && !colStyle[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < widths.length && widths[j + 1] === widths[i] && colStyle[j + 1] === colStyle[i]) j++;
    out += `<col min="${i + 1}" max="${j + 1}" width="${widths[i]}"${colStyle[i] ? ` style="${colStyle[i]}"` : ''} customWidth="1"/>`;
    i = j + 1;
  }
  return out ? `<cols>${out}</cols>` : '';
}

/** A generated sheet's XML, in chunks, registering its strings and styles as exceljs does (columns, then rows). */
function* specSheetXml(plan: SheetPlan, styles: Styles, strings: SharedStrings): Generator<string> {
  const { spec, headerRow, lastRow, widths } = plan;
  const cols = spec.columns;
  const n = cols.length;
  const unlocked = cols.map((c) => c.locked === false);
  const anyUnlocked = unlocked.some(Boolean);
  const colStyle = unlocked.map((u) => (u ? styles.id('none', false, true) : 0));
  const L = cols.map((_, i) => letters(i + 1));
  const lastCol = L[n - 1]!;

  let out =
    `${HEAD}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">` +
    `<dimension ref="A1:${lastCol}${anyUnlocked ? lastRow : headerRow + spec.rows.length}"/>` +
    `<sheetViews><sheetView workbookViewId="0"><pane ySplit="${headerRow}" topLeftCell="A${headerRow + 1}" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft"/></sheetView></sheetViews>` +
    '<sheetFormatPr defaultRowHeight="15" outlineLevelRow="0" outlineLevelCol="0" x14ac:dyDescent="55"/>' +
    colsXml(widths, colStyle) +
    '<sheetData>';

  const text = (s: string) => `t="s"><v>${strings.id(neutraliseFormulaText(s))}</v></c>`;
  const cell = (ref: string, s: number, v: WritableCell): string => {
    const st = s ? ` s="${s}"` : '';
    if (v === null || v === undefined) return s ? `<c r="${ref}"${st}/>` : '';
    if (typeof v === 'string') return `<c r="${ref}"${st} ${text(v)}`;
    if (typeof v === 'boolean') return `<c r="${ref}"${st} t="b"><v>${v ? 1 : 0}</v></c>`;
    return `<c r="${ref}"${st}><v>${xmlEncode(String(v))}</v></c>`;
  };
  if (spec.title) {
    // The merged title shares one style, unlocked when any column under it is (exceljs' column protection).
    const s = styles.id('title', false, n > 1 ? anyUnlocked : unlocked[0]!);
    out += `<row r="1" spans="1:${n}" x14ac:dyDescent="0.25"><c r="A1" s="${s}" ${text(spec.title)}`;
    for (let i = 1; i < n; i++) out += `<c r="${L[i]}1" s="${s}"/>`;
    out += '</row>';
  }
  const rowStyle = styles.id('header', true, false);
  out += `<row r="${headerRow}" spans="1:${n}" s="${rowStyle}" customFormat="1" x14ac:dyDescent="0.25">`;
  for (let i = 0; i < n; i++) {
    out += cell(`${L[i]}${headerRow}`, styles.id('header', true, unlocked[i]!), cols[i]!.header);
  }
  out += '</row>';
  let r = headerRow;
  for (const row of spec.rows) {
    r++;
    out += `<row r="${r}" spans="1:${n}" x14ac:dyDescent="0.25">`;
    for (let i = 0; i < n; i++) out += cell(`${L[i]}${r}`, colStyle[i]!, row[cols[i]!.key] ?? null);
    out += '</row>';
    if (out.length > FLUSH_AT) {
      yield out;
      out = '';
    }
  }
  const first = unlocked.indexOf(true) + 1;
  const last = unlocked.lastIndexOf(true) + 1;
  for (r++; anyUnlocked && r <= lastRow; r++) {
    out += `<row r="${r}" spans="${first}:${last}" x14ac:dyDescent="0.25">`;
    for (let i = first - 1; i < last; i++) if (unlocked[i]) out += `<c r="${L[i]}${r}" s="${colStyle[i]}"/>`;
    out += '</row>';
    if (out.length > FLUSH_AT) {
      yield out;
      out = '';
    }
  }
  out += '</sheetData>';
  if (spec.protect) out += '<sheetProtection sheet="1" formatColumns="0" formatRows="0" sort="0" autoFilter="0"/>';
  if (spec.title && n > 1) out += `<mergeCells count="1"><mergeCell ref="A1:${lastCol}1"/></mergeCells>`;
  const validated = lastRow > headerRow ? cols.flatMap((c, i) => (c.validation ? [{ c, i }] : [])) : [];
  if (validated.length) {
    out += `<dataValidations count="${validated.length}">`;
    for (const { c, i } of validated) {
      out += validationXml(c.validation!, `${L[i]}${headerRow + 1}:${L[i]}${lastRow}`);
    }
    out += '</dataValidations>';
  }
  yield `${out}${PAGE}</worksheet>`;
}

const PAGE =
  '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>' +
  '<pageSetup orientation="portrait" horizontalDpi="4294967295" verticalDpi="4294967295" scale="100" fitToWidth="1" fitToHeight="1"/>';

/** The very hidden meta sheet (meta-sheet.ts) with its one record. */
function metaSheetXml(record: MetaRecord, strings: SharedStrings): string {
  const row = (r: number, values: (string | number)[]) =>
    `<row r="${r}" spans="1:5" x14ac:dyDescent="0.25">` +
    values
      .map((v, i) => {
        const ref = `${letters(i + 1)}${r}`;
        return typeof v === 'number'
          ? `<c r="${ref}"><v>${v}</v></c>`
          : `<c r="${ref}" t="s"><v>${strings.id(v)}</v></c>`;
      })
      .join('') +
    '</row>';
  return (
    `${HEAD}<worksheet xmlns="${NS_MAIN}" xmlns:r="${NS_REL}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x14ac" xmlns:x14ac="http://schemas.microsoft.com/office/spreadsheetml/2009/9/ac">` +
    '<dimension ref="A1:E2"/><sheetFormatPr defaultRowHeight="15" outlineLevelRow="0" outlineLevelCol="0" x14ac:dyDescent="55"/><sheetData>' +
    row(1, ['kind', 'name', 'contentHash', 'rows', 'writtenAt']) +
    row(2, [record.kind, record.name, record.contentHash, record.rows, record.writtenAt]) +
    `</sheetData>${PAGE}</worksheet>`
  );
}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function packageParts(names: string[], created: Date, modified: Date): Record<string, string> {
  const sheetType = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
  const rel = (id: number, type: string, target: string) =>
    `<Relationship Id="rId${id}" Type="${NS_REL}/${type}" Target="${target}"/>`;
  const state = (i: number) => (names[i] === META_SHEET ? 'veryHidden' : 'visible');
  return {
    '[Content_Types].xml':
      `${HEAD}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="${sheetType}.sheet.main+xml"/>` +
      names
        .map(
          (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${sheetType}.worksheet+xml"/>`,
        )
        .join('') +
      `<Override PartName="/xl/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/><Override PartName="/xl/styles.xml" ContentType="${sheetType}.styles+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="${sheetType}.sharedStrings+xml"/><Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`,
    '_rels/.rels':
      `${HEAD}<Relationships xmlns="${NS_PKG_REL}">${rel(1, 'officeDocument', 'xl/workbook.xml')}` +
      `<Relationship Id="rId2" Type="${NS_PKG_REL}/metadata/core-properties" Target="docProps/core.xml"/>${rel(3, 'extended-properties', 'docProps/app.xml')}</Relationships>`,
    'xl/_rels/workbook.xml.rels':
      `${HEAD}<Relationships xmlns="${NS_PKG_REL}">${rel(1, 'styles', 'styles.xml')}${rel(2, 'theme', 'theme/theme1.xml')}${rel(3, 'sharedStrings', 'sharedStrings.xml')}` +
      names.map((_, i) => rel(i + 4, 'worksheet', `worksheets/sheet${i + 1}.xml`)).join('') +
      '</Relationships>',
    'docProps/app.xml':
      `${HEAD}<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><Application>Microsoft Excel</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>` +
      `<HeadingPairs><vt:vector size="2" baseType="variant"><vt:variant><vt:lpstr>Worksheets</vt:lpstr></vt:variant><vt:variant><vt:i4>${names.length}</vt:i4></vt:variant></vt:vector></HeadingPairs>` +
      `<TitlesOfParts><vt:vector size="${names.length}" baseType="lpstr">${names.map((s) => `<vt:lpstr>${xmlEncode(s)}</vt:lpstr>`).join('')}</vt:vector></TitlesOfParts>` +
      '<Company></Company><Manager></Manager><LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged><AppVersion>16.0300</AppVersion></Properties>',
    'docProps/core.xml':
      `${HEAD}<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">` +
      '<dc:creator>aftersales-ops</dc:creator><dc:title></dc:title><dc:subject></dc:subject><dc:description></dc:description><cp:keywords></cp:keywords><cp:category></cp:category><cp:lastModifiedBy>Unknown</cp:lastModifiedBy>' +
      `<dcterms:created xsi:type="dcterms:W3CDTF">${iso(created)}</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">${iso(modified)}</dcterms:modified></cp:coreProperties>`,
    'xl/workbook.xml':
      `${HEAD}<workbook xmlns="${NS_MAIN}" xmlns:r="${NS_REL}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" mc:Ignorable="x15" xmlns:x15="http://schemas.microsoft.com/office/spreadsheetml/2010/11/main"><fileVersion appName="xl" lastEdited="5" lowestEdited="5" rupBuild="9303"/><workbookPr defaultThemeVersion="164011" filterPrivacy="1"/><sheets>` +
      names
        .map((s, i) => `<sheet sheetId="${i + 1}" name="${xmlEncode(s)}" state="${state(i)}" r:id="rId${i + 4}"/>`)
        .join('') +
      '</sheets><calcPr calcId="171027"/></workbook>',
  };
}

/**
 * Writes `sheets` and the meta record as a new xlsx at `path` (which must not exist: the caller writes a temp file
 * and renames it). Memory: one sheet row at a time plus the shared-string table. `created` is the workbook's
 * creation time (exceljs' `wb.created`); `modified` its modification time (exceljs took the clock).
 */
export async function writeSpecWorkbook(
  path: string,
  sheets: readonly SheetSpec[],
  meta: MetaRecord,
  times: { created: Date; modified: Date },
): Promise<void> {
  const styles = new Styles();
  const strings = new SharedStrings();
  const names = [...sheets.map((s) => s.name), META_SHEET];
  const parts = packageParts(names, times.created, times.modified);
  const zip = new ZipFileWriter(path, times.modified);
  try {
    for (const p of ['[Content_Types].xml', '_rels/.rels', 'xl/_rels/workbook.xml.rels']) await zip.add(p, parts[p]!);
    for (const [i, spec] of sheets.entries()) {
      await zip.add(`xl/worksheets/sheet${i + 1}.xml`, specSheetXml(planSheet(spec), styles, strings));
    }
    await zip.add(`xl/worksheets/sheet${sheets.length + 1}.xml`, metaSheetXml(meta, strings));
    await zip.add('xl/sharedStrings.xml', strings.xml());
    await zip.add('xl/theme/theme1.xml', THEME);
    await zip.add('xl/styles.xml', styles.xml());
    for (const p of ['docProps/app.xml', 'docProps/core.xml', 'xl/workbook.xml']) await zip.add(p, parts[p]!);
    await zip.close();
  } catch (err) {
    await zip.abort();
    throw err;
  }
}

export type { ColumnSpec };
