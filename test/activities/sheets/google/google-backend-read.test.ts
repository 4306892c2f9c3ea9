import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildSampleSheets,
  largeLedgerRows,
  LARGE_LEDGER_HEADERS,
  SAMPLE_SCHEMAS,
  type SampleSheet,
} from '../../../../activities/sheets/samples';
import { readTable } from '../../../../activities/sheets/read-table';
import type { RawRow } from '../../../../activities/sheets/types';
import { ValidationError } from '../../../../domain/errors';
import { createTableParser, schemas, type FieldMap, type Schema, type TableSummary } from '../../../../domain/sheets';
import { loadSamplesIntoStandin } from '../../../support/sheets-standin';
import { collect, startGoogleFixture, type GoogleFixture } from './google-fixture';

function parse(
  schema: Schema<FieldMap>,
  rows: Iterable<RawRow>,
): { records: Record<string, unknown>[]; summary: TableSummary } {
  const records: Record<string, unknown>[] = [];
  const parser = createTableParser(schema, { file: 'sheet', sheet: 'tab' }, (r) => records.push(r));
  for (const r of rows) parser.push(r);
  return { records, summary: parser.finish() };
}

/** The grid exactly as the sample generator meant it (formula cells give their cached value). */
function sourceRows(sheet: SampleSheet): RawRow[] {
  return sheet.rows.map((cells, i) => ({
    rowNumber: i + 1,
    cells: cells.map((c) => (c !== null && typeof c === 'object' && !(c instanceof Date) ? c.value : c)),
  }));
}

