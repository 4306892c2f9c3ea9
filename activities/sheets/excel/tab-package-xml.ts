/**
 * Text patches of the small package parts that name a workbook's sheets, for adding a tab at the zip level
 * (append-tab-zip.ts): workbook.xml, its relationships, [Content_Types].xml, docProps/app.xml and styles.xml. Each
 * patch changes only what a new sheet needs and leaves every other byte as the author wrote it; a part laid out in a
 * way these patches do not recognise returns null, and the caller falls back to the exceljs rewrite.
 */

const NS_REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const SHEET_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';

import { xmlDecode } from './workbook-parts';

// exceljs' own encoder, so text escapes exactly as in the sheets it writes.
// eslint-disable-next-line @typescript-eslint/no-require-imports
export const { xmlEncode: xmlEscape } = require('exceljs/lib/utils/utils') as { xmlEncode(text: string): string };

const SHEET_EL = /<sheet\b[^>]*?(?:\/>|>\s*<\/sheet>)/g;

export interface NewSheetEntry {
  name: string;
  rId: string;
  state?: 'veryHidden';
}

/**
 * Adds <sheet> elements to workbook.xml: `before` (the meta sheet's name, when it has one) keeps the meta sheet
 * last; sheet indexes after the insertion point (defined names' localSheetId, activeTab, firstSheet) move along.
 */
export function addSheetsToWorkbookXml(xml: string, add: readonly NewSheetEntry[], before?: string): string | null {
  const relPrefix = new RegExp(`xmlns:(\\w+)="${NS_REL.replace(/[./]/g, '\\$&')}"`).exec(xml)?.[1];
  const close = xml.indexOf('</sheets>');
  if (!relPrefix || close < 0 || !add.length) return null;
  const sheets = [...xml.matchAll(SHEET_EL)];
  let nextId = Math.max(0, ...sheets.map((m) => Number(/\bsheetId="(\d+)"/.exec(m[0])?.[1] ?? 0))) + 1;
  const els = add
    .map(
      (s) =>
        `<sheet name="${xmlEscape(s.name)}" sheetId="${nextId++}"${s.state ? ` state="${s.state}"` : ''} ${relPrefix}:id="${s.rId}"/>`,
    )
    .join('');
  const at = before === undefined ? -1 : sheets.findIndex((m) => nameOf(m[0]) === before);
  if (at < 0) return xml.slice(0, close) + els + xml.slice(close);
  const pos = sheets[at]!.index!;
  const shift = (s: string) =>
    s.replace(/\b(localSheetId|activeTab|firstSheet)="(\d+)"/g, (m, k: string, n: string) =>
      Number(n) >= at ? `${k}="${Number(n) + add.length}"` : m,
    );
  return shift(xml.slice(0, pos)) + els + shift(xml.slice(pos));
}

function nameOf(sheetEl: string): string | undefined {
  const raw = /\bname="([^"]*)"/.exec(sheetEl)?.[1];
  return raw === undefined ? undefined : xmlDecode(raw);
}

