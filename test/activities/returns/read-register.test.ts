// The returns register as staff keep it (English/alias headers, title rows, a bad cell), parsed into lines.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { readRegister } from '../../../activities/returns/read-register';
import { createExcelBackend } from '../../../activities/sheets/excel/excel-backend';
import { makeTestConfig } from '../../support/test-config';
import { returnsSettingsFromConfig } from '../../../config/start-inputs/returns-settings';

let dir: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'register-'));
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('旧件退回');
  ws.addRow(['2026年11月 三包旧件退回登记表']);
  ws.addRow([
    'Return No',
    '日期',
    '网点编号',
    'P/N',
    '退回数量',
    'Claim No',
    '退回原因',
    '到货日期',
    '鉴定结果',
    '状态',
    'Claim Amount',
  ]);
  ws.addRow([
    'R2026110001',
    new Date(Date.UTC(2026, 10, 3)),
    'D001',
    'BRK-1001',
    2,
    'SP1',
    '三包更换',
    null,
    null,
    '待收货',
    '¥700.00',
  ]);
  ws.addRow(['R2026110002', '2026/11/04', 'D002', 'FLT-3001', '两个', 'SP2', '质量问题', null, null, '待收货', 150]);
  ws.addRow([
    'R2026110003',
    '2026-11-05',
    'D002',
    'ELC-2001',
    1,
    null,
    null,
    '2026-11-09',
    '供应商责任',
    '已鉴定',
    null,
  ]);
  await wb.xlsx.writeFile(join(dir, 'register.xlsx'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('readRegister', () => {
  it('maps alias headers, keeps the sheet’s header texts for messages, and reports unreadable cells', async () => {
    const reg = await readRegister(createExcelBackend({ root: dir }), { kind: 'excel', path: 'register.xlsx' });
    expect(reg).toMatchObject({ file: 'register.xlsx', sheet: '旧件退回' });
    expect(reg.lines.map((l) => l.returnNo)).toEqual(['R2026110001', 'R2026110003']);
    expect(reg.lines[0]).toMatchObject({
      date: '2026-11-03',
      dealerId: 'D001',
      qty: 2,
      claimAmountFen: 70_000,
      status: '待收货',
    });
    expect(reg.lines[0]!.source).toMatchObject({ row: 3, columns: { dealerId: '网点编号', qty: '退回数量' } });
    expect(reg.lines[1]).toMatchObject({ received: '2026-11-09', verdict: 'supplier-responsible' });
    expect(reg.lines[1]!.claimAmountFen).toBeUndefined();
    expect(reg.problems).toHaveLength(1);
    expect(reg.problems[0]).toMatchObject({
      file: 'register.xlsx',
      sheet: '旧件退回',
      row: 4,
      column: '退回数量',
      value: '两个',
    });
  });
});

describe('returnsSettingsFromConfig', () => {
  it('puts the journals beside the register and reads people and thresholds from the config', () => {
    const cfg = makeTestConfig({
      smtpPort: 2525,
      patch: {
        sources: { returns: { kind: 'excel', path: 'shared/旧件退回登记.xlsx', sheet: '旧件退回' } },
        // No explicit journal targets: they default to files beside the register.
        returns: {
          targets: { credits: undefined, oldParts: undefined, inspections: undefined, recoveries: undefined },
        },
      },
    });
    const s = returnsSettingsFromConfig(cfg);
    expect(s.sources.register).toEqual({ kind: 'excel', path: 'shared/旧件退回登记.xlsx', sheet: '旧件退回' });
    expect(s.targets.credits).toEqual({ kind: 'excel', path: 'shared/退货抵扣.xlsx', sheet: '退货抵扣' });
    expect(s.targets.inspections).toEqual({ kind: 'excel', path: 'shared/三包鉴定结果.xlsx', sheet: '三包鉴定' });
    expect(s.creditApprovalThresholdFen).toBe(500_000);
    expect(s.people.purchasing.email).toBe('purchasing@example.cn');
    expect(s.receiptReminderAfter).toBe('3 days');
  });
});
