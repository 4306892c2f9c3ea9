/**
 * Adds (or replaces) one result tab of a workbook at the zip level, without loading the workbook into exceljs: every
 * part the tab does not concern is copied as stored (compressed bytes unchanged, never inflated), the few parts that
 * name sheets are patched as text (tab-package-xml.ts), the new sheet is generated row by row (table-sheet-xml.ts),
 * and the meta sheet is rewritten with its upserted record. Memory is the table's rows plus small parts, whatever
 * the size of the tabs already there: a workbook collecting a tab per month cost a full exceljs load per month.
 *
 * What this path does not take (`fallback`, and write-result-tab.ts then uses the exceljs rewrite): a workbook
 * missing [Content_Types].xml, xl/workbook.xml, its relationships or xl/styles.xml; strict OOXML (purl.oclc.org
 * namespaces); workbook or styles parts whose sheet list or formats are prefixed or otherwise not recognised; a
 * sheet listed without a part; a meta sheet whose records cannot be read; replacing our tab when someone attached
 * relationships to it (comments, drawings).
 */
import { META_SHEET, type MetaRecord } from './meta-sheet';
import { baseStylesXml, packageParts, THEME } from './stream-spec-workbook';
import type { WritableCell } from '../content-hash';
import { metaSheetXml, tableSheetXml } from './table-sheet-xml';
import {
  addSheetContentTypes,
  addSheetRels,
  addSheetsToAppXml,
  addSheetsToWorkbookXml,
  freeRelIds,
  StylePatch,
  type NewSheetEntry,
} from './tab-package-xml';
import { readMetaRecords } from './meta-records-zip';
import { readWorkbookStructure, type SheetInfo } from './workbook-parts';
import { openZipEntryRaw, readZipEntryText, type ZipEntry } from './zip-reader';
import { ZipFileWriter } from './zip-writer';

