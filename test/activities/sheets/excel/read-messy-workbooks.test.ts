import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dealerTransactions, stockLedger } from '../../../../domain/sheets/schemas';
import { createExcelBackend } from '../../../../activities/sheets/excel/excel-backend';
import { readTable } from '../../../../activities/sheets/read-table';
import {
  EXPECTED_LEDGER,
  LEDGER_SHEET,
  writeInlineStringTransactions,
  writeMessyLedger,
} from '../../../fixtures/sheets/messy-workbooks';

const LIBREOFFICE_FIXTURE = join(__dirname, '../../../fixtures/sheets/libreoffice');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sheets-read-'));
  await writeMessyLedger(join(dir, 'ledger.xlsx'));
  await writeInlineStringTransactions(join(dir, 'transactions.xlsx'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('Excel backend reads messy real workbooks', () => {
  it('resolves merges, rich text, formulas, hidden columns and dates into raw rows', async () => {
    const backend = createExcelBackend({ root: dir });
    const rows = [];
    for await (const r of backend.readRows({ kind: 'excel', path: 'ledger.xlsx', sheet: LEDGER_SHEET })) rows.push(r);
    const byNumber = new Map(rows.map((r) => [r.rowNumber, r.cells]));
    // Title merged over A1:K1 is propagated to every cell of the range.
    expect(byNumber.get(1)?.slice(0, 11)).toEqual(Array(11).fill('售后配件库存台账 2026年11月'));
    // Two-level header: the vertical merge repeats the upper text, the horizontal one spans book/card.
    expect(byNumber.get(3)?.[4]).toBe('数量');
    expect(byNumber.get(3)?.[5]).toBe('数量');
    expect(byNumber.get(4)?.slice(0, 6)).toEqual([
      '仓库',
      '配件\n编号',
      'ＰＡＲＴ　ＮＡＭＥ',
      '库位',
      '账面数量',
      ' 卡片 数量 ',
    ]);
    const r5 = byNumber.get(5) ?? [];
    expect(r5[2]).toBe('刹车片总成'); // rich text flattened
    expect(r5[9]).toBe(2400); // formula → cached result
    expect(r5[10]).toBe('盘点前核对'); // hidden column K is read
    expect(r5[8]).toEqual(new Date(Date.UTC(2026, 10, 3)));
    expect(byNumber.get(7)?.[0]).toBe('新件库'); // merged down from A5
    expect(byNumber.get(7)?.[3]).toBe('B-02-01'); // hyperlink text
    expect(byNumber.get(10)?.[8]).toEqual(new Date(Date.UTC(2026, 9, 31))); // date-formatted formula result
    expect(byNumber.has(8)).toBe(false);
  });

  it('maps the exceljs-written ledger to typed records and counts what it skipped', async () => {
    const backend = createExcelBackend({ root: dir });
    const result = await readTable(backend, { kind: 'excel', path: 'ledger.xlsx' }, stockLedger, {
      policy: 'proceed-with-valid',
    });
    expect(result.sheet).toBe(LEDGER_SHEET);
    expect(result.headerRow).toBe(4);
    expect(result.problems).toEqual([]);
    expect(result.rows).toEqual(EXPECTED_LEDGER.map((r) => ({ zone: null, ...r })));
    expect(result.skipped).toEqual({ blank: 2, filtered: 0, totals: 1, notes: 1, repeatedHeaders: 0 });
    expect(result.fingerprint.value).toMatch(/^\d+-\d+-[0-9a-f]{64}$/);
  });

  it('reads a workbook written by LibreOffice (shared strings after the sheets, its own rich text and merges)', async () => {
    const backend = createExcelBackend({ root: LIBREOFFICE_FIXTURE });
    const ref = { kind: 'excel' as const, path: 'stock-ledger-messy.xlsx' };
    expect(await backend.listSheets(ref)).toEqual(['库存台账', '说明']);
    const result = await readTable(backend, ref, stockLedger, { policy: 'stop-on-error' });
    expect(result.headerRow).toBe(3);
    expect(result.skipped).toEqual({ blank: 1, filtered: 0, totals: 1, notes: 1, repeatedHeaders: 0 });
    expect(
      result.rows.map((r) => [
        r.rowNumber,
        r.warehouse,
        r.zone,
        r.partNo,
        r.partName,
        r.bookQty,
        r.cardQty,
        r.unitCost,
        r.lastMovement,
      ]),
    ).toEqual([
      [4, 'new-parts', 'A区', 'P-1001', '刹车片总成', 12, 12, 123450, '2026-11-03'],
      [5, 'new-parts', 'A区', 'P-1002', '机油滤清器', 1200, 1200, 3550, '2026-11-03'],
      [6, 'new-parts', 'B区', 'P-1003', '火花塞', 7, 7, 1230, '2026-11-03'],
      [8, 'old-parts', 'C区', 'P-2001', '旧件 发电机', 2, 3, 80000, '2026-11-03'],
    ]);
  });

  it('reads inline (non-shared) strings and inline rich text, and reports a formula error cell', async () => {
    const backend = createExcelBackend({ root: dir });
    const result = await readTable(backend, { kind: 'excel', path: 'transactions.xlsx' }, dealerTransactions, {
      policy: 'proceed-with-valid',
      label: '往来账 11月.xlsx',
    });
    expect(result.headerRow).toBe(2);
    expect(result.rows.map((r) => [r.rowNumber, r.date, r.type, r.amount, r.dueDate, r.note])).toEqual([
      [3, '2026-11-02', 'shipment', 1_200_000, '2026-12-02', '首批发货'],
      [4, '2026-11-05', 'payment', 500_000, null, '转账'],
      [6, '2026-11-07', 'credit', 30_000, null, 'TRUE'],
    ]);
    expect(result.problems).toEqual([
      {
        file: '往来账 11月.xlsx',
        sheet: '往来账',
        row: 5,
        column: '金额',
        value: '#DIV/0!',
        reason: '公式计算出错（#DIV/0!）',
        code: 'formula-error',
        col: 'E',
      },
    ]);
  });

  it('names the file and the sheets it has when a file or sheet is missing', async () => {
    const backend = createExcelBackend({ root: dir });
    const drain = async (path: string, sheet?: string): Promise<unknown> => {
      for await (const _ of backend.readRows({ kind: 'excel', path, ...(sheet ? { sheet } : {}) })) void _;
      return null;
    };
    await expect(drain('没有这个文件.xlsx')).rejects.toMatchObject({ code: 'SourceNotFound' });
    await expect(drain('ledger.xlsx', '盘点')).rejects.toThrow('ledger.xlsx: no sheet "盘点" (sheets: 库存台账, 说明)');
    // Sheet names match regardless of width, case and surrounding spaces.
    const rows: unknown[] = [];
    for await (const r of backend.readRows({ kind: 'excel', path: 'ledger.xlsx', sheet: ' 说明 ' })) rows.push(r.cells);
    expect(rows).toEqual([['本表由仓管部维护']]);
  });
});
