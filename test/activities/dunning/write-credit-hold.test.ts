/**
 * 信用冻结 written into the staff's own dealer workbook: only that one cell changes, twice is once, a workbook open
 * in Excel or changed underneath is never overwritten (retryable refusal), and the previous version is kept.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { createExcelCreditHoldWriter } from '../../../activities/dunning';
import { fileFingerprint } from '../../../activities/sheets/excel/source-guard';
import { ConcurrentEditError } from '../../../domain/errors';

async function workbook(path: string, header: string[], rows: unknown[][]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('经销商');
  ws.addRow(['经销商清单 2026年11月']);
  ws.addRow(header);
  for (const r of rows) ws.addRow(r);
  ws.getCell('B3').font = { bold: true, color: { argb: 'FFFF0000' } };
  await wb.xlsx.writeFile(path);
}

async function grid(path: string): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const out: unknown[][] = [];
  wb.worksheets[0]!.eachRow({ includeEmpty: true }, (row) => out.push((row.values as unknown[]).slice(1)));
  return out;
}

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'credit-hold-'));
  const path = join(dir, '经销商.xlsx');
  const writer = createExcelCreditHoldWriter({
    resolvePath: (ref) => (ref.kind === 'excel' ? ref.path : ''),
    lockDir: join(dir, 'locks'),
  });
  return { dir, path, writer, ref: { kind: 'excel' as const, path } };
}

describe('credit hold on the dealer sheet', () => {
  it('sets and lifts one cell, leaves every other cell alone, is idempotent and keeps the previous version', async () => {
    const { dir, path, writer, ref } = setup();
    await workbook(
      path,
      ['经销商编号', '经销商名称', '邮箱', '信用冻结', '备注'],
      [
        ['D0041', '杭州东风汽配', 'd41@x.cn', '否', '老客户'],
        ['d0042', '南京长江汽修', 'd42@x.cn', '', '=不是公式'],
        ['D0043', '合肥安达服务站', 'd43@x.cn', '是', null],
      ],
    );
    const before = await grid(path);
    expect(await writer.setCreditHold(ref, 'D0042', true)).toEqual({ changed: true, row: 4, previous: '' });
    const after = await grid(path);
    expect(after[3]![3]).toBe('是');
    after[3]![3] = before[3]![3];
    expect(after).toEqual(before);

    const fp = await fileFingerprint(path);
    expect(await writer.setCreditHold(ref, 'D0042', true)).toMatchObject({ changed: false });
    expect(await fileFingerprint(path)).toBe(fp);
    expect(await writer.setCreditHold(ref, 'D0041', false)).toMatchObject({ changed: false });

    expect(await writer.setCreditHold(ref, 'D0042', false)).toMatchObject({ changed: true, previous: '是' });
    expect((await grid(path))[3]![3]).toBe('否');
    expect(readdirSync(join(dir, '.bak')).length).toBeGreaterThanOrEqual(2);
  });

  it('adds a 信用冻结 column when the sheet has none', async () => {
    const { path, writer, ref } = setup();
    await workbook(path, ['Dealer ID', 'Dealer Name', 'Email'], [['D1', 'A', 'a@x.cn']]);
    await writer.setCreditHold(ref, 'D1', true);
    const g = await grid(path);
    expect(g[1]).toEqual(['Dealer ID', 'Dealer Name', 'Email', '信用冻结']);
    expect(g[2]).toEqual(['D1', 'A', 'a@x.cn', '是']);
  });

  it('does not touch a workbook someone has open in Excel; an unknown dealer is a clear permanent error', async () => {
    const { dir, path, writer, ref } = setup();
    await workbook(path, ['经销商编号', '经销商名称', '邮箱', '信用冻结'], [['D1', 'A', 'a@x.cn', '否']]);
    const fp = await fileFingerprint(path);
    writeFileSync(join(dir, '~$经销商.xlsx'), Buffer.alloc(165));
    const err = await writer.setCreditHold(ref, 'D1', true).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConcurrentEditError);
    expect((err as ConcurrentEditError).permanent).toBe(false);
    expect(await fileFingerprint(path)).toBe(fp);
    unlinkSync(join(dir, '~$经销商.xlsx'));
    await expect(
      createExcelCreditHoldWriter({ resolvePath: () => path, lockDir: join(dir, 'l2') }).setCreditHold(ref, 'D9', true),
    ).rejects.toMatchObject({ code: 'DealerNotFound', permanent: true });
  });

  it('refuses to replace a file a colleague saved while it was being rewritten, keeping their edit', async () => {
    const { dir, path, ref } = setup();
    const header = ['经销商编号', '经销商名称', '邮箱', '信用冻结'];
    await workbook(path, header, [['D1', 'A', 'a@x.cn', '否']]);
    const writer = createExcelCreditHoldWriter({
      resolvePath: () => path,
      lockDir: join(dir, 'locks'),
      afterRead: () => workbook(path, header, [['D1', 'A 改名', 'a@x.cn', '否']]),
    });
    const err = await writer.setCreditHold(ref, 'D1', true).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConcurrentEditError);
    expect((await grid(path))[2]).toEqual(['D1', 'A 改名', 'a@x.cn', '否']);
    // The retry (as Temporal would make it) reads the colleague's version and writes the hold into it.
    await createExcelCreditHoldWriter({ resolvePath: () => path, lockDir: join(dir, 'locks') }).setCreditHold(
      ref,
      'D1',
      true,
    );
    expect((await grid(path))[2]).toEqual(['D1', 'A 改名', 'a@x.cn', '是']);
  });
});
