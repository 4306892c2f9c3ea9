import { mkdtemp, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConcurrentEditError } from '../../../domain/errors';
import { stockLedger } from '../../../domain/sheets/schemas';
import { createExcelBackend } from '../../../activities/sheets/excel/excel-backend';
import { forEachRow, readTable } from '../../../activities/sheets/read-table';
import type { RawRow, TableBackend, TableRef } from '../../../activities/sheets/types';

const ROWS = 20_000;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sheets-stream-'));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: join(dir, 'big.xlsx'), useSharedStrings: true });
  const ws = wb.addWorksheet('台账');
  ws.addRow(['售后配件库存台账（大）']).commit();
  ws.addRow(['仓库', '库区', '配件编号', '配件名称', '库位', '账面数量', '卡片数量', '单价', '类别']).commit();
  for (let i = 0; i < ROWS; i++) {
    const bad = i % 5000 === 4999;
    ws.addRow([
      i % 2 ? '新件库' : '旧件库',
      `${i % 7}区`,
      `P-${i}`,
      `配件${i}`,
      `L-${i % 300}`,
      bad ? '多' : i % 50,
      i % 50,
      '12.50',
      '制动',
    ]).commit();
  }
  ws.commit();
  await wb.commit();
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The real Excel backend, observed: counts rows it has produced so far, and can run a hook mid-read. */
function observed(
  inner: TableBackend,
  onYield?: (n: number) => Promise<void>,
): TableBackend & { produced: () => number } {
  let produced = 0;
  return {
    ...inner,
    produced: () => produced,
    async *readRows(ref: TableRef): AsyncGenerator<RawRow> {
      for await (const r of inner.readRows(ref)) {
        produced++;
        await onYield?.(produced);
        yield r;
      }
    },
  };
}

describe('forEachRow streams with bounded buffering', () => {
  it('hands each valid row over while the file is still being read, and reports the bad ones', async () => {
    const backend = observed(createExcelBackend({ root: dir }));
    let delivered = 0;
    let maxLag = 0;
    const summary = await forEachRow(
      backend,
      { kind: 'excel', path: 'big.xlsx' },
      stockLedger,
      { policy: 'proceed-with-valid' },
      (row) => {
        delivered++;
        maxLag = Math.max(maxLag, backend.produced() - row.rowNumber);
      },
    );
    expect(delivered).toBe(ROWS - 4);
    expect(summary.validRows).toBe(ROWS - 4);
    expect(summary.problems.map((p) => [p.row, p.column, p.value])).toEqual([
      [5002, '账面数量', '多'],
      [10002, '账面数量', '多'],
      [15002, '账面数量', '多'],
      [20002, '账面数量', '多'],
    ]);
    // At most the header-scan window is ever held back: memory does not grow with the row count.
    expect(maxLag).toBeLessThanOrEqual(30);
  });

  it('fails retryably when the file changes while it is being read', async () => {
    const path = join(dir, 'big.xlsx');
    const backend = observed(createExcelBackend({ root: dir }), async (n) => {
      if (n === 1000) await utimes(path, new Date(), new Date(Date.now() + 60_000));
    });
    const err = await readTable(backend, { kind: 'excel', path: 'big.xlsx' }, stockLedger, {
      policy: 'proceed-with-valid',
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConcurrentEditError);
    expect((err as Error).message).toBe('big.xlsx › 台账 changed while it was being read; read again');
  });
});
