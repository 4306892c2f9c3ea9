import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TABLE_METADATA_KEY } from '../../../../activities/sheets/google';
import { ConcurrentEditError } from '../../../../domain/errors';
import { startGoogleFixture, type GoogleFixture } from './google-fixture';

describe('Google Sheets backend: writing', () => {
  let fx: GoogleFixture;
  beforeAll(async () => {
    fx = await startGoogleFixture();
  });
  afterAll(async () => {
    await fx.close();
  });

  const ledger = (): string =>
    fx.standin.createSpreadsheet({
      sheets: [
        {
          title: '库存台账',
          rows: [
            ['售后配件库存台账 2026年11月'],
            ['仓库', '配件编号', '账面数量'],
            ['新件库', 'ZD-1001', 12],
            ['新件库', 'ZD-1002', 5],
          ],
        },
      ],
    });
  const tabs = (id: string): string[] => fx.standin.spreadsheet(id).sheets.map((s) => s.title);

  it('writes a new tab; the same rows written twice leave one copy and cost no second write', async () => {
    const id = ledger();
    const backend = fx.backend();
    const rows = [
      ['ZD-1001', 12, 11, -1, new Date(Date.UTC(2026, 10, 30))],
      ['ZD-1002', 5, 5, 0, null],
    ];
    const header = ['配件编号', '账面数量', '实盘数量', '差异', '盘点日期'];
    fx.standin.resetCalls();
    expect(await backend.writeTable({ kind: 'google', spreadsheetId: id }, '盘点结果 2026-11', header, rows)).toEqual({
      written: true,
      rows: 2,
    });
    expect(fx.standin.callCount('spreadsheets.values.batchUpdate')).toBe(1);
    expect(await backend.writeTable({ kind: 'google', spreadsheetId: id }, '盘点结果 2026-11', header, rows)).toEqual({
      written: false,
      rows: 2,
    });
    expect(fx.standin.callCount('spreadsheets.values.batchUpdate')).toBe(1);
    expect(tabs(id)).toEqual(['库存台账', '盘点结果 2026-11']);
    expect(fx.standin.peek(id, "'盘点结果 2026-11'", { valueRenderOption: 'UNFORMATTED_VALUE' }).values).toEqual([
      header,
      ['ZD-1001', 12, 11, -1, '2026-11-30'],
      ['ZD-1002', 5, 5, 0],
    ]);
    // The user's own tab is untouched.
    expect(fx.standin.peek(id, "'库存台账'!A3:C4", { valueRenderOption: 'UNFORMATTED_VALUE' }).values).toEqual([
      ['新件库', 'ZD-1001', 12],
      ['新件库', 'ZD-1002', 5],
    ]);
  });

  it('new content for a tab it wrote replaces that tab (still one copy); a tab it did not write is never overwritten', async () => {
    const id = ledger();
    const backend = fx.backend();
    const ref = { kind: 'google' as const, spreadsheetId: id };
    await backend.writeTable(ref, '结果', ['a'], [['first']]);
    await backend.writeTable(ref, '结果', ['a'], [['second'], ['third']]);
    expect(tabs(id)).toEqual(['库存台账', '结果']);
    expect(fx.standin.peek(id, '结果!A1:A9').values).toEqual([['a'], ['second'], ['third']]);
    await expect(backend.writeTable(ref, '库存台账', ['x'], [['y']])).rejects.toMatchObject({
      code: 'TabNotOurs',
      permanent: true,
    });
    expect(fx.standin.peek(id, "'库存台账'!A2:C2").values).toEqual([['仓库', '配件编号', '账面数量']]);
  });

  it('a write that died half-way is finished by the retry, leaving one complete copy', async () => {
    const id = ledger();
    const backend = fx.backend({ maxCellsPerWrite: 10 });
    const ref = { kind: 'google' as const, spreadsheetId: id };
    const rows = Array.from({ length: 12 }, (_, i) => [`R${i}`, i]);
    // The second values call fails permanently: the tab exists, partly filled, stamped "writing".
    fx.standin.resetCalls();
    fx.standin.fail(400, { times: 1, after: 1, method: 'spreadsheets.values.batchUpdate' });
    await expect(backend.writeTable(ref, '结果', ['k', 'v'], rows)).rejects.toMatchObject({ permanent: true });
    expect(fx.standin.callCount('spreadsheets.values.batchUpdate')).toBe(2);
    const stamp = fx.standin.spreadsheet(id).metadata.find((m) => m.metadataKey === TABLE_METADATA_KEY);
    expect(JSON.parse(stamp!.metadataValue!)).toMatchObject({ state: 'writing', rows: 12 });
    expect(await backend.writeTable(ref, '结果', ['k', 'v'], rows)).toEqual({ written: true, rows: 12 });
    expect(tabs(id)).toEqual(['库存台账', '结果']);
    expect(fx.standin.peek(id, '结果!A1:B20', { valueRenderOption: 'UNFORMATTED_VALUE' }).values).toEqual([
      ['k', 'v'],
      ...rows,
    ]);
    expect(await backend.writeTable(ref, '结果', ['k', 'v'], rows)).toEqual({ written: false, rows: 12 });
  });

  it('refuses the write when a colleague edited the source since it was read, and loses no cell', async () => {
    const id = ledger();
    const backend = fx.backend();
    const source = { kind: 'google' as const, spreadsheetId: id, tab: '库存台账' };
    const seen = await backend.fingerprint(source);
    expect(await backend.fingerprint(source)).toEqual(seen);
    fx.standin.edit(id, "'库存台账'!C3", [['15']]);
    const err = await backend
      .writeTable({ kind: 'google', spreadsheetId: id }, '盘点结果 2026-11', ['配件编号'], [['ZD-1001']], {
        expect: seen,
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConcurrentEditError);
    expect((err as ConcurrentEditError).permanent).toBe(false);
    expect((err as Error).message).toContain('库存台账');
    expect(tabs(id)).toEqual(['库存台账']);
    expect(fx.standin.peek(id, "'库存台账'!C3", { valueRenderOption: 'UNFORMATTED_VALUE' }).values).toEqual([[15]]);
    // Read again, then the write goes through.
    const fresh = await backend.fingerprint(source);
    expect(fresh.value).not.toBe(seen.value);
    const ok = await backend.writeTable(
      { kind: 'google', spreadsheetId: id },
      '盘点结果 2026-11',
      ['配件编号'],
      [['ZD-1001']],
      { expect: fresh },
    );
    expect(ok.written).toBe(true);
    // A replay of that write (activity retried after it landed) is not refused though the source moved on again.
    fx.standin.edit(id, "'库存台账'!C4", [['6']]);
    const replay = await backend.writeTable(
      { kind: 'google', spreadsheetId: id },
      '盘点结果 2026-11',
      ['配件编号'],
      [['ZD-1001']],
      {
        expect: fresh,
      },
    );
    expect(replay).toEqual({ written: false, rows: 1 });
  });

  it('writes user text RAW: formula-looking text stays text', async () => {
    const id = ledger();
    const backend = fx.backend();
    const evil = ['=HYPERLINK("http://evil.example","点我")', '+8613800000000', '-1+2', '@SUM(A1)', '=1+1'];
    fx.standin.resetCalls();
    await backend.writeTable(
      { kind: 'google', spreadsheetId: id },
      '备注',
      ['备注'],
      evil.map((e) => [e]),
    );
    const sheet = fx.standin.spreadsheet(id).sheets.find((s) => s.title === '备注')!;
    expect(sheet.formulas.size).toBe(0);
    expect(fx.standin.peek(id, '备注!A2:A6', { valueRenderOption: 'FORMULA' }).values).toEqual(evil.map((e) => [e]));
    expect(fx.standin.peek(id, '备注!A2:A6').values).toEqual(evil.map((e) => [e]));
    const writes = fx.standin.log.filter((l) => l.method === 'spreadsheets.values.batchUpdate');
    expect(writes.length).toBeGreaterThan(0);
    // The same text typed by a person (USER_ENTERED) would have become a formula: the guard is real.
    fx.standin.edit(id, "'库存台账'!E1", [['=1+1']]);
    expect(fx.standin.peek(id, "'库存台账'!E1").values).toEqual([['2']]);
  });

  it('batches a large write into few calls within the payload limit', async () => {
    const id = ledger();
    const backend = fx.backend({ maxCellsPerWrite: 70_000, chunkRows: 35_000 });
    // More rows than a spread argument list can take, to keep the writer honest about big tables.
    const rows = Array.from({ length: 140_000 }, (_, i) => [`P${i}`, i]);
    fx.standin.resetCalls();
    await backend.writeTable({ kind: 'google', spreadsheetId: id }, '大表', ['编号', 'n'], rows);
    // 280 002 cells at ≤ 70 000 per call.
    expect(fx.standin.callCount('spreadsheets.values.batchUpdate')).toBe(5);
    expect(fx.standin.callCount()).toBeLessThanOrEqual(8);
    const back = fx.standin.peek(id, '大表!A139999:B140001', { valueRenderOption: 'UNFORMATTED_VALUE' }).values;
    expect(back).toEqual([rows[139_997], rows[139_998], rows[139_999]]);
  });
});
