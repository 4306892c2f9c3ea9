/**
 * The zip-level tab write (append-tab-zip.ts behind writeResultTab): real files, opened by exceljs, by our streaming
 * reader and by LibreOffice, compared with what the exceljs rewrite writes for the same table.
 */
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createExcelBackend } from '../../../../activities/sheets/excel/excel-backend';
import { findMeta, META_SHEET, readMeta, upsertMeta } from '../../../../activities/sheets/excel/meta-sheet';
import { addTableSheet } from '../../../../activities/sheets/excel/sheet-builder';
import { writeResultTab } from '../../../../activities/sheets/excel/write-result-tab';
import { tableContentHash, type WritableCell } from '../../../../activities/sheets/content-hash';
import { listZipEntries, openZipEntryRaw, readZipEntryText } from '../../../../activities/sheets/excel/zip-reader';
import { ZipFileWriter } from '../../../../activities/sheets/excel/zip-writer';
import type { RawRow } from '../../../../activities/sheets/types';
import { streamSheetRows } from '../../../../activities/sheets/excel/stream-rows';
import { readWorkbookStructure } from '../../../../activities/sheets/excel/workbook-parts';

const LO_FIXTURE = join(__dirname, '../../../fixtures/workbooks/01-warehouse-per-sheet.xlsx');
const NOW = new Date('2026-11-05T00:00:00Z');
const HEADER = ['经销商', '金额', '已确认', '日期', '备注'];
const ROWS: WritableCell[][] = [
  ['华东 A&B <一>', 1234.5, true, new Date('2026-10-01T00:00:00Z'), ' 前后空格 '],
  ['=SUM(A1)', -3, false, new Date('2026-10-01T10:30:00Z'), null],
  ['第二行\n换行', 1e21, null, null, '"引号" \'单\''],
];

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tab-zip-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Every entry's stored bytes, by name. */
async function rawParts(path: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for (const e of await listZipEntries(path)) {
    const chunks: Buffer[] = [];
    for await (const c of await openZipEntryRaw(path, e)) chunks.push(c as Buffer);
    out.set(e.name, Buffer.concat(chunks));
  }
  return out;
}

async function exceljsValues(path: string, sheet: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const rows: unknown[][] = [];
  wb.getWorksheet(sheet)!.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
  return rows;
}

async function streamed(path: string, sheet: string): Promise<RawRow[]> {
  const backend = createExcelBackend({ root: dir });
  const out: RawRow[] = [];
  for await (const r of backend.readRows({ kind: 'excel', path, sheet })) out.push(r);
  return out;
}

