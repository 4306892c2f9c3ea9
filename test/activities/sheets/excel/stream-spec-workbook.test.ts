// The streaming writer of generated workbooks against exceljs itself: for count sheets (blind and open, spare rows,
// the status tab with its list validation), problem reports and posting tables, every part of the package is the
// same text exceljs writes through addSpecSheet — so staff opening a sheet cannot tell which wrote it — and the
// file opens in exceljs and LibreOffice with its protection, validations and values.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { upsertMeta, type MetaRecord } from '../../../../activities/sheets/excel/meta-sheet';
import { addSpecSheet, type SheetSpec } from '../../../../activities/sheets/excel/sheet-builder';
import { streamable, writeSpecWorkbook } from '../../../../activities/sheets/excel/stream-spec-workbook';
import { listZipEntries, readZipEntryText } from '../../../../activities/sheets/excel/zip-reader';
import {
  COUNT_TAB,
  countColumns,
  countRow,
  statusSheetSpec,
} from '../../../../activities/stocktake/count-sheet-layout';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'stream-spec-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const created = new Date('2026-10-01T02:03:04.000Z');
const modified = new Date('2026-10-01T05:06:07.000Z');
const meta: MetaRecord = {
  kind: 'workbook',
  name: '',
  contentHash: 'ab'.repeat(32),
  rows: 3,
  writtenAt: '2026-10-01T02:03:04.000Z',
};

function lines(n: number) {
  return Array.from({ length: n }, (_, i) => ({
    warehouse: '新件库',
    zone: i % 3 ? 'A区' : 'B区',
    partNo: i === 4 ? '=SUM(A1)' : `P-${1000 + (i % 7)}`,
    partName: ['刹车片 <前> & "后"', ' 前后留空 ', '多行\n名称', '', "O'Brien 件"][i % 5]!,
    location: `A-${String(i).padStart(3, '0')}`,
    bookQty: i * 1.5,
    cardQty: i,
    unitCostFen: 100,
  }));
}

function countSheets(blind: boolean, n: number): SheetSpec[] {
  return [
    {
      name: COUNT_TAB,
      title: '新件库 A区 盘点表 2026-09（第1轮）盘点人：孙仓管，截止：2026-10-03 18:00',
      columns: countColumns(blind),
      rows: lines(n).map((l, i) => countRow(i + 1, l, blind)),
      protect: true,
      spareRows: 5,
    },
    statusSheetSpec('r1-s01', '孙仓管'),
  ];
}

const problemReport: SheetSpec = {
  name: '数据问题',
  columns: ['文件', '工作表', '行号', '列', '单元格内容', '问题'].map((header, i) => ({
    header,
    key: `k${i}`,
    ...(i === 4 ? { width: 30 } : {}),
  })),
  rows: [
    { k0: '台账.xlsx', k1: '库存台账', k2: 12, k3: '库位', k4: null, k5: '重复 / duplicate' },
    { k0: '台账.xlsx', k1: '库存台账', k2: 13, k3: '账面数量', k4: '-1', k5: true },
  ],
};

const postingTables: SheetSpec[] = [
  {
    name: '盘点调整 2026-09 新件库',
    columns: ['单号', '配件编号', '差异数量'].map((header, i) => ({ header, key: `c${i}` })),
    rows: [{ c0: 'PD-0001', c1: 'P-1', c2: -3 }],
  },
  {
    name: '盘点后账面',
    columns: [{ header: '配件编号', key: 'c0', locked: false, validation: 'nonNegativeInteger' }],
    rows: [],
    spareRows: 2,
  },
];

async function parts(path: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await listZipEntries(path)) if (!e.name.endsWith('/')) out[e.name] = await readZipEntryText(path, e);
  return out;
}

async function both(name: string, sheets: SheetSpec[]) {
  const viaExcelJs = join(dir, `${name}-exceljs.xlsx`);
  const wb = new ExcelJS.Workbook();
  wb.creator = 'aftersales-ops';
  wb.created = created;
  wb.modified = modified;
  for (const s of sheets) await addSpecSheet(wb, s);
  upsertMeta(wb, meta);
  await wb.xlsx.writeFile(viaExcelJs);
  const streamed = join(dir, `${name}-streamed.xlsx`);
  await writeSpecWorkbook(streamed, sheets, meta, { created, modified });
  return { viaExcelJs, streamed };
}

describe('writeSpecWorkbook', () => {
  const cases: [string, SheetSpec[]][] = [
    ['blind count sheet', countSheets(true, 40)],
    ['open count sheet', countSheets(false, 7)],
    ['problem report', [problemReport]],
    ['posting tables', postingTables],
  ];
  for (const [name, sheets] of cases) {
    it(`writes the ${name} part for part as exceljs does`, async () => {
      expect(streamable(sheets)).toBe(true);
      const { viaExcelJs, streamed } = await both(name.replace(/ /g, '-'), sheets);
      const expected = await parts(viaExcelJs);
      const got = await parts(streamed);
      expect(Object.keys(got).sort()).toEqual(Object.keys(expected).sort());
      for (const part of Object.keys(expected)) expect({ part, xml: got[part] }).toEqual({ part, xml: expected[part] });
    });
  }

  it('leaves dates, number formats, hidden columns and passwords to exceljs', () => {
    const base = countSheets(true, 2)[1]!;
    expect(streamable([{ ...base, rows: [{ status: new Date(), sheet: 'x', counter: 'y' }] }])).toBe(false);
    expect(streamable([{ ...base, columns: [{ header: 'd', key: 'status', numFmt: '0.00' }] }])).toBe(false);
    expect(streamable([{ ...base, columns: [{ header: 'd', key: 'status', hidden: true }] }])).toBe(false);
    expect(streamable([{ ...base, protect: { password: 'x' } }])).toBe(false);
  });

  it('gives a file exceljs and LibreOffice open with its values, protection and validation', async () => {
    const { streamed } = await both('opened', countSheets(true, 3000));
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(streamed);
    const ws = wb.getWorksheet(COUNT_TAB)!;
    expect(ws.getCell('A3002').value).toBe(3000);
    expect(ws.getCell('E7').value).toBe("'=SUM(A1)");
    expect(ws.getCell('G3').protection?.locked).toBe(false);
    expect(ws.getCell('E3').protection?.locked).not.toBe(false);
    expect((ws as unknown as { sheetProtection?: { sheet?: boolean } }).sheetProtection?.sheet).toBe(true);
    expect(wb.getWorksheet('_aftersales_meta')!.state).toBe('veryHidden');
    // LibreOffice converts it (a damaged package would fail or come out empty).
    execFileSync(
      'soffice',
      ['--headless', '--convert-to', 'csv:Text - txt - csv (StarCalc):44,34,76', '--outdir', dir, streamed],
      { stdio: 'ignore', timeout: 120_000 },
    );
    const csv = execFileSync('head', ['-c', '2000', join(dir, 'opened-streamed.csv')], { encoding: 'utf8' });
    expect(csv).toContain('序号');
    expect(csv).toContain('A-004');
  });
});
