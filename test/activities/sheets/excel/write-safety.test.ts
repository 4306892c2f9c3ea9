import { createHash } from 'node:crypto';
import { copyFile, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError, ConcurrentEditError } from '../../../../domain/errors';
import { stockLedger } from '../../../../domain/sheets/schemas';
import { createExcelBackend, type ExcelBackend } from '../../../../activities/sheets/excel/excel-backend';
import { readTable } from '../../../../activities/sheets/read-table';
import type { RawRow, TableRef } from '../../../../activities/sheets/types';

const LO_FIXTURE = join(__dirname, '../../../fixtures/sheets/libreoffice/stock-ledger-messy.xlsx');
const FILE = '库存台账.xlsx';
const REF: TableRef = { kind: 'excel', path: FILE };
const HEADER = ['配件编号', '差异数量', '备注'];
const RESULT = [
  ['P-1001', -1, '少一件'],
  ['P-1002', 0, null],
];

let dir: string;
let backend: ExcelBackend;
let clock: number;

const sha = async (p: string): Promise<string> =>
  createHash('sha256')
    .update(await readFile(p))
    .digest('hex');

/** Cells as written, minus the trailing empty cells a reader cannot see. */
const trimmed = (rows: (string | number | null)[][]): (string | number | null)[][] =>
  rows.map((r) => {
    const out = [...r];
    while (out.length && out[out.length - 1] === null) out.pop();
    return out;
  });

async function readAll(ref: TableRef): Promise<RawRow[]> {
  const out: RawRow[] = [];
  for await (const r of backend.readRows(ref)) out.push(r);
  return out;
}

