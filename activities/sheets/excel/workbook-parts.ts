/**
 * Reads workbook structure straight from the xlsx package: sheet names/visibility and their part names, merged
 * ranges of a sheet (which sit after all rows in the sheet XML, so a streaming reader sees them too late), and the
 * parts exceljs cannot write back without loss.
 */
import { listZipEntries, openZipEntry, readZipEntryText, type ZipEntry } from './zip-reader';

export interface SheetInfo {
  name: string;
  state: 'visible' | 'hidden' | 'veryHidden';
  /** Zip part of the sheet, e.g. "xl/worksheets/sheet1.xml". */
  part: string;
  /** A grid of cells, or a chart/dialog/macro sheet that has no rows to read. */
  type: 'worksheet' | 'chart' | 'other';
}

export interface WorkbookStructure {
  entries: ZipEntry[];
  sheets: SheetInfo[];
  /** Workbook uses the 1904 date system (old Mac Excel). */
  date1904: boolean;
}

export function xmlDecode(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi, (_m, e: string) => {
    const k = e.toLowerCase();
    if (k === 'amp') return '&';
    if (k === 'lt') return '<';
    if (k === 'gt') return '>';
    if (k === 'quot') return '"';
    if (k === 'apos') return "'";
    return String.fromCodePoint(k.startsWith('#x') ? parseInt(k.slice(2), 16) : parseInt(k.slice(1), 10));
  });
}

function attributes(tag: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*"([^"]*)"/g)) out.set(m[1] as string, xmlDecode(m[2] as string));
  for (const m of tag.matchAll(/([\w:.-]+)\s*=\s*'([^']*)'/g)) out.set(m[1] as string, xmlDecode(m[2] as string));
  return out;
}

function resolveTarget(target: string): string {
  const t = target.replace(/\\/g, '/');
  if (t.startsWith('/')) return t.slice(1);
  const parts = ['xl'];
  for (const seg of t.split('/')) {
    if (seg === '..') parts.pop();
    else if (seg !== '.' && seg !== '') parts.push(seg);
  }
  return parts.join('/');
}

export async function readWorkbookStructure(path: string): Promise<WorkbookStructure> {
  const entries = await listZipEntries(path);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const wb = byName.get('xl/workbook.xml');
  const rels = byName.get('xl/_rels/workbook.xml.rels');
  if (!wb || !rels) return { entries, sheets: [], date1904: false };
  const targets = new Map<string, string>();
  for (const m of (await readZipEntryText(path, rels)).matchAll(/<(?:\w+:)?Relationship\b([^>]*)>/g)) {
    const a = attributes(m[1] as string);
    const id = a.get('Id');
    const target = a.get('Target');
    if (id && target) targets.set(id, resolveTarget(target));
  }
  const sheets: SheetInfo[] = [];
  const workbookXml = await readZipEntryText(path, wb);
  const date1904 = /<(?:\w+:)?workbookPr\b[^>]*\bdate1904\s*=\s*["'](1|true)["']/.test(workbookXml);
  for (const m of workbookXml.matchAll(/<(?:\w+:)?sheet\b([^>]*)>/g)) {
    const a = attributes(m[1] as string);
    const relId = [...a.entries()].find(([k]) => k === 'r:id' || k.endsWith(':id'))?.[1];
    const part = relId ? targets.get(relId) : undefined;
    const name = a.get('name');
    if (!name || !part) continue;
    const state = a.get('state');
    const type = /^xl\/worksheets\//.test(part) ? 'worksheet' : /^xl\/chartsheets\//.test(part) ? 'chart' : 'other';
    sheets.push({ name, part, type, state: state === 'hidden' || state === 'veryHidden' ? state : 'visible' });
  }
  return { entries, sheets, date1904 };
}

export interface MergeRange {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

function decodeCell(ref: string): { row: number; col: number } | null {
  const m = /^\$?([A-Z]{1,3})\$?(\d+)$/.exec(ref.toUpperCase());
  if (!m) return null;
  let col = 0;
  for (const ch of m[1] as string) col = col * 26 + (ch.charCodeAt(0) - 64);
  return { row: Number(m[2]), col: col - 1 };
}

/** Parses "A1:C3" into 1-based rows and 0-based columns (matching RawRow cell indexes). */
export function parseRange(ref: string): MergeRange | null {
  const [a, b = a] = ref.split(':');
  const tl = a ? decodeCell(a) : null;
  const br = b ? decodeCell(b) : null;
  if (!tl || !br) return null;
  return { top: tl.row, left: tl.col, bottom: br.row, right: br.col };
}

const NEEDLE = Buffer.from('mergeCell ');

/**
 * Collects `<mergeCell ref="…"/>` ranges of one sheet part by scanning the inflated bytes (no XML parse), keeping
 * a small tail across chunk boundaries so no element is split.
 */
export async function scanMergeRanges(path: string, entry: ZipEntry): Promise<MergeRange[]> {
  const out: MergeRange[] = [];
  let carry = Buffer.alloc(0);
  for await (const chunk of await openZipEntry(path, entry)) {
    const buf = carry.length ? Buffer.concat([carry, chunk as Buffer]) : (chunk as Buffer);
    let from = 0;
    let cut = Math.max(0, buf.length - 128);
    for (;;) {
      const at = buf.indexOf(NEEDLE, from);
      if (at < 0) break;
      const end = buf.indexOf(0x3e /* > */, at);
      if (end < 0) {
        cut = Math.min(cut, at);
        break;
      }
      const ref = /\bref\s*=\s*["']([^"']+)["']/.exec(buf.toString('latin1', at, end));
      const range = ref ? parseRange(ref[1] as string) : null;
      if (range) out.push(range);
      from = end + 1;
      if (from > cut) cut = from;
    }
    carry = Buffer.from(buf.subarray(Math.max(cut, from)));
  }
  return out;
}

// Parts exceljs drops or mangles when it loads and re-saves a workbook.
const LOSSY_PARTS =
  /^(xl\/(charts|chartsheets|pivotTables|pivotCache|slicers|slicerCaches|timelines|timelineCaches|externalLinks|ctrlProps|activeX|embeddings|threadedComments|persons|model|queryTables|customData|drawings|tables)\/|xl\/vbaProject\.bin$|xl\/connections\.xml$|customXml\/)/;

/**
 * Why rewriting this workbook with exceljs could lose something (charts, pivots, macros, drawings, tables, sheet
 * extensions such as cross-sheet validation lists or sparklines). Empty when a rewrite is safe.
 */
export async function rewriteRisks(path: string, structure: WorkbookStructure): Promise<string[]> {
  const risks = new Set<string>();
  for (const e of structure.entries) {
    const m = LOSSY_PARTS.exec(e.name);
    if (m) risks.add(m[2] ?? m[1] ?? e.name);
  }
  const sheetParts = new Set(structure.sheets.map((s) => s.part));
  for (const e of structure.entries) {
    if (!sheetParts.has(e.name)) continue;
    let tail = '';
    for await (const chunk of await openZipEntry(path, e)) {
      const text = tail + (chunk as Buffer).toString('latin1');
      if (text.includes('<extLst')) risks.add(`extensions in ${e.name}`);
      tail = text.slice(-8);
    }
  }
  return [...risks];
}