/** Relationship ids not yet used in workbook.xml.rels, one per new sheet. */
export function freeRelIds(rels: string, n: number): string[] {
  const used = new Set([...rels.matchAll(/\bId="([^"]+)"/g)].map((m) => m[1]));
  const out: string[] = [];
  for (let i = 1; out.length < n; i++) if (!used.has(`rId${i}`)) out.push(`rId${i}`);
  return out;
}

/** Adds worksheet relationships (targets relative to xl/, as `worksheets/sheetN.xml`). */
export function addSheetRels(rels: string, add: readonly { rId: string; part: string }[]): string | null {
  const close = rels.lastIndexOf('</Relationships>');
  if (close < 0) return null;
  const els = add
    .map((a) => `<Relationship Id="${a.rId}" Type="${NS_REL}/worksheet" Target="${a.part.replace(/^xl\//, '')}"/>`)
    .join('');
  return rels.slice(0, close) + els + rels.slice(close);
}

export function addSheetContentTypes(types: string, parts: readonly string[]): string | null {
  const close = types.lastIndexOf('</Types>');
  if (close < 0) return null;
  const els = parts.map((p) => `<Override PartName="/${p}" ContentType="${SHEET_TYPE}"/>`).join('');
  return types.slice(0, close) + els + types.slice(close);
}

/**
 * docProps/app.xml lists sheet names when Excel or exceljs wrote it: the new names go in (before the meta sheet's)
 * and the worksheet count goes up. A list this cannot follow (named ranges or charts counted beside the sheets) is
 * dropped rather than left wrong: both elements are optional and Excel rebuilds them on save.
 */
export function addSheetsToAppXml(app: string, names: readonly string[], before?: string): string {
  const titles =
    /<TitlesOfParts>\s*<vt:vector size="(\d+)" baseType="lpstr">([\s\S]*?)<\/vt:vector>\s*<\/TitlesOfParts>/.exec(app);
  if (!titles || !names.length) return app;
  const pairs = /<HeadingPairs>[\s\S]*?<\/HeadingPairs>/.exec(app);
  const counts = pairs ? [...pairs[0].matchAll(/<vt:i4>(\d+)<\/vt:i4>/g)] : [];
  const size = Number(titles[1]);
  if (!pairs || counts.length !== 1 || Number(counts[0]![1]) !== size) {
    return app.replace(/<HeadingPairs>[\s\S]*?<\/HeadingPairs>/, '').replace(titles[0], '');
  }
  const items = names.map((n) => `<vt:lpstr>${xmlEscape(n)}</vt:lpstr>`).join('');
  const metaItem = before === undefined ? -1 : titles[2]!.lastIndexOf(`<vt:lpstr>${xmlEscape(before)}</vt:lpstr>`);
  const list = metaItem < 0 ? titles[2] + items : titles[2]!.slice(0, metaItem) + items + titles[2]!.slice(metaItem);
  const newTitles = `<TitlesOfParts><vt:vector size="${size + names.length}" baseType="lpstr">${list}</vt:vector></TitlesOfParts>`;
  const newPairs = pairs[0].replace(/<vt:i4>\d+<\/vt:i4>/, `<vt:i4>${size + names.length}</vt:i4>`);
  return app.replace(titles[0], newTitles).replace(pairs[0], newPairs);
}

/** Cell formats the new sheet uses, added to styles.xml only when an identical one is not there yet. */
export class StylePatch {
  private xml: string;
  private readonly cache = new Map<string, number>();

  private constructor(xml: string) {
    this.xml = xml;
  }

  /** Null when styles.xml has no unprefixed <fonts> and <cellXfs> lists to extend. */
  static of(xml: string): StylePatch | null {
    return /<fonts\b[^>]*>[\s\S]*?<\/fonts>/.test(xml) && /<cellXfs\b[^>]*>[\s\S]*?<\/cellXfs>/.test(xml)
      ? new StylePatch(xml)
      : null;
  }

  get text(): string {
    return this.xml;
  }

  /** Appends `el` to the list element `list` (updating its count) and returns its index. */
  private append(list: string, itemRe: RegExp, el: string): number {
    const m = new RegExp(`<${list}\\b([^>]*)>([\\s\\S]*?)</${list}>`).exec(this.xml)!;
    const n = [...m[2]!.matchAll(itemRe)].length;
    const attrs = /\bcount="\d+"/.test(m[1]!) ? m[1]!.replace(/\bcount="\d+"/, `count="${n + 1}"`) : m[1]!;
    this.xml = this.xml.replace(m[0], `<${list}${attrs}>${m[2]}${el}</${list}>`);
    return n;
  }

  private boldFont(): number {
    const m = /<fonts\b[^>]*>([\s\S]*?)<\/fonts>/.exec(this.xml)!;
    const fonts = [...m[1]!.matchAll(/<font\b[^>]*?(?:\/>|>[\s\S]*?<\/font>)/g)].map((f) => f[0]);
    const hit = fonts.findIndex((f) => f === '<font><b/></font>');
    return hit >= 0 ? hit : this.append('fonts', /<font\b[^>]*?(?:\/>|>[\s\S]*?<\/font>)/g, '<font><b/></font>');
  }

  private numFmt(code: string): number {
    const existing = [...this.xml.matchAll(/<numFmt\b[^>]*\bnumFmtId="(\d+)"[^>]*\bformatCode="([^"]*)"/g)];
    const hit = existing.find((m) => xmlDecode(m[2]!) === code);
    if (hit) return Number(hit[1]);
    const id = Math.max(163, ...existing.map((m) => Number(m[1]))) + 1;
    const el = `<numFmt numFmtId="${id}" formatCode="${xmlEscape(code)}"/>`;
    if (/<numFmts\b/.test(this.xml)) this.append('numFmts', /<numFmt\b/g, el);
    else this.xml = this.xml.replace(/<fonts\b/, `<numFmts count="1">${el}</numFmts><fonts`);
    return id;
  }

  /** The cellXfs index of a plain cell format with a bold font or a date number format (exceljs' attributes). */
  xf(kind: 'bold' | { date: string }): number {
    const key = kind === 'bold' ? 'bold' : kind.date;
    const cached = this.cache.get(key);
    if (cached !== undefined) return cached;
    const font = kind === 'bold' ? this.boldFont() : 0;
    const fmt = kind === 'bold' ? 0 : this.numFmt(kind.date);
    const want = `<xf numFmtId="${fmt}" fontId="${font}" fillId="0" borderId="0" xfId="0" ${kind === 'bold' ? 'applyFont="1"' : 'applyNumberFormat="1"'}/>`;
    const list = /<cellXfs\b[^>]*>([\s\S]*?)<\/cellXfs>/.exec(this.xml)!;
    const xfRe = /<xf\b[^>]*?(?:\/>|>[\s\S]*?<\/xf>)/g;
    const hit = [...list[1]!.matchAll(xfRe)].findIndex((m) => m[0] === want);
    const id = hit >= 0 ? hit : this.append('cellXfs', xfRe, want);
    this.cache.set(key, id);
    return id;
  }
}
