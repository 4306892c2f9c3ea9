import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ValidationError, type CellProblem } from '../../../domain/errors';
import { dealers } from '../../../domain/sheets/schemas';
import { createExcelBackend } from '../../../activities/sheets/excel/excel-backend';
import { readTable } from '../../../activities/sheets/read-table';
import { writeProblemsTab, writeProblemsWorkbook } from '../../../activities/sheets/write-problems';

let dir: string;
const FILE = '经销商名录.xlsx';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sheets-validate-'));
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('网点');
  ws.addRow(['经销商名录（2026年11月）']);
  ws.addRow(['经销商编号', '经销商名称', '区域', '邮箱', '信用额度', '账期(天)', '信用冻结']);
  ws.addRow(['D001', '华东一站', '华东', 'a@d001.cn', '¥50,000', '30天', '否']);
  ws.addRow(['D002', '华东二站', '华东', 'not-an-email', '50000', '30', '否']); // bad 1: email
  ws.addRow(['D003', '华北一站', '华北', 'c@d003.cn', '五万', '30', '是']); // bad 2: credit limit
  ws.addRow(['D004', '华北二站', '华北', 'd@d004.cn', 10000, '三十', '也许']); // bad 3 + 4: terms, hold
  ws.addRow([null, '西南站', '西南', 'e@d005.cn', 10000, 45, 'N']); // bad 5: missing id
  ws.addRow(['D006', '西北站', '西北', 'f@d006.cn', 0, 60, 'Y']);
  ws.addRow(['合计', null, null, null, { formula: 'SUM(E3:E8)', result: 120000 }]);
  await wb.xlsx.writeFile(join(dir, FILE));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const EXPECTED: Omit<CellProblem, 'reason'>[] = [
  { file: FILE, sheet: '网点', row: 4, column: '邮箱', value: 'not-an-email', code: 'email', col: 'D' },
  { file: FILE, sheet: '网点', row: 5, column: '信用额度', value: '五万', code: 'money', col: 'E' },
  { file: FILE, sheet: '网点', row: 6, column: '账期(天)', value: '三十', code: 'integer', col: 'F' },
  { file: FILE, sheet: '网点', row: 6, column: '信用冻结', value: '也许', code: 'boolean', col: 'G' },
  { file: FILE, sheet: '网点', row: 7, column: '经销商编号', value: '', code: 'required', col: 'A' },
];

describe('validation reports every problem at once', () => {
  it('proceed-with-valid: returns the valid rows and all five problems with file, sheet, row and column', async () => {
    const backend = createExcelBackend({ root: dir });
    const r = await readTable(backend, { kind: 'excel', path: FILE }, dealers, { policy: 'proceed-with-valid' });
    expect(r.rows.map((x) => [x.dealerId, x.creditLimit, x.paymentTermsDays, x.creditHold])).toEqual([
      ['D001', 5_000_000, 30, false],
      ['D006', 0, 60, true],
    ]);
    expect(r.problems.map(({ reason: _r, ...p }) => p)).toEqual(EXPECTED);
    expect(r.problems.map((p) => p.reason)).toEqual([
      '不是有效的邮箱地址',
      '不是有效金额',
      '应为整数',
      '应为 是/否（或 Y/N）',
      '必填项为空',
    ]);
    expect(r.invalidRows).toBe(4);
    expect(r.skipped.totals).toBe(1);
  });

  it('stop-on-error: throws one ValidationError carrying all five problems', async () => {
    const backend = createExcelBackend({ root: dir });
    const err = await readTable(backend, { kind: 'excel', path: FILE }, dealers, {
      policy: 'stop-on-error',
      locale: 'en',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ValidationError);
    const v = err as ValidationError;
    expect(v.problems.map(({ reason: _r, ...p }) => p)).toEqual(EXPECTED);
    expect(v.problems[0]?.reason).toBe('not a valid email address');
    expect(v.message).toContain(`${FILE} › 网点 › row 7 › column "经销商编号": required value is empty`);
    expect(v.permanent).toBe(true);
  });

  it('writes the problems to an xlsx a person can read, and as a tab next to the data', async () => {
    const backend = createExcelBackend({ root: dir });
    const r = await readTable(backend, { kind: 'excel', path: FILE }, dealers, { policy: 'proceed-with-valid' });
    const reportPath = join(dir, '数据问题.xlsx');
    const first = await writeProblemsWorkbook(r.problems, reportPath);
    expect(first.written).toBe(true);
    expect((await writeProblemsWorkbook(r.problems, reportPath)).written).toBe(false);

    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(reportPath);
    const ws = wb.getWorksheet('数据问题');
    const values =
      ws
        ?.getSheetValues()
        .slice(1)
        .map((row) => (row as unknown[]).slice(1)) ?? [];
    expect(values[0]).toEqual(['文件', '工作表', '行号', '列', '单元格内容', '问题']);
    expect(values.slice(1)).toEqual(r.problems.map((p) => [p.file, p.sheet, p.row, p.column, p.value, p.reason]));

    const tab = await writeProblemsTab(backend, { kind: 'excel', path: FILE }, r.problems, {
      tab: '数据问题 2026-11',
      expect: r.fingerprint,
    });
    expect(tab).toMatchObject({ written: true, rows: 5 });
    const again = await readTable(backend, { kind: 'excel', path: FILE, sheet: '数据问题 2026-11' }, dealers, {
      policy: 'proceed-with-valid',
    }).catch((e: unknown) => e);
    // The report tab is not a dealer list: reading it as one fails loudly instead of returning nothing.
    expect(again).toBeInstanceOf(ValidationError);
    expect(await backend.listSheets({ kind: 'excel', path: FILE })).toEqual(['网点', '数据问题 2026-11']);
  });
});
