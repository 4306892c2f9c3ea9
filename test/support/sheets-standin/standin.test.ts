import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseA1 } from './a1';
import { startSheetsStandin, type SheetsStandin } from './index';

/** The stand-in must answer like Google, or tests against it prove nothing: check its answers over raw HTTP. */
describe('Sheets v4 stand-in fidelity', () => {
  let s: SheetsStandin;
  let id: string;
  const get = async (path: string): Promise<{ status: number; body: Record<string, unknown> }> => {
    const res = await fetch(new URL(path, s.rootUrl));
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const post = async (
    path: string,
    body: unknown,
    method = 'POST',
  ): Promise<{ status: number; body: Record<string, unknown> }> => {
    const res = await fetch(new URL(path, s.rootUrl), {
      method,
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  const enc = encodeURIComponent;

  beforeAll(async () => {
    s = await startSheetsStandin({ requireAuth: false });
    id = s.createSpreadsheet({
      sheets: [
        {
          title: 'Sheet 1',
          rows: [
            ['仓库', '金额', '日期', '', null],
            [
              '新件库',
              { value: 1234.5, format: { type: 'CURRENCY', pattern: '"¥"#,##0.00' } },
              new Date(Date.UTC(2026, 10, 3)),
            ],
            [],
            [
              null,
              0.125,
              { value: new Date(Date.UTC(2026, 10, 3)), format: { type: 'DATE', pattern: 'yyyy"年"m"月"d"日"' } },
            ],
            ['合计', { value: 1234.625, formula: '=SUM(B2:B4)' }],
          ],
          rowCount: 10,
          columnCount: 5,
        },
        { title: 'Sheet2', rows: [['x']] },
      ],
    });
  });
  afterAll(async () => {
    await s.close();
  });

  it('parses A1 the way the API does', () => {
    expect(parseA1("'Sheet 1'!A1:L1000", [])).toEqual({
      sheet: 'Sheet 1',
      bounds: { startRow: 0, startCol: 0, endRow: 1000, endCol: 12 },
    });
    expect(parseA1("'It''s'!B:C", [])).toEqual({
      sheet: "It's",
      bounds: { startRow: 0, startCol: 1, endRow: undefined, endCol: 3 },
    });
    expect(parseA1('Sheet2!5:9', ['Sheet2'])).toEqual({
      sheet: 'Sheet2',
      bounds: { startRow: 4, startCol: 0, endRow: 9, endCol: undefined },
    });
    expect(parseA1('Sheet2', ['Sheet2'])).toEqual({ sheet: 'Sheet2', bounds: { startRow: 0, startCol: 0 } });
    expect(parseA1('A2:B3', ['Sheet2']).sheet).toBeNull();
    expect(() => parseA1("'unterminated!A1", [])).toThrow(/Unable to parse range/);
  });

  it('values.get trims trailing empty cells and rows, clips the range to the grid, renders formats', async () => {
    const r = await get(`v4/spreadsheets/${id}/values/${enc("'Sheet 1'!A1:Z100")}`);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      range: "'Sheet 1'!A1:E10",
      majorDimension: 'ROWS',
      values: [
        ['仓库', '金额', '日期'],
        ['新件库', '¥1,234.50', '2026-11-03'],
        [],
        ['', '0.125', '2026年11月3日'],
        ['合计', '1234.625'],
      ],
    });
    const u = await get(
      `v4/spreadsheets/${id}/values/${enc("'Sheet 1'!A2:C4")}?valueRenderOption=UNFORMATTED_VALUE&dateTimeRenderOption=FORMATTED_STRING`,
    );
    expect(u.body.values).toEqual([['新件库', 1234.5, '2026-11-03'], [], ['', 0.125, '2026年11月3日']]);
    const f = await get(`v4/spreadsheets/${id}/values/${enc("'Sheet 1'!B5")}?valueRenderOption=FORMULA`);
    expect(f.body.values).toEqual([['=SUM(B2:B4)']]);
    const empty = await get(`v4/spreadsheets/${id}/values/${enc("'Sheet 1'!A8:C9")}`);
    expect(empty.body).toEqual({ range: "'Sheet 1'!A8:C9", majorDimension: 'ROWS' });
  });

  it('rejects ranges outside the grid and unknown sheets with Google errors', async () => {
    const r = await get(`v4/spreadsheets/${id}/values/${enc("'Sheet 1'!A11:B12")}`);
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      error: {
        code: 400,
        message: "Range ('Sheet 1'!A11:B12) exceeds grid limits. Max rows: 10, max columns: 5",
        status: 'INVALID_ARGUMENT',
      },
    });
    expect((await get(`v4/spreadsheets/${id}/values/${enc('Nope!A1')}`)).status).toBe(400);
    expect((await get(`v4/spreadsheets/nope/values/A1`)).status).toBe(404);
  });

  it('values.batchUpdate is all-or-nothing and needs a valueInputOption', async () => {
    const bad = await post(`v4/spreadsheets/${id}/values:batchUpdate`, {
      valueInputOption: 'RAW',
      data: [
        { range: 'Sheet2!A2', values: [['kept?']] },
        { range: 'Sheet2!A2000', values: [['beyond the grid']] },
      ],
    });
    expect(bad.status).toBe(400);
    expect(s.peek(id, 'Sheet2!A1:A3').values).toEqual([['x']]);
    expect(
      (await post(`v4/spreadsheets/${id}/values:batchUpdate`, { data: [{ range: 'Sheet2!A2', values: [['y']] }] }))
        .status,
    ).toBe(400);
    const ok = await post(
      `v4/spreadsheets/${id}/values/${enc('Sheet2!A2:B2')}?valueInputOption=USER_ENTERED`,
      { values: [['=2*3', '1,234']] },
      'PUT',
    );
    expect(ok.body).toMatchObject({ updatedRange: 'Sheet2!A2:B2', updatedCells: 2 });
    expect(s.peek(id, 'Sheet2!A2:B2', { valueRenderOption: 'UNFORMATTED_VALUE' }).values).toEqual([[6, 1234]]);
  });

  it('values.append writes below the last row of the table and grows the grid', async () => {
    const aid = s.createSpreadsheet({
      sheets: [
        {
          title: 'Log',
          rows: [
            ['a', 'b'],
            ['1', '2'],
          ],
          rowCount: 2,
          columnCount: 2,
        },
      ],
    });
    const r = await post(`v4/spreadsheets/${aid}/values/${enc('Log!A1')}:append?valueInputOption=RAW`, {
      values: [
        ['3', '4'],
        ['5', '6'],
      ],
    });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ tableRange: 'Log!A1:B2', updates: { updatedRange: 'Log!A3:B4', updatedRows: 2 } });
    expect(s.peek(aid, 'Log').values).toEqual([
      ['a', 'b'],
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
    ]);
    expect(s.spreadsheet(aid).sheets[0]!.rowCount).toBe(4);
  });

  it('spreadsheets.get honours the fields mask; batchUpdate refuses duplicate tab names atomically', async () => {
    const r = await get(`v4/spreadsheets/${id}?fields=${enc('sheets(properties(title,gridProperties(rowCount)))')}`);
    expect(r.body).toEqual({
      sheets: [
        { properties: { title: 'Sheet 1', gridProperties: { rowCount: 10 } } },
        { properties: { title: 'Sheet2', gridProperties: { rowCount: 1000 } } },
      ],
    });
    const dup = await post(`v4/spreadsheets/${id}:batchUpdate`, {
      requests: [{ addSheet: { properties: { title: 'New' } } }, { addSheet: { properties: { title: 'sheet2' } } }],
    });
    expect(dup.status).toBe(400);
    expect(s.spreadsheet(id).sheets.map((x) => x.title)).toEqual(['Sheet 1', 'Sheet2']);
  });

  it('refuses calls without credentials when auth is required, and counts every call', async () => {
    const locked = await startSheetsStandin();
    try {
      const lid = locked.createSpreadsheet({ sheets: [{ title: 'A', rows: [['1']] }] });
      const res = await fetch(new URL(`v4/spreadsheets/${lid}`, locked.rootUrl), {
        headers: { authorization: 'Bearer forged' },
      });
      expect(res.status).toBe(401);
      expect(locked.callCount('spreadsheets.get')).toBe(1);
      expect(locked.log[0]).toMatchObject({ method: 'spreadsheets.get', status: 401 });
    } finally {
      await locked.close();
    }
  });
});