/** A colleague opens the workbook in "Excel" (here exceljs), changes a cell and saves. */
async function colleagueEdits(cell: string, value: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(join(dir, FILE));
  (wb.getWorksheet('库存台账') as ExcelJS.Worksheet).getCell(cell).value = value;
  await wb.xlsx.writeFile(join(dir, FILE));
  // Saved a moment later than our read, as in real life (mtime granularity on shares is coarse).
  const t = new Date(Date.now() + 5_000);
  await utimes(join(dir, FILE), t, t);
}

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sheets-write-'));
  await copyFile(LO_FIXTURE, join(dir, FILE));
  clock = Date.UTC(2026, 10, 30, 8, 0, 0);
  backend = createExcelBackend({ root: dir, now: () => new Date((clock += 1000)) });
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('safe write-back to Excel', () => {
  it('adds a new tab without losing any cell of the user sheets, keeping the previous version', async () => {
    const before = {
      ledger: await readAll({ ...REF, sheet: '库存台账' }),
      notes: await readAll({ ...REF, sheet: '说明' }),
    };
    const original = await sha(join(dir, FILE));
    const read = await readTable(backend, REF, stockLedger, { policy: 'stop-on-error' });

    const res = await backend.writeTable(REF, '盘点结果 2026-11', HEADER, RESULT, { expect: read.fingerprint });
    expect(res).toMatchObject({
      written: true,
      rows: 2,
      target: { kind: 'excel', path: FILE, sheet: '盘点结果 2026-11' },
    });
    expect(res.companionReason).toBeUndefined();

    expect(await readAll({ ...REF, sheet: '库存台账' })).toEqual(before.ledger);
    expect(await readAll({ ...REF, sheet: '说明' })).toEqual(before.notes);
    expect((await readAll({ ...REF, sheet: '盘点结果 2026-11' })).map((r) => r.cells)).toEqual(
      trimmed([HEADER, ...RESULT]),
    );
    expect(await backend.listSheets(REF)).toEqual(['库存台账', '说明', '盘点结果 2026-11']);

    // Atomic write: previous bytes kept in .bak/, no temp file left behind.
    expect(res.backupPath).toBe(join(dir, '.bak', '库存台账.20261130T080001000Z.xlsx'));
    expect(await sha(res.backupPath as string)).toBe(original);
    expect((await readdir(dir)).filter((n) => n.startsWith('.~tmp'))).toEqual([]);
    expect(res.fingerprint.value).toBe((await backend.fingerprint(REF)).value);
  });

  it('is idempotent: the same rows twice leave one copy; changed rows replace our own tab', async () => {
    const read = await readTable(backend, REF, stockLedger, { policy: 'stop-on-error' });
    await backend.writeTable(REF, '盘点结果 2026-11', HEADER, RESULT, { expect: read.fingerprint });
    const afterFirst = await backend.fingerprint(REF);
    const again = await backend.writeTable(REF, '盘点结果 2026-11', HEADER, RESULT, { expect: read.fingerprint });
    expect(again.written).toBe(false);
    expect((await backend.fingerprint(REF)).value).toBe(afterFirst.value);
    expect((await backend.listSheets(REF)).filter((s) => s.startsWith('盘点结果'))).toEqual(['盘点结果 2026-11']);

    // A second, different tab with the fingerprint from the original read: our own rewrite is not a conflict.
    const second = await backend.writeTable(REF, '调整 2026-11', HEADER, [['P-1001', 1, '补录']], {
      expect: read.fingerprint,
    });
    expect(second.written).toBe(true);
    const changed = await backend.writeTable(REF, '盘点结果 2026-11', HEADER, [['P-1001', -2, '复盘']], {
      expect: read.fingerprint,
    });
    expect(changed.written).toBe(true);
    const tab = await readAll({ ...REF, sheet: '盘点结果 2026-11' });
    expect(tab.map((r) => r.cells)).toEqual([HEADER, ['P-1001', -2, '复盘']]);
    expect((await backend.listSheets(REF)).filter((s) => s.startsWith('盘点结果'))).toHaveLength(1);
  });

  it('refuses to write when a colleague saved the file after it was read, and loses none of their cells', async () => {
    const read = await readTable(backend, REF, stockLedger, { policy: 'stop-on-error' });
    await backend.writeTable(REF, '调整 2026-11', HEADER, RESULT, { expect: read.fingerprint }); // our own write first
    await colleagueEdits('F4', '13');
    const colleagueVersion = await sha(join(dir, FILE));

    const err = await backend
      .writeTable(REF, '盘点结果 2026-11', HEADER, RESULT, { expect: read.fingerprint })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConcurrentEditError);
    expect((err as ConcurrentEditError).permanent).toBe(false);
    expect((err as Error).message).toContain('changed by someone else');
    expect(await sha(join(dir, FILE))).toBe(colleagueVersion);
    expect((await readAll({ ...REF, sheet: '库存台账' })).find((r) => r.rowNumber === 4)?.cells[5]).toBe('13');

    // The caller re-reads and retries: now the write goes through on top of the colleague's edit.
    const reread = await readTable(backend, REF, stockLedger, { policy: 'stop-on-error' });
    expect(reread.rows[0]?.bookQty).toBe(13);
    expect(
      (await backend.writeTable(REF, '盘点结果 2026-11', HEADER, RESULT, { expect: reread.fingerprint })).written,
    ).toBe(true);
    expect((await readAll({ ...REF, sheet: '库存台账' })).find((r) => r.rowNumber === 4)?.cells[5]).toBe('13');
  });

  it('refuses while the workbook is open in Excel (~$ lock file) or LibreOffice, then succeeds once closed', async () => {
    const read = await readTable(backend, REF, stockLedger, { policy: 'stop-on-error' });
    const original = await sha(join(dir, FILE));
    const owner = Buffer.alloc(165);
    owner[0] = 2;
    owner.write('wz', 1, 'latin1');
    owner.write('王芳', 56, 'utf16le');
    await writeFile(join(dir, `~$${FILE}`), owner);
    const err = await backend
      .writeTable(REF, '盘点结果 2026-11', HEADER, RESULT, { expect: read.fingerprint })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConcurrentEditError);
    expect((err as Error).message).toBe(
      `${FILE} is open in Excel by 王芳 (lock file ~$${FILE}); not writing until it is closed`,
    );
    await rm(join(dir, `~$${FILE}`));

    await writeFile(
      join(dir, `.~lock.${FILE}#`),
      ',李雷,host,30.11.2026 09:00,file:///home/lilei/.config/libreoffice/4;',
    );
    await expect(
      backend.writeTable(REF, '盘点结果 2026-11', HEADER, RESULT, { expect: read.fingerprint }),
    ).rejects.toThrow(/by 李雷/);
    await rm(join(dir, `.~lock.${FILE}#`));
    expect(await sha(join(dir, FILE))).toBe(original);

    expect(
      (await backend.writeTable(REF, '盘点结果 2026-11', HEADER, RESULT, { expect: read.fingerprint })).written,
    ).toBe(true);
  });

  it("never overwrites a user's sheet that happens to have the tab name", async () => {
    await expect(backend.writeTable(REF, '说明', HEADER, RESULT)).rejects.toMatchObject({ code: 'TabExists' });
    await expect(backend.writeTable(REF, 'bad/name', HEADER, RESULT)).rejects.toMatchObject({ code: 'InvalidTabName' });
  });

  it('neutralises text that would become a formula', async () => {
    const nasty = [
      '=HYPERLINK("http://evil.invalid","点我")',
      '+86-10-1234',
      '-2+3',
      '@SUM(A1)',
      '\t=1+1',
      '\r=1',
      '正常文本',
      -5,
    ];
    await backend.writeTable(
      REF,
      '注入测试',
      ['=危险表头', '值'],
      nasty.map((v, i) => [i, v]),
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(join(dir, FILE));
    const ws = wb.getWorksheet('注入测试') as ExcelJS.Worksheet;
    const cells: ExcelJS.Cell[] = [];
    ws.eachRow((row) => row.eachCell((c) => cells.push(c)));
    expect(cells.some((c) => c.type === ExcelJS.ValueType.Formula)).toBe(false);
    expect(ws.getCell('A1').value).toBe("'=危险表头");
    expect(nasty.map((_, i) => ws.getCell(`B${i + 2}`).value)).toEqual([
      '\'=HYPERLINK("http://evil.invalid","点我")',
      "'+86-10-1234",
      "'-2+3",
      "'@SUM(A1)",
      "'\t=1+1",
      expect.stringMatching(/^'[\r\n]=1$/), // XML turns a raw CR into LF on reading
      '正常文本',
      -5,
    ]);
  });

  it('writes to a companion workbook when rewriting the source could lose content (here: a picture)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('台账');
    ws.addRow(['仓库', '配件编号', '库位', '账面数量', '单价']);
    ws.addRow(['新件库', 'P-1', 'A-1', 1, 2]);
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    ws.addImage(wb.addImage({ buffer: png as unknown as ExcelJS.Buffer, extension: 'png' }), 'F1:G3');
    await wb.xlsx.writeFile(join(dir, '带图片.xlsx'));
    const before = await sha(join(dir, '带图片.xlsx'));
    const ref: TableRef = { kind: 'excel', path: '带图片.xlsx' };
    const read = await readTable(backend, ref, stockLedger, { policy: 'stop-on-error' });

    const res = await backend.writeTable(ref, '盘点结果 2026-11', HEADER, RESULT, { expect: read.fingerprint });
    expect(res.target).toEqual({ kind: 'excel', path: '带图片（结果）.xlsx', sheet: '盘点结果 2026-11' });
    expect(res.companionReason).toContain('drawings');
    expect(await sha(join(dir, '带图片.xlsx'))).toBe(before);
    expect((await readAll(res.target)).map((r) => r.cells)).toEqual(trimmed([HEADER, ...RESULT]));
    expect(
      (await backend.writeTable(ref, '盘点结果 2026-11', HEADER, RESULT, { expect: read.fingerprint })).written,
    ).toBe(false);
  });

  it('refuses paths outside the spreadsheet folder', async () => {
    await expect(backend.fingerprint({ kind: 'excel', path: '../etc/passwd' })).rejects.toBeInstanceOf(AppError);
  });
});