/** LibreOffice's CSV of every sheet, by sheet name. */
function libreOfficeCsv(path: string, out: string): Map<string, string> {
  execFileSync(
    'soffice',
    [
      `-env:UserInstallation=file://${out}/profile`,
      '--headless',
      '--convert-to',
      'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1',
      '--outdir',
      out,
      path,
    ],
    { stdio: 'ignore', timeout: 120_000 },
  );
  const stem = path.replace(/^.*\//, '').replace(/\.xlsx$/, '');
  return new Map(
    execFileSync('ls', [out], { encoding: 'utf8' })
      .split('\n')
      .filter((n) => n.startsWith(`${stem}-`) && n.endsWith('.csv'))
      .map((n) => [n.slice(stem.length + 1, -4), execFileSync('cat', [join(out, n)], { encoding: 'utf8' })]),
  );
}

/** What the exceljs rewrite writes for the same table into a new workbook. */
async function viaExceljs(path: string, tab: string, rows: WritableCell[][]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  addTableSheet(wb, tab, HEADER, rows);
  upsertMeta(wb, {
    kind: 'tab',
    name: tab,
    contentHash: tableContentHash(tab, HEADER, rows),
    rows: rows.length,
    writtenAt: NOW.toISOString(),
  });
  await wb.xlsx.writeFile(path);
}

describe('writeResultTab at the zip level', () => {
  it('writes a new workbook that exceljs, the streaming reader and LibreOffice read as the exceljs rewrite', async () => {
    const zipPath = join(dir, 'zip.xlsx');
    const xlPath = join(dir, 'xl.xlsx');
    const tab = '往来统计 2026-10';
    await writeResultTab({ target: zipPath, source: zipPath, tab, header: HEADER, rows: ROWS, now: NOW });
    await viaExceljs(xlPath, tab, ROWS);

    expect(await exceljsValues(zipPath, tab)).toEqual(await exceljsValues(xlPath, tab));
    expect(await streamed('zip.xlsx', tab)).toEqual(await streamed('xl.xlsx', tab));
    // Empty text reads as the streaming reader reads exceljs' empty shared string: blank.
    const withEmpty: WritableCell[][] = [['', 'x', '']];
    await writeResultTab({ target: zipPath, source: zipPath, tab: '空', header: HEADER, rows: withEmpty, now: NOW });
    await viaExceljs(join(dir, 'empty.xlsx'), '空', withEmpty);
    expect(await streamed('zip.xlsx', '空')).toEqual(await streamed('empty.xlsx', '空'));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(zipPath);
    expect(wb.worksheets.map((w) => [w.name, w.state])).toEqual([
      [tab, 'visible'],
      ['空', 'visible'],
      [META_SHEET, 'veryHidden'],
    ]);
    expect(wb.getWorksheet(tab)!.getCell('A1').font?.bold).toBe(true);
    expect(wb.getWorksheet(tab)!.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
    expect(wb.getWorksheet(tab)!.getCell('D2').numFmt).toBe('yyyy-mm-dd');
    expect(wb.getWorksheet(tab)!.getCell('D3').numFmt).toBe('yyyy-mm-dd hh:mm');
    expect(findMeta(wb, 'tab', tab)).toEqual({
      kind: 'tab',
      name: tab,
      contentHash: tableContentHash(tab, HEADER, ROWS),
      rows: 3,
      writtenAt: NOW.toISOString(),
    });

    await mkdir(join(dir, 'lo'));
    const zipCsv = libreOfficeCsv(zipPath, join(dir, 'lo'));
    const xlCsv = libreOfficeCsv(xlPath, join(dir, 'lo'));
    expect(zipCsv.get(tab)).toContain('华东 A&B <一>,1234.5,TRUE,2026-10-01');
    expect(zipCsv.get(tab)).toEqual(xlCsv.get(tab));
    const lines = (csv: string | undefined) => csv!.split('\n').slice(0, 2);
    expect(lines(zipCsv.get(META_SHEET))).toEqual(lines(xlCsv.get(META_SHEET)));
  }, 120_000);

  it('adds a tab to a LibreOffice workbook leaving every other part byte for byte', async () => {
    const path = join(dir, 'lo.xlsx');
    await copyFile(LO_FIXTURE, path);
    const before = await rawParts(path);
    const userRows = await streamed('lo.xlsx', '新件库');
    const res = await writeResultTab({ target: path, source: path, tab: '结果', header: HEADER, rows: ROWS, now: NOW });
    expect(res.written).toBe(true);
    const after = await rawParts(path);
    const patched = ['[Content_Types].xml', 'xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml'];
    for (const [name, bytes] of before) {
      if (!patched.includes(name)) expect(after.get(name)?.equals(bytes), name).toBe(true);
    }
    expect(await streamed('lo.xlsx', '新件库')).toEqual(userRows);
    // The patched parts keep what LibreOffice wrote and only gain the new sheet.
    const entries = await listZipEntries(path);
    const wbXml = await readZipEntryText(
      path,
      entries.find((e) => e.name === 'xl/workbook.xml')!,
    );
    expect(wbXml).toContain('<sheet name="新件库" sheetId="1" state="visible" r:id="rId2"/>');
    expect(wbXml).toMatch(/<sheet name="结果" sheetId="3" r:id="rId\d+"\/><sheet name="_aftersales_meta" sheetId="4"/);
    await viaExceljs(join(dir, 'xl.xlsx'), '结果', ROWS);
    expect(await exceljsValues(path, '结果')).toEqual(await exceljsValues(join(dir, 'xl.xlsx'), '结果'));
    await mkdir(join(dir, 'lo'));
    const csv = libreOfficeCsv(path, join(dir, 'lo'));
    expect([...csv.keys()].sort()).toEqual(['_aftersales_meta', '旧件库', '新件库', '结果'].sort());
    expect(csv.get('结果')).toContain('"第二行\n换行",1E+021');
  }, 120_000);

  it('keeps earlier tabs byte for byte, replaces only its own tab in place, and does not rewrite the same content', async () => {
    const path = join(dir, 'month.xlsx');
    const req = { target: path, source: path, header: HEADER, now: NOW };
    await writeResultTab({ ...req, tab: '往来统计 2026-09', rows: ROWS });
    const first = await rawParts(path);
    await writeResultTab({ ...req, tab: '往来统计 2026-10', rows: ROWS.slice(0, 2) });
    const second = await rawParts(path);
    expect(second.get('xl/worksheets/sheet1.xml')!.equals(first.get('xl/worksheets/sheet1.xml')!)).toBe(true);

    const info = await stat(path);
    const again = await writeResultTab({ ...req, tab: '往来统计 2026-10', rows: ROWS.slice(0, 2) });
    expect(again.written).toBe(false);
    expect((await stat(path)).mtimeMs).toBe(info.mtimeMs);

    const changed: WritableCell[][] = [['改过', 1, true, null, null]];
    const replaced = await writeResultTab({ ...req, tab: '往来统计 2026-09', rows: changed });
    expect(replaced.written).toBe(true);
    expect(replaced.backupPath).not.toBeNull();
    const third = await rawParts(path);
    expect(third.get('xl/worksheets/sheet3.xml')!.equals(second.get('xl/worksheets/sheet3.xml')!)).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['往来统计 2026-09', '往来统计 2026-10', META_SHEET]);
    expect(await exceljsValues(path, '往来统计 2026-09')).toEqual([HEADER, ['改过', 1, true]]);
    expect(readMeta(wb).map((m) => [m.name, m.rows])).toEqual([
      ['往来统计 2026-10', 2],
      ['往来统计 2026-09', 1],
    ]);
    // The backend never hands out the meta sheet; its streaming reader reads it when asked directly.
    const structure = await readWorkbookStructure(path);
    const part = structure.sheets.find((x) => x.name === META_SHEET)!.part;
    const meta: RawRow[] = [];
    for await (const r of streamSheetRows(path, { entries: structure.entries, part, merges: [] })) meta.push(r);
    expect(meta.map((r) => r.cells.slice(0, 4))).toEqual([
      ['kind', 'name', 'contentHash', 'rows'],
      ['tab', '往来统计 2026-10', tableContentHash('往来统计 2026-10', HEADER, ROWS.slice(0, 2)), 2],
      ['tab', '往来统计 2026-09', tableContentHash('往来统计 2026-09', HEADER, changed), 1],
    ]);
    expect((await readdir(join(dir, '.bak'))).filter((n) => n.endsWith('.xlsx'))).toHaveLength(2);
    // Excel sheet names ignore case: a tab differing only in case from one of ours is refused, not added.
    await writeResultTab({ ...req, tab: 'Summary', rows: ROWS });
    await expect(writeResultTab({ ...req, tab: 'SUMMARY', rows: ROWS })).rejects.toMatchObject({ code: 'TabExists' });
  });

  it('reads the meta records the exceljs rewrite left (shared strings) and refuses sheets it did not write', async () => {
    const path = join(dir, 'old.xlsx');
    await viaExceljs(path, '往来统计 2026-09', ROWS);
    const sheetBefore = (await rawParts(path)).get('xl/worksheets/sheet1.xml')!;
    const req = { target: path, source: path, header: HEADER, now: NOW };
    expect((await writeResultTab({ ...req, tab: '往来统计 2026-09', rows: ROWS })).written).toBe(false);
    expect((await writeResultTab({ ...req, tab: '往来统计 2026-10', rows: ROWS })).written).toBe(true);
    expect((await rawParts(path)).get('xl/worksheets/sheet1.xml')!.equals(sheetBefore)).toBe(true);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    expect(readMeta(wb).map((m) => m.name)).toEqual(['往来统计 2026-09', '往来统计 2026-10']);

    const lo = join(dir, 'lo.xlsx');
    await copyFile(LO_FIXTURE, lo);
    const bytes = await readFile(lo);
    for (const tab of ['新件库', '旧件库']) {
      await expect(
        writeResultTab({ target: lo, source: lo, tab, header: HEADER, rows: ROWS, now: NOW }),
      ).rejects.toMatchObject({ code: 'TabExists' });
    }
    expect((await readFile(lo)).equals(bytes)).toBe(true);
  });

  it('falls back to the exceljs rewrite for a workbook without styles.xml, with the same checks', async () => {
    const path = join(dir, 'bare.xlsx');
    const zip = new ZipFileWriter(path, NOW);
    for (const e of await listZipEntries(LO_FIXTURE)) {
      if (e.name === 'xl/styles.xml' || e.name.endsWith('/')) continue;
      const text = await readZipEntryText(LO_FIXTURE, e);
      await zip.add(e.name, text.replace(/<Relationship [^>]*styles[^>]*\/>|<Override [^>]*styles[^>]*\/>/g, ''));
    }
    await zip.close();
    const req = { target: path, source: path, tab: '结果', header: HEADER, rows: ROWS, now: NOW };
    expect((await writeResultTab(req)).written).toBe(true);
    expect((await writeResultTab(req)).written).toBe(false);
    await expect(writeResultTab({ ...req, tab: '新件库' })).rejects.toMatchObject({ code: 'TabExists' });
    await viaExceljs(join(dir, 'xl.xlsx'), '结果', ROWS);
    expect(await exceljsValues(path, '结果')).toEqual(await exceljsValues(join(dir, 'xl.xlsx'), '结果'));
    const entries = await listZipEntries(path);
    // exceljs wrote it (shared strings, its own styles), not the zip path.
    expect(entries.map((e) => e.name)).toContain('xl/styles.xml');
    const sheet = await readZipEntryText(
      path,
      entries.find((e) => e.name === 'xl/worksheets/sheet3.xml')!,
    );
    expect(sheet).not.toContain('inlineStr');
  });
});
