import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ConcurrentEditError } from '../../../../domain/errors';
import type { SheetSpec } from '../../../../activities/sheets/excel/sheet-builder';
import { writeWorkbook } from '../../../../activities/sheets/excel/write-workbook';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sheets-wb-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

function countSheet(rows = 3): SheetSpec {
  return {
    name: 'A区',
    title: '新件库 A区 盘点表 2026-11',
    protect: true,
    spareRows: 5,
    columns: [
      { header: '库位', key: 'location' },
      { header: '配件编号', key: 'partNo' },
      { header: '配件名称', key: 'partName' },
      { header: '实盘数量', key: 'counted', locked: false, validation: 'nonNegativeNumber' },
      { header: '盘点人', key: 'counter', locked: false },
      { header: '盘点时间', key: 'countedAt', locked: false, numFmt: 'yyyy-mm-dd hh:mm' },
    ],
    rows: Array.from({ length: rows }, (_, i) => ({
      location: `A-01-0${i + 1}`,
      partNo: i === 0 ? '=cmd|calc' : `P-100${i}`,
      partName: '刹车片',
      counted: null,
      counter: null,
      countedAt: null,
    })),
  };
}

describe('writeWorkbook (count sheets and other generated files)', () => {
  it('writes validation on the count column, locks key columns and leaves count/counter/time editable', async () => {
    const path = join(dir, '盘点表-新件库-A区.xlsx');
    const res = await writeWorkbook(path, [countSheet()]);
    expect(res.written).toBe(true);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    const ws = wb.getWorksheet('A区') as ExcelJS.Worksheet;
    expect(ws.getCell('A1').value).toBe('新件库 A区 盘点表 2026-11');
    expect((ws.getRow(2).values as unknown[]).slice(1)).toEqual([
      '库位',
      '配件编号',
      '配件名称',
      '实盘数量',
      '盘点人',
      '盘点时间',
    ]);
    expect(ws.getCell('B3').value).toBe("'=cmd|calc");
    // Sheet protection is on; key cells locked, count/counter/time unlocked, also on the spare rows.
    expect((ws as unknown as { sheetProtection: { sheet: boolean } }).sheetProtection.sheet).toBe(true);
    expect(ws.getCell('B3').protection?.locked).not.toBe(false);
    for (const addr of ['D3', 'E3', 'F3', 'D10']) expect(ws.getCell(addr).protection?.locked).toBe(false);
    // The editable columns stay editable below the sheet too (column style), key columns stay locked.
    expect(ws.getColumn('D').protection?.locked).toBe(false);
    expect(ws.getCell('B11').protection?.locked).not.toBe(false);
    const dv = ws.getCell('D4').dataValidation;
    expect(dv).toMatchObject({
      type: 'decimal',
      operator: 'greaterThanOrEqual',
      formulae: [0],
      showErrorMessage: true,
    });
    expect(ws.getCell('D10').dataValidation).toMatchObject({ type: 'decimal' });
    expect(ws.getCell('C4').dataValidation).toBeUndefined();
    expect(wb.getWorksheet('_aftersales_meta')?.state).toBe('veryHidden');
  });

  it('is idempotent, never replaces a filled-in or foreign file unless told to, and keeps the previous version', async () => {
    const path = join(dir, '盘点表.xlsx');
    const first = await writeWorkbook(path, [countSheet()]);
    const again = await writeWorkbook(path, [countSheet()]);
    expect(again).toMatchObject({ written: false, contentHash: first.contentHash, fingerprint: first.fingerprint });

    await expect(writeWorkbook(path, [countSheet(4)])).rejects.toMatchObject({ code: 'FileExists' });
    const replaced = await writeWorkbook(path, [countSheet(4)], { replace: true, expect: first.fingerprint });
    expect(replaced.written).toBe(true);
    expect(replaced.backupPath).toMatch(/\.bak\/盘点表\.\d{8}T\d{9}Z\.xlsx$/);
    expect((await readdir(join(dir, '.bak'))).filter((n) => n.endsWith('.xlsx'))).toHaveLength(1);

    // A stale expectation (someone filled in counts since) is refused.
    await expect(
      writeWorkbook(path, [countSheet(5)], { replace: true, expect: first.fingerprint }),
    ).rejects.toBeInstanceOf(ConcurrentEditError);

    const foreign = join(dir, '用户自己的.xlsx');
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Sheet1').getCell('A1').value = '用户数据';
    await wb.xlsx.writeFile(foreign);
    await expect(writeWorkbook(foreign, [countSheet()], { replace: true })).rejects.toMatchObject({
      code: 'FileExists',
    });
  });

  it('refuses to replace a file that is open in Excel', async () => {
    const path = join(dir, '盘点表.xlsx');
    await writeWorkbook(path, [countSheet()]);
    await writeFile(join(dir, '~$盘点表.xlsx'), Buffer.alloc(165));
    await expect(writeWorkbook(path, [countSheet(2)], { replace: true })).rejects.toBeInstanceOf(ConcurrentEditError);
  });
});
