/**
 * Reading rules on files exceljs did not write: an Excel-style package built from the XML Excel itself writes
 * (shared strings with `_x000D_`, shared formulas, cached results of 0/FALSE/"", a chart sheet and hidden sheets in
 * front), a LibreOffice-authored workbook from the conformance corpus, and files that are not readable .xlsx at all.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createExcelBackend } from '../../../../activities/sheets/excel/excel-backend';
import { readTable } from '../../../../activities/sheets/read-table';
import { AppError } from '../../../../domain/errors';
import { stockLedger } from '../../../../domain/sheets/schemas';
import { writeRawWorkbook } from '../../../support/raw-xlsx';

const dir = mkdtempSync(join(tmpdir(), 'reading-rules-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const CORPUS = join(__dirname, '../../../fixtures/workbooks');

// Shared strings as Excel writes them: a header typed with Alt+Enter is stored as "配件_x000D_\n编号".
const STRINGS = ['仓库', '配件_x000D_\n编号', '库位', '账面_x000D_\n数量', '卡片数量', '单价', '新件库', 'P-1', 'A-01', 'P-2', 'A-02', 'P-3', 'A-03', 'P-4', 'A-04', '结存', '_x005F_x000D_ 字面'];
const s = (ref: string, i: number) => `<c r="${ref}" t="s"><v>${i}</v></c>`;
const n = (ref: string, v: number) => `<c r="${ref}"><v>${v}</v></c>`;
const EXCEL_ROWS = [
  `<row r="1">${s('A1', 0)}${s('B1', 1)}${s('C1', 2)}${s('D1', 3)}${s('E1', 4)}${s('F1', 5)}${s('G1', 15)}</row>`,
  // D2: master of a shared formula whose cached result is 0; G2: boolean formula cached FALSE.
  `<row r="2">${s('A2', 6)}${s('B2', 7)}${s('C2', 8)}<c r="D2"><f t="shared" ref="D2:D3" si="0">E2-0</f><v>0</v></c>${n('E2', 0)}${n('F2', 12.5)}<c r="G2" t="b"><f>D2&gt;0</f><v>0</v></c></row>`,
  // D3: child of the shared formula (no formula text), cached 0; G3: string formula cached "" (blank).
  `<row r="3">${s('A3', 6)}${s('B3', 9)}${s('C3', 10)}<c r="D3"><f t="shared" si="0"/><v>0</v></c>${n('E3', 0)}${n('F3', 3)}<c r="G3" t="str"><f>IF(D3&gt;0,"有","")</f><v></v></c></row>`,
  // A negative book quantity is refused; zero is allowed.
  `<row r="4">${s('A4', 6)}${s('B4', 11)}${s('C4', 12)}${n('D4', -5)}${n('E4', 0)}${n('F4', 1)}<c r="G4" t="inlineStr"><is><t>备_x0009_注</t></is></c></row>`,
  `<row r="5">${s('A5', 6)}${s('B5', 13)}${s('C5', 14)}${n('D5', 7)}<c r="E5"><f>D5-7</f><v>0</v></c>${n('F5', 2)}${s('G5', 16)}</row>`,
].join('');

describe('Excel-style workbook (raw SpreadsheetML as Excel writes it)', () => {
  const path = join(dir, 'excel-style.xlsx');
  writeRawWorkbook(
    path,
    [
      { name: '图表1', chart: true },
      { name: '隐藏', state: 'hidden', rows: '<row r="1"><c r="A1" t="inlineStr"><is><t>不该读</t></is></c></row>' },
      { name: '很隐藏', state: 'veryHidden', rows: '' },
      { name: '台账', rows: EXCEL_ROWS },
    ],
    STRINGS,
  );
  const backend = createExcelBackend({ root: dir });

  it('never chooses a chart, hidden or very hidden sheet by default', async () => {
    expect(await backend.listSheets({ kind: 'excel', path: 'excel-style.xlsx' })).toEqual(['台账']);
    const t = await readTable(backend, { kind: 'excel', path: 'excel-style.xlsx' }, stockLedger, {
      policy: 'proceed-with-valid',
    });
    expect(t.sheet).toBe('台账');
    // Naming a chart sheet explicitly says what it is.
    await expect(
      readTable(backend, { kind: 'excel', path: 'excel-style.xlsx', sheet: '图表1' }, stockLedger, {
        policy: 'proceed-with-valid',
      }),
    ).rejects.toThrow(/chart sheet/);
  });

  it('reads cached formula results of 0, FALSE and "" as those values and decodes _xHHHH_ escapes', async () => {
    const rows = [];
    for await (const r of backend.readRows({ kind: 'excel', path: 'excel-style.xlsx' })) rows.push(r);
    const byRow = new Map(rows.map((r) => [r.rowNumber, r.cells]));
    expect(byRow.get(1)?.[1]).toBe('配件\r\n编号');
    expect(byRow.get(2)?.[3]).toBe(0);
    expect(byRow.get(2)?.[6]).toBe(false);
    expect(byRow.get(3)?.[3]).toBe(0); // shared-formula child
    expect(byRow.get(3)?.[6] ?? '').toBe('');
    expect(byRow.get(4)?.[6]).toBe('备\t注'); // inline string
    expect(byRow.get(5)?.[4]).toBe(0);
    expect(byRow.get(5)?.[6]).toBe('_x000D_ 字面'); // an escaped literal stays as typed
  });

  it('maps the escaped headers, accepts computed zeros and refuses the negative book quantity', async () => {
    const t = await readTable(backend, { kind: 'excel', path: 'excel-style.xlsx' }, stockLedger, {
      policy: 'proceed-with-valid',
    });
    expect(t.headerRow).toBe(1);
    expect(t.rows.map((r) => [r.partNo, r.bookQty, r.cardQty])).toEqual([
      ['P-1', 0, 0],
      ['P-2', 0, 0],
      ['P-4', 7, 0],
    ]);
    expect(t.problems).toHaveLength(1);
    expect(t.problems[0]).toMatchObject({ row: 4, column: '账面数量', value: '-5', code: 'negative', col: 'D' });
  });
});

describe('LibreOffice-authored workbook with formulas giving 0', () => {
  it('reads the zero results as numbers, not as empty cells', async () => {
    copyFileSync(join(CORPUS, '04-formulas-zero.xlsx'), join(dir, 'lo.xlsx'));
    const backend = createExcelBackend({ root: dir });
    const t = await readTable(backend, { kind: 'excel', path: 'lo.xlsx' }, stockLedger, {
      policy: 'proceed-with-valid',
    });
    const zeros = t.rows.filter((r) => r.bookQty === 0);
    expect(zeros.length).toBeGreaterThan(0);
    expect(t.problems.filter((p) => p.code === 'required')).toEqual([]);
  });
});

describe('files that are not a readable .xlsx are refused at once, permanently, naming the file', () => {
  const cases: { name: string; bytes: () => Buffer; kind: string; says: RegExp }[] = [
    {
      name: 'legacy.xls',
      bytes: () => Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(600)]),
      kind: 'legacy-xls',
      says: /legacy.xls .*Save As.*\.xlsx/,
    },
    {
      name: 'wps.et',
      bytes: () => Buffer.concat([Buffer.from('d0cf11e0a1b11ae1', 'hex'), Buffer.alloc(600)]),
      kind: 'wps-et',
      says: /wps.et .*WPS/,
    },
    {
      name: 'locked.xlsx',
      bytes: () =>
        Buffer.concat([
          Buffer.from('d0cf11e0a1b11ae1', 'hex'),
          Buffer.alloc(512),
          Buffer.from('EncryptionInfo', 'utf16le'),
          Buffer.alloc(64),
        ]),
      kind: 'encrypted',
      says: /locked.xlsx .*password/,
    },
    {
      name: 'renamed.xlsx',
      bytes: () => Buffer.from('\ufeff配件编号,库位,账面数量\nP-1,A-01,3\n', 'utf8'),
      kind: 'csv',
      says: /renamed.xlsx .*CSV/,
    },
    {
      name: 'truncated.xlsx',
      bytes: () => Buffer.from('PK\u0003\u0004 this zip was cut short', 'latin1'),
      kind: 'corrupt',
      says: /truncated.xlsx .*damaged/,
    },
  ];
  for (const c of cases) {
    it(`${c.kind}: ${c.name}`, async () => {
      writeFileSync(join(dir, c.name), c.bytes());
      const backend = createExcelBackend({ root: dir });
      const err = await readTable(backend, { kind: 'excel', path: c.name }, stockLedger, {
        policy: 'proceed-with-valid',
      }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect(err).toMatchObject({ code: 'UnreadableWorkbook', permanent: true, context: { kind: c.kind } });
      expect((err as Error).message).toMatch(c.says);
    });
  }

  it('corrupt deflate data inside a well-formed zip', async () => {
    const path = join(dir, 'damaged.xlsx');
    writeRawWorkbook(path, [{ name: 'S', rows: EXCEL_ROWS }], STRINGS);
    const bytes = readFileSync(path);
    const name = Buffer.from('xl/worksheets/sheet1.xml');
    const at = bytes.indexOf(name) + name.length; // first hit: the local header; its data follows the name
    bytes.fill(0xff, at, at + 24);
    writeFileSync(path, bytes);
    const backend = createExcelBackend({ root: dir });
    const err = await readTable(backend, { kind: 'excel', path: 'damaged.xlsx' }, stockLedger, {
      policy: 'proceed-with-valid',
    }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'UnreadableWorkbook', permanent: true, context: { kind: 'corrupt' } });
    expect((err as Error).message).toMatch(/damaged.xlsx .*damaged/);
  });
});