const PATCHED = ['[Content_Types].xml', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml'] as const;
const APP = 'docProps/app.xml';

export interface TabPackage {
  /** The workbook read, or null for a new one (its parts are all in `texts`). */
  path: string | null;
  entries: ZipEntry[];
  sheets: SheetInfo[];
  date1904: boolean;
  /** Parts held as text: the ones a new tab patches (all parts of a new workbook). */
  texts: Map<string, string>;
  meta: MetaRecord[];
  metaPart: string | null;
}

export type OpenTabPackage = { pkg: TabPackage } | { fallback: string };

/** Reads what a tab write needs from an existing workbook, or says why the zip path cannot take it. */
export async function openTabPackage(path: string): Promise<OpenTabPackage> {
  const structure = await readWorkbookStructure(path);
  const byName = new Map(structure.entries.map((e) => [e.name, e]));
  const texts = new Map<string, string>();
  for (const name of [...PATCHED, APP]) {
    const e = byName.get(name);
    if (e) texts.set(name, await readZipEntryText(path, e));
    else if (name !== APP) return { fallback: `no ${name}` };
  }
  const wb = texts.get('xl/workbook.xml')!;
  if (/purl\.oclc\.org\/ooxml/.test(wb)) return { fallback: 'strict OOXML' };
  if (!/<\/sheets>/.test(wb)) return { fallback: 'sheet list not recognised in xl/workbook.xml' };
  if ([...wb.matchAll(/<sheet\b/g)].length !== structure.sheets.length) return { fallback: 'a sheet without a part' };
  if (!StylePatch.of(texts.get('xl/styles.xml')!)) return { fallback: 'formats not recognised in xl/styles.xml' };
  // The patches writeTabPackage will make, tried now: a part they cannot patch goes to the fallback here, before
  // anything is written, rather than failing the write.
  const probe = [{ name: 'probe', rId: 'rIdProbe', part: 'xl/worksheets/probe.xml' }];
  if (
    addSheetsToWorkbookXml(wb, probe) === null ||
    addSheetRels(texts.get('xl/_rels/workbook.xml.rels')!, probe) === null ||
    addSheetContentTypes(texts.get('[Content_Types].xml')!, [probe[0]!.part]) === null
  ) {
    return { fallback: 'a sheet-naming part (workbook, its relationships, content types) cannot be patched' };
  }
  const metaSheet = structure.sheets.find((s) => s.name === META_SHEET);
  let meta: MetaRecord[] = [];
  if (metaSheet) {
    const entry = byName.get(metaSheet.part);
    const records = entry ? await readMetaRecords(path, entry, byName.get('xl/sharedStrings.xml')) : null;
    if (!records) return { fallback: `meta sheet ${metaSheet.part} not readable` };
    meta = records;
  }
  return {
    pkg: {
      path,
      entries: structure.entries,
      sheets: structure.sheets,
      date1904: structure.date1904,
      texts,
      meta,
      metaPart: metaSheet?.part ?? null,
    },
  };
}

/** A workbook that does not exist yet: the parts exceljs writes for an empty one, sheets still to be added. */
export function newTabPackage(created: Date): TabPackage {
  const parts = packageParts([], created, created);
  const texts = new Map<string, string>([
    ['[Content_Types].xml', parts['[Content_Types].xml']!],
    ['_rels/.rels', parts['_rels/.rels']!],
    ['xl/_rels/workbook.xml.rels', parts['xl/_rels/workbook.xml.rels']!],
    ['xl/workbook.xml', parts['xl/workbook.xml']!],
    [
      'xl/sharedStrings.xml',
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="0" uniqueCount="0"></sst>',
    ],
    ['xl/theme/theme1.xml', THEME],
    ['xl/styles.xml', baseStylesXml()],
    ['docProps/app.xml', parts['docProps/app.xml']!],
    ['docProps/core.xml', parts['docProps/core.xml']!],
  ]);
  return { path: null, entries: [], sheets: [], date1904: false, texts, meta: [], metaPart: null };
}

/** Why replacing `tab` at the zip level is not possible (relationships hang off its part), or null. */
export function replaceBlocker(pkg: TabPackage, tab: string): string | null {
  const sheet = pkg.sheets.find((s) => s.name === tab);
  if (!sheet) return null;
  if (sheet.type !== 'worksheet') return `"${tab}" is not a worksheet`;
  const rels = sheet.part.replace(/([^/]+)$/, '_rels/$1.rels');
  return pkg.entries.some((e) => e.name === rels) ? `"${tab}" has relationships (${rels})` : null;
}

export interface TabWrite {
  tab: string;
  header: readonly string[];
  rows: readonly (readonly WritableCell[])[];
  record: MetaRecord;
  now: Date;
}

function freePart(taken: Set<string>): string {
  for (let i = 1; ; i++) {
    const p = `xl/worksheets/sheet${i}.xml`;
    if (!taken.has(p)) {
      taken.add(p);
      return p;
    }
  }
}

/** Writes the workbook with the tab and meta record to `tmp` (a new file). Throws when a part cannot be patched. */
export async function writeTabPackage(pkg: TabPackage, tmp: string, w: TabWrite): Promise<void> {
  const texts = new Map(pkg.texts);
  const taken = new Set([...pkg.entries.map((e) => e.name), ...texts.keys()]);
  const existing = pkg.sheets.find((s) => s.name === w.tab);
  const tabPart = existing?.part ?? freePart(taken);
  const metaPart = pkg.metaPart ?? freePart(taken);
  const records = [...pkg.meta.filter((m) => !(m.kind === w.record.kind && m.name === w.record.name)), w.record];

  const added: (NewSheetEntry & { part: string })[] = [];
  if (!existing) added.push({ name: w.tab, part: tabPart, rId: '' });
  if (!pkg.metaPart) added.push({ name: META_SHEET, part: metaPart, rId: '', state: 'veryHidden' });
  if (added.length) {
    const ids = freeRelIds(texts.get('xl/_rels/workbook.xml.rels')!, added.length);
    added.forEach((a, i) => (a.rId = ids[i]!));
    const before = pkg.metaPart ? META_SHEET : undefined;
    const patch = (name: string, f: (text: string) => string | null) => {
      const out = f(texts.get(name)!);
      // Unreachable for a package openTabPackage accepted (it tries these patches first).
      if (out === null) throw new Error(`${name}: cannot add a sheet to this part`);
      texts.set(name, out);
    };
    patch('xl/workbook.xml', (t) => addSheetsToWorkbookXml(t, added, before));
    patch('xl/_rels/workbook.xml.rels', (t) => addSheetRels(t, added));
    patch('[Content_Types].xml', (t) =>
      addSheetContentTypes(
        t,
        added.map((a) => a.part),
      ),
    );
    if (texts.has(APP)) {
      patch(APP, (t) =>
        addSheetsToAppXml(
          t,
          added.map((a) => a.name),
          before,
        ),
      );
    }
  }
  const styles = StylePatch.of(texts.get('xl/styles.xml')!)!;
  const bold = styles.xf('bold');
  const dateXf = new Map<string, number>();
  for (const row of w.rows) {
    for (const v of row) {
      if (!(v instanceof Date)) continue;
      const f = v.getUTCHours() || v.getUTCMinutes() || v.getUTCSeconds() ? 'yyyy-mm-dd hh:mm' : 'yyyy-mm-dd';
      if (!dateXf.has(f)) dateXf.set(f, styles.xf({ date: f }));
    }
  }
  texts.set('xl/styles.xml', styles.text);

  const zip = new ZipFileWriter(tmp, w.now);
  try {
    for (const e of pkg.entries) {
      if (e.name === tabPart || e.name === metaPart) continue;
      const text = texts.get(e.name);
      if (text !== undefined && text !== pkg.texts.get(e.name)) await zip.add(e.name, text);
      else await zip.copyRaw(e, (await openZipEntryRaw(pkg.path!, e)) as AsyncIterable<Buffer>);
    }
    if (!pkg.path) for (const [name, text] of texts) await zip.add(name, text);
    await zip.add(
      tabPart,
      tableSheetXml(w.header, w.rows, { bold, date: (f) => dateXf.get(f)!, date1904: pkg.date1904 }),
    );
    await zip.add(metaPart, metaSheetXml(records));
    await zip.close();
  } catch (err) {
    await zip.abort();
    throw err;
  }
}
