/**
 * Reads the meta sheet's records (meta-sheet.ts) straight from its zip part, for the zip-level tab write: the same
 * records exceljs' readMeta returns, without loading the workbook. Text cells may be inline (our zip writes) or shared
 * strings (exceljs writes); only the shared strings the meta sheet refers to are picked out of the table, which
 * holds every tab's text.
 */
import { StringDecoder } from 'node:string_decoder';
import type { MetaRecord } from './meta-sheet';
import { xmlDecode } from './workbook-parts';
import { openZipEntry, readZipEntryText, type ZipEntry } from './zip-reader';

interface RawCell {
  col: number;
  shared?: number;
  text?: string;
  /** A number cell (exceljs reads it as a number, and a number is never a record's hash). */
  number?: boolean;
}

function columnOf(ref: string | undefined, fallback: number): number {
  const m = ref ? /^([A-Z]+)\d+$/.exec(ref) : null;
  if (!m) return fallback;
  let n = 0;
  for (const ch of m[1]!) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}

/** The text of <t> runs (phonetic runs left out), entities decoded. */
function runsText(xml: string): string {
  return [...xml.replace(/<rPh\b[\s\S]*?<\/rPh>/g, '').matchAll(/<t\b[^>]*?(?:\/>|>([\s\S]*?)<\/t>)/g)]
    .map((m) => xmlDecode(m[1] ?? ''))
    .join('');
}

/**
 * The meta sheet's records read from its part, resolving only the shared strings it refers to (the table can hold
 * every tab's text). Null when the part is not laid out as a meta sheet is.
 */
export async function readMetaRecords(
  path: string,
  entry: ZipEntry,
  sst: ZipEntry | undefined,
): Promise<MetaRecord[] | null> {
  const xml = await readZipEntryText(path, entry);
  const rows: { n: number; cells: RawCell[] }[] = [];
  let rowNo = 0;
  for (const rm of xml.matchAll(/<row\b([^>]*?)(?:\/>|>([\s\S]*?)<\/row>)/g)) {
    rowNo = Number(/\br="(\d+)"/.exec(rm[1]!)?.[1] ?? rowNo + 1);
    const cells: RawCell[] = [];
    let col = 0;
    for (const cm of (rm[2] ?? '').matchAll(/<c\b([^>]*?)(?:\/>|>([\s\S]*?)<\/c>)/g)) {
      col = columnOf(/\br="([^"]+)"/.exec(cm[1]!)?.[1], col + 1);
      const t = /\bt="(\w+)"/.exec(cm[1]!)?.[1];
      const body = cm[2] ?? '';
      const v = /<v\b[^>]*>([\s\S]*?)<\/v>/.exec(body)?.[1];
      if (t === 's' && v !== undefined) cells.push({ col, shared: Number(v) });
      else if (t === 'inlineStr')
        cells.push({ col, text: runsText(/<is\b[^>]*>([\s\S]*?)<\/is>/.exec(body)?.[1] ?? '') });
      else if (v !== undefined) cells.push({ col, text: xmlDecode(v), number: !t || t === 'n' });
    }
    rows.push({ n: rowNo, cells });
  }
  const wanted = new Set(rows.flatMap((r) => r.cells.flatMap((c) => (c.shared === undefined ? [] : [c.shared]))));
  const strings = wanted.size ? (sst ? await sharedStringsAt(path, sst, wanted) : null) : new Map<number, string>();
  if (!strings || strings.size !== wanted.size) return null;
  const out: MetaRecord[] = [];
  for (const r of rows) {
    if (r.n === 1) continue;
    const cell = (col: number) => r.cells.find((x) => x.col === col);
    const value = (col: number): string | undefined => {
      const c = cell(col);
      return c === undefined ? undefined : c.shared !== undefined ? strings.get(c.shared) : c.text;
    };
    const kind = value(1);
    const contentHash = value(3);
    // meta-sheet.ts readMeta's filter: a record of our kind whose hash is text.
    if ((kind === 'tab' || kind === 'workbook') && contentHash !== undefined && !cell(3)?.number) {
      out.push({
        kind,
        name: value(2) ?? '',
        contentHash,
        rows: Number(value(4) ?? 0),
        writtenAt: value(5) ?? '',
      });
    }
  }
  return out;
}

/** Shared strings at the given indexes, scanning sharedStrings.xml as it inflates and stopping once all are found. */
async function sharedStringsAt(path: string, entry: ZipEntry, wanted: Set<number>): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  const decoder = new StringDecoder('utf8');
  const stream = await openZipEntry(path, entry);
  const si = /<(?:\w+:)?si\b[^>]*?(?:\/>|>([\s\S]*?)<\/(?:\w+:)?si>)/g;
  let buf = '';
  let index = 0;
  try {
    for await (const chunk of stream) {
      buf += decoder.write(chunk as Buffer);
      si.lastIndex = 0;
      let end = 0;
      for (let m = si.exec(buf); m; m = si.exec(buf)) {
        if (wanted.has(index)) found.set(index, runsText(m[1] ?? ''));
        index++;
        end = si.lastIndex;
      }
      buf = buf.slice(end);
      if (found.size === wanted.size) break;
    }
  } finally {
    stream.destroy();
  }
  return found;
}
