/**
 * Regression for exceljs' streaming reader turning Chinese characters split across zip chunks into U+FFFD
 * (exceljs #2063/#2084/#2316), fixed by patches/exceljs+4.4.0.patch: write a large Chinese workbook and read every
 * cell back through the Excel backend.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createExcelBackend } from '../../../../activities/sheets/excel/excel-backend';
import { assertExcelUtf8Safe } from '../../../../activities/sheets/excel/utf8-guard';
import { readWorkbookStructure } from '../../../../activities/sheets/excel/workbook-parts';
import { openZipEntry } from '../../../../activities/sheets/excel/zip-reader';

const WORDS =
  '配件编号名称类别单位单价供应商适用车型仓库新件旧件库区库位账面数量卡片刹车片总成机油滤清器火花塞发电机起动机𠀋𡈽';
const CHARS = Array.from(WORDS); // includes two astral (4-byte UTF-8) characters
const COLS = 6;

function cellText(row: number, col: number): string {
  let s = '';
  const len = 2 + ((row * 7 + col * 3) % 11);
  for (let k = 0; k < len; k++) s += CHARS[(row * 31 + col * 17 + k * 13) % CHARS.length];
  return `${s}${row}-${col}`;
}

async function writeBig(path: string, rows: number, useSharedStrings: boolean): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings });
  const ws = wb.addWorksheet('大表');
  for (let r = 1; r <= rows; r++) {
    ws.addRow(Array.from({ length: COLS }, (_, c) => cellText(r, c))).commit();
  }
  ws.commit();
  await wb.commit();
}

/** How many characters a per-chunk decoder (the unpatched behaviour) would have broken in a zip entry. */
async function brokenByPerChunkDecoding(path: string, part: string): Promise<number> {
  const { entries } = await readWorkbookStructure(path);
  const entry = entries.find((e) => e.name === part);
  if (!entry) throw new Error(`no ${part}`);
  let broken = 0;
  for await (const chunk of await openZipEntry(path, entry)) {
    broken += (new TextDecoder().decode(chunk as Buffer).match(/\uFFFD/g) ?? []).length;
  }
  return broken;
}

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sheets-utf8-'));
  await writeBig(join(dir, 'shared.xlsx'), 30_000, true);
  await writeBig(join(dir, 'inline.xlsx'), 10_000, false);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('streaming read of large Chinese workbooks', () => {
  it('the installed exceljs decodes a character split across chunks', async () => {
    await expect(assertExcelUtf8Safe()).resolves.toBeUndefined();
  });

  for (const [file, rows, part] of [
    ['shared.xlsx', 30_000, 'xl/sharedStrings.xml'],
    ['inline.xlsx', 10_000, 'xl/worksheets/sheet1.xml'],
  ] as const) {
    it(`reads every cell of ${rows} rows back unchanged (${file})`, async () => {
      // The data really does split characters across chunk boundaries, so the test would catch the bug.
      expect(await brokenByPerChunkDecoding(join(dir, file), part)).toBeGreaterThan(10);
      const backend = createExcelBackend({ root: dir });
      let n = 0;
      const mismatches: string[] = [];
      for await (const row of backend.readRows({ kind: 'excel', path: file })) {
        n++;
        for (let c = 0; c < COLS; c++) {
          const expected = cellText(row.rowNumber, c);
          if (row.cells[c] !== expected && mismatches.length < 5)
            mismatches.push(`${row.rowNumber}:${c} ${String(row.cells[c])}`);
        }
      }
      expect(mismatches).toEqual([]);
      expect(n).toBe(rows);
    });
  }
});
