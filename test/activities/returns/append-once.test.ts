// The append-once journal over real workbooks on disk: one row per key whatever the retries, no lost rows
// when returns post at the same time, a person's edits kept, and no write while Excel holds the file open.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { appendOnce, ensureJournal, readJournal, type JournalSpec } from '../../../activities/returns/append-once';
import { creditJournal, dateCell, inspectionJournal } from '../../../activities/returns/journals';
import { readTable } from '../../../activities/sheets/read-table';
import { schemas } from '../../../domain/sheets';
import { readTransactions } from '../../../activities/dunning/read-dealer-tables';
import { createExcelBackend } from '../../../activities/sheets/excel/excel-backend';
import { ConcurrentEditError } from '../../../domain/errors';

let dir: string;
let lockDir: string;
const ref = { kind: 'excel' as const, path: '退货抵扣.xlsx', sheet: '退货抵扣' };
const spec: JournalSpec = creditJournal(ref);
const row = (no: string, yuan: number): (string | number | Date | null)[] => [
  dateCell('2026-11-30'),
  'D001',
  '退货抵扣',
  `CR-${no}`,
  yuan,
  null,
  null,
  `旧件退回 ${no}`,
  no,
];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'journal-'));
  lockDir = join(dir, '.locks');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('appendOnce', () => {
  it('creates the workbook, then finds the key instead of writing it twice', async () => {
    const backend = createExcelBackend({ root: dir });
    expect(await readJournal(backend, spec)).toBeNull();
    const first = await appendOnce(backend, spec, row('R1', 700), { lockDir });
    expect(first).toMatchObject({ status: 'appended', row: 2 });
    const again = await appendOnce(backend, spec, row('R1', 999), { lockDir });
    expect(again).toMatchObject({ status: 'already-present', row: 2 });
    expect(again.values[4]).toBe(700);
    const tx = await readTransactions(backend, ref);
    expect(tx.rows.map((r) => [r.docNo, r.type, r.amountFen, r.date])).toEqual([
      ['CR-R1', 'credit', 70_000, '2026-11-30'],
    ]);
  });

  it('creates empty journals the dunning and quality readers accept before the first posting', async () => {
    const backend = createExcelBackend({ root: dir });
    const q = inspectionJournal({ kind: 'excel', path: '三包鉴定结果.xlsx', sheet: '三包鉴定' });
    expect(await ensureJournal(backend, spec, { lockDir })).toBe(true);
    expect(await ensureJournal(backend, q, { lockDir })).toBe(true);
    expect(await ensureJournal(backend, spec, { lockDir })).toBe(false);
    const tx = await readTransactions(backend, ref);
    expect([tx.rows.length, tx.summary.problemCount, tx.summary.fatal]).toEqual([0, 0, false]);
    const events = await readTable(backend, q.ref, schemas.qualityEvents, { policy: 'stop-on-error' });
    expect(events.rows).toEqual([]);
    await appendOnce(backend, spec, row('R1', 700), { lockDir });
    expect(await ensureJournal(backend, spec, { lockDir })).toBe(false);
    expect((await readTransactions(backend, ref)).rows).toHaveLength(1);
  });

  it('loses no row when many returns post at once', async () => {
    const backend = createExcelBackend({ root: dir });
    const nos = Array.from({ length: 8 }, (_, i) => `R${i + 1}`);
    const results = await Promise.all(
      [...nos, 'R3', 'R5'].map((no, i) => appendOnce(backend, spec, row(no, 100 + i), { lockDir })),
    );
    expect(results.filter((r) => r.status === 'appended')).toHaveLength(8);
    const tx = await readTransactions(backend, ref);
    expect(tx.rows.map((r) => r.docNo).sort()).toEqual(nos.map((n) => `CR-${n}`).sort());
  });

  it('keeps what a person changed in the journal, and refuses a changed header', async () => {
    const backend = createExcelBackend({ root: dir });
    await appendOnce(backend, spec, row('R1', 700), { lockDir });
    const path = join(dir, '退货抵扣.xlsx');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path);
    wb.getWorksheet('退货抵扣')!.getCell('H2').value = '财务已核对';
    await wb.xlsx.writeFile(path);
    await appendOnce(backend, spec, row('R2', 50), { lockDir });
    const tx = await readTransactions(backend, ref);
    expect(tx.rows.map((r) => [r.docNo, r.note ?? ''])).toEqual([
      ['CR-R1', '财务已核对'],
      ['CR-R2', '旧件退回 R2'],
    ]);

    const wb2 = new ExcelJS.Workbook();
    await wb2.xlsx.readFile(path);
    wb2.getWorksheet('退货抵扣')!.getCell('E1').value = '金额（元）';
    await wb2.xlsx.writeFile(path);
    await expect(appendOnce(backend, spec, row('R3', 1), { lockDir })).rejects.toThrow(/header row was changed/);
  });

  it('does not write while the workbook is open in Excel (retryable), and writes once it is closed', async () => {
    const backend = createExcelBackend({ root: dir });
    await appendOnce(backend, spec, row('R1', 700), { lockDir });
    const lock = join(dir, '~$退货抵扣.xlsx');
    writeFileSync(lock, Buffer.alloc(165));
    const err = await appendOnce(backend, spec, row('R2', 1), { lockDir }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConcurrentEditError);
    expect((err as ConcurrentEditError).permanent).toBe(false);
    rmSync(lock);
    expect((await appendOnce(backend, spec, row('R2', 1), { lockDir })).status).toBe('appended');
  });
});