describe('Google Sheets backend: reading', () => {
  let fx: GoogleFixture;
  beforeAll(async () => {
    fx = await startGoogleFixture();
  });
  afterAll(async () => {
    await fx.close();
  });

  it('reads every messy sample tab to the same records as the source grid (title rows, merges, totals, text numbers, date styles)', async () => {
    const sheets = buildSampleSheets({ seed: 7, period: '2026-11' });
    const where = loadSamplesIntoStandin(fx.standin, sheets);
    const backend = fx.backend();
    for (const name of SAMPLE_SCHEMAS) {
      const ref = { kind: 'google' as const, spreadsheetId: where[name]!.spreadsheetId, tab: sheets[name].sheetName };
      const viaGoogle = parse(schemas[name] as unknown as Schema<FieldMap>, await collect(backend.readRows(ref)));
      const expected = parse(schemas[name] as unknown as Schema<FieldMap>, sourceRows(sheets[name]));
      expect(viaGoogle.summary.problems, name).toEqual([]);
      expect(viaGoogle.summary.validRows, name).toBe(sheets[name].records);
      expect(viaGoogle.summary.headerRow, name).toBe(sheets[name].headerRow);
      expect(viaGoogle.records, name).toEqual(expected.records);
    }
    const ledger = parse(
      schemas.stockLedger as unknown as Schema<FieldMap>,
      await collect(backend.readRows({ kind: 'google', spreadsheetId: where.stockLedger!.spreadsheetId })),
    );
    expect(ledger.summary.skipped.totals).toBe(1);
    expect(ledger.summary.skipped.blank).toBeGreaterThan(0);
  });

  it('resolves merged cells, quoted tab names and Google-style trimmed rows', async () => {
    const id = fx.standin.createSpreadsheet({
      sheets: [
        { title: '说明', rows: [['本表由仓储组维护']] },
        {
          title: "Sheet 1's 台账",
          rows: [
            ['售后配件库存台账 2026年11月'],
            [],
            ['仓库', '配件编号', '数量', '', ''],
            ['新件库', 'ZD-1001', 12, null, null],
            [],
            ['旧件库', 'ZD-1002', '１２'],
          ],
          merges: ['A1:C1'],
        },
      ],
    });
    const backend = fx.backend();
    expect(await backend.listSheets({ kind: 'google', spreadsheetId: id })).toEqual(['说明', "Sheet 1's 台账"]);
    const rows = await collect(backend.readRows({ kind: 'google', spreadsheetId: id, tab: "Sheet 1's 台账" }));
    expect(rows).toEqual([
      {
        rowNumber: 1,
        cells: ['售后配件库存台账 2026年11月', '售后配件库存台账 2026年11月', '售后配件库存台账 2026年11月'],
      },
      { rowNumber: 3, cells: ['仓库', '配件编号', '数量'] },
      { rowNumber: 4, cells: ['新件库', 'ZD-1001', 12] },
      { rowNumber: 6, cells: ['旧件库', 'ZD-1002', '１２'] },
    ]);
    await expect(collect(backend.readRows({ kind: 'google', spreadsheetId: id, tab: '不存在' }))).rejects.toMatchObject(
      {
        code: 'SheetNotFound',
        permanent: true,
      },
    );
  });

  it('reads 50 000 rows in a handful of batched calls, every cell intact', async () => {
    const data = [...largeLedgerRows(3, '2026-11', 50_000)];
    const id = fx.standin.createSpreadsheet({
      sheets: [{ title: '库存台账', rows: [['大表'], [...LARGE_LEDGER_HEADERS], ...data] }],
    });
    fx.standin.resetCalls();
    const backend = fx.backend();
    let count = 0;
    let mismatches = 0;
    for await (const row of backend.readRows({ kind: 'google', spreadsheetId: id })) {
      count++;
      if (row.rowNumber < 3) continue;
      const want = data[row.rowNumber - 3]!;
      // Dates come back as the text the user sees; everything else exactly as stored.
      const got = row.cells;
      const same = want.every((w, i) =>
        w instanceof Date ? got[i] === w.toISOString().slice(0, 10) : (w ?? null) === (got[i] ?? null),
      );
      if (!same) mismatches++;
    }
    expect(count).toBe(50_002);
    expect(mismatches).toBe(0);
    const batchGets = fx.standin.log.filter((l) => l.method === 'spreadsheets.values.batchGet');
    expect(batchGets.length).toBeLessThanOrEqual(2);
    expect(fx.standin.callCount()).toBeLessThanOrEqual(4);
    for (const call of batchGets) {
      expect(call.query.valueRenderOption).toBe('UNFORMATTED_VALUE');
      expect(call.query.dateTimeRenderOption).toBe('FORMATTED_STRING');
    }
  });

  it('sizes each read call by cells, learning the real row width (wide grids do not blow up memory)', async () => {
    const data = Array.from({ length: 20_000 }, (_, r) => Array.from({ length: 10 }, (_, c) => `r${r}c${c}`));
    const id = fx.standin.createSpreadsheet({ sheets: [{ title: '宽表', rows: data, columnCount: 40 }] });
    const backend = fx.backend({ maxCellsPerRead: 50_000, chunkRows: 2_000, rangesPerCall: 10 });
    fx.standin.resetCalls();
    const rows = await collect(backend.readRows({ kind: 'google', spreadsheetId: id }));
    expect(rows).toHaveLength(20_000);
    expect(rows[19_999]).toEqual({ rowNumber: 20_000, cells: data[19_999] });
    // First call assumes the 40-column grid (1 250 rows); then 10 real columns allow 5 000 rows a call.
    const calls = fx.standin.log.filter((l) => l.method === 'spreadsheets.values.batchGet');
    expect(calls).toHaveLength(5);
    expect(calls[0]!.query.ranges).toEqual("'宽表'!A1:AN1250");
    expect(calls[1]!.query.ranges).toEqual(["'宽表'!A1251:AN3250", "'宽表'!A3251:AN5250", "'宽表'!A5251:AN6250"]);
  });

  it('remembers the fingerprint of a complete read, equal to a fresh fingerprint of the same content', async () => {
    const id = fx.standin.createSpreadsheet({
      sheets: [{ title: '台账', rows: [['配件编号', '数量'], ...Array.from({ length: 30 }, (_, i) => [`P${i}`, i])] }],
    });
    const backend = fx.backend({ chunkRows: 10, rangesPerCall: 1 });
    const ref = { kind: 'google' as const, spreadsheetId: id, tab: '台账' };
    expect(backend.fingerprintOfLastRead(ref)).toBeUndefined();
    for await (const row of backend.readRows(ref)) if (row.rowNumber > 5) break;
    expect(backend.fingerprintOfLastRead(ref)).toBeUndefined();
    await collect(backend.readRows(ref));
    const remembered = backend.fingerprintOfLastRead(ref);
    expect(remembered).toEqual(await backend.fingerprint(ref));
    fx.standin.edit(id, '台账!B31', [['30']]);
    expect((await backend.fingerprint(ref)).value).not.toBe(remembered?.value);
  });

  it('through read-table: every planted problem reported with spreadsheet, tab, row and column; valid rows kept', async () => {
    const sheets = buildSampleSheets({ seed: 11, period: '2026-11', withErrors: true });
    const { dealerTransactions: where } = loadSamplesIntoStandin(fx.standin, {
      dealerTransactions: sheets.dealerTransactions,
    });
    const backend = fx.backend();
    const ref = { kind: 'google' as const, spreadsheetId: where!.spreadsheetId, tab: '往来账' };
    fx.standin.resetCalls();
    const result = await readTable(backend, ref, schemas.dealerTransactions, {
      policy: 'proceed-with-valid',
      label: '往来账 2026-11',
    });
    // The fingerprint comes from the read itself: one spreadsheets.get and the values, no second read of the tab.
    expect(fx.standin.calls['spreadsheets.get']).toBe(1);
    expect(fx.standin.calls['spreadsheets.values.batchGet']).toBe(1);
    expect(result.rows).toHaveLength(sheets.dealerTransactions.records);
    expect(result.headerRow).toBe(2);
    const planted = sheets.dealerTransactions.planted.map((p) => [p.row, p.column, p.value]);
    expect(result.problems.map((p) => [p.row, p.column, p.value])).toEqual(planted);
    expect(result.problems.every((p) => p.file === '往来账 2026-11' && p.sheet === '往来账')).toBe(true);
    expect(result.fingerprint).toEqual(await backend.fingerprint(ref));
    const err = await readTable(backend, ref, schemas.dealerTransactions, { policy: 'stop-on-error' }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ValidationError);
    expect((err as ValidationError).problems).toHaveLength(planted.length);
  });
});
