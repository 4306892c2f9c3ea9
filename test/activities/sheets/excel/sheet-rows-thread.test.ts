/**
 * Large sheets are read in a worker thread (excel-backend `threadedReadMinBytes`). The thread must hand over exactly
 * the rows the in-process reader gives — every sheet of the LibreOffice- and Excel-authored corpus (merged ranges,
 * dates, formulas, rich text) read both ways — raise a damaged package as the same permanent UnreadableWorkbook
 * error, and stop cleanly when the caller stops early.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createExcelBackend } from '../../../../activities/sheets/excel/excel-backend';
import type { RawRow, TableRef } from '../../../../activities/sheets/types';
import { writeRawWorkbook } from '../../../support/raw-xlsx';

const dir = mkdtempSync(join(tmpdir(), 'sheet-rows-thread-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const CORPUS = [
  join(__dirname, '../../../fixtures/workbooks'),
  join(__dirname, '../../../fixtures/sheets/libreoffice'),
];

async function rowsOf(threaded: boolean, root: string, ref: TableRef): Promise<RawRow[]> {
  const backend = createExcelBackend({ root, threadedReadMinBytes: threaded ? 0 : Number.MAX_SAFE_INTEGER });
  const rows: RawRow[] = [];
  for await (const r of backend.readRows(ref)) rows.push(r);
  return rows;
}

describe('reading a sheet in a worker thread', () => {
  it('gives the rows the in-process reader gives, on every sheet of the corpus', async () => {
    let sheets = 0;
    let rows = 0;
    let dates = 0;
    for (const folder of CORPUS) {
      for (const file of readdirSync(folder).filter((n) => n.endsWith('.xlsx'))) {
        const backend = createExcelBackend({ root: folder });
        for (const sheet of await backend.listSheets({ kind: 'excel', path: file })) {
          const ref: TableRef = { kind: 'excel', path: file, sheet };
          const threaded = await rowsOf(true, folder, ref);
          expect(threaded, `${file} › ${sheet}`).toEqual(await rowsOf(false, folder, ref));
          sheets++;
          rows += threaded.length;
          dates += threaded.flatMap((r) => r.cells).filter((c) => c instanceof Date).length;
        }
      }
    }
    expect(sheets).toBeGreaterThanOrEqual(14);
    expect(rows).toBeGreaterThan(100);
    expect(dates).toBeGreaterThan(10);
  });

  it('many batches arrive whole and in order', async () => {
    const rowsXml = Array.from(
      { length: 5000 },
      (_, i) =>
        `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>P-${i}</t></is></c><c r="B${i + 1}"><v>${i * 0.5}</v></c>` +
        `<c r="C${i + 1}" t="b"><v>${i % 2}</v></c></row>`,
    ).join('');
    writeRawWorkbook(join(dir, 'long.xlsx'), [{ name: 'S', rows: rowsXml }], []);
    const ref: TableRef = { kind: 'excel', path: 'long.xlsx' };
    const threaded = await rowsOf(true, dir, ref);
    expect(threaded).toHaveLength(5000);
    expect(threaded.map((r) => r.rowNumber)).toEqual(Array.from({ length: 5000 }, (_, i) => i + 1));
    expect(threaded).toEqual(await rowsOf(false, dir, ref));
  });

  it('a damaged sheet part is the same permanent UnreadableWorkbook error', async () => {
    writeRawWorkbook(join(dir, 'damaged.xlsx'), [{ name: 'S', rows: '<row r="1"><c r="A1"><v>1</v></c></row>' }], []);
    const bytes = readFileSync(join(dir, 'damaged.xlsx'));
    const name = Buffer.from('xl/worksheets/sheet1.xml');
    const at = bytes.indexOf(name) + name.length;
    bytes.fill(0xff, at, at + 24);
    writeFileSync(join(dir, 'damaged.xlsx'), bytes);
    const errors = [];
    for (const threaded of [true, false]) {
      errors.push(await rowsOf(threaded, dir, { kind: 'excel', path: 'damaged.xlsx' }).catch((e: unknown) => e));
    }
    expect(errors[0]).toMatchObject({ code: 'UnreadableWorkbook', permanent: true, context: { kind: 'corrupt' } });
    expect((errors[0] as Error).message).toBe((errors[1] as Error).message);
  });

  it('stopping after a few rows ends the thread', async () => {
    const backend = createExcelBackend({ root: dir, threadedReadMinBytes: 0 });
    const first: number[] = [];
    for await (const r of backend.readRows({ kind: 'excel', path: 'long.xlsx' })) {
      first.push(r.rowNumber);
      if (first.length === 3) break;
    }
    expect(first).toEqual([1, 2, 3]);
  });
});
