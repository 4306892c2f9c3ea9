import { describe, expect, it } from 'vitest';
import { countRowsToCountLines, parseCountedQty, validateCounts, type CountRow } from '../../../domain/stocktake';
import { LEDGER } from './stocktake-fixture';

const src = (row: number) => ({ file: '盘点表-新件库-A.xlsx', sheet: '盘点', row });
const r = (
  row: number,
  location: string,
  partNo: string,
  countedQty: unknown,
  extra: Partial<CountRow> = {},
): CountRow => ({
  source: src(row),
  warehouse: '新件库',
  location,
  partNo,
  countedQty,
  ...extra,
});

describe('count-sheet validation', () => {
  it('reports every problem with file, sheet, row and column', () => {
    const rows: CountRow[] = [
      r(2, 'A-01-01', 'P100', '92'),
      r(3, 'A-01-02', '', 19),
      r(4, 'A-01-02', 'P999', 1),
      r(5, 'A-09-09', 'P100', 3),
      r(6, 'A-01-01', 'P100', 90),
      r(7, 'A-01-02', 'P200', '-3'),
      r(8, 'A-02-01', 'P300', 'abc'),
      r(9, 'B-01-01', 'P400', '１２'),
      r(10, 'B-01-02', 'P501', 1, { original: { warehouse: '新件库', location: 'B-01-02', partNo: 'P500' } }),
      r(11, 'B-02-01', 'P600', ''),
      r(12, 'B-02-02', 'P700', '1,200'),
      r(13, 'A-02-02', 'P800', 8, {
        partName: '减震器(改)',
        original: { warehouse: '新件库', location: 'A-02-02', partNo: 'P800', partName: '减震器' },
      }),
    ];
    const problems = validateCounts(LEDGER, rows);
    expect(problems.map((p) => [p.row, p.column, p.value])).toEqual([
      [3, '配件编号', ''],
      [4, '配件编号', 'P999'],
      [5, '库位', 'A-09-09'],
      [6, '配件编号', 'P100'],
      [7, '实盘数量', '-3'],
      [8, '实盘数量', 'abc'],
      [10, '配件编号', 'P501'],
      [13, '配件名称', '减震器(改)'],
    ]);
    expect(problems.map((p) => p.reason)).toEqual([
      '配件编号为空 / missing part number',
      '配件编号不在盘点快照中 / unknown part number',
      '快照中没有该仓库/库位/配件行 / no such line in the snapshot (新件库|A-09-09|P100)',
      '重复行，首次出现在第 2 行 / duplicate line, first at 盘点 row 2',
      '盘点数量不能为负 / count cannot be negative',
      '不是数字 / not a number',
      '锁定列被修改，原值 "P500" / locked column edited, was "P500"',
      '锁定列被修改，原值 "减震器" / locked column edited, was "减震器"',
    ]);
    expect(problems.every((p) => p.file === '盘点表-新件库-A.xlsx' && p.sheet === '盘点')).toBe(true);
  });

  it('the same line in a different round is not a duplicate; custom column headers', () => {
    const rows = [r(2, 'A-01-01', 'P100', 92), r(2, 'A-01-01', 'P100', 90, { round: 2 })];
    expect(validateCounts(LEDGER, rows)).toEqual([]);
    const bad = validateCounts(LEDGER, [r(2, 'A-01-01', 'P100', 'x')], { countedQty: 'Counted Qty' });
    expect(bad[0]!.column).toBe('Counted Qty');
  });

  it('parses count cells', () => {
    expect(parseCountedQty(12)).toEqual({ ok: true, value: 12 });
    expect(parseCountedQty(' 12 ')).toEqual({ ok: true, value: 12 });
    expect(parseCountedQty('１２．５')).toEqual({ ok: true, value: 12.5 });
    expect(parseCountedQty('1,200')).toEqual({ ok: true, value: 1200 });
    expect(parseCountedQty('')).toEqual({ ok: true, value: null });
    expect(parseCountedQty(null)).toEqual({ ok: true, value: null });
    expect(parseCountedQty(0)).toEqual({ ok: true, value: 0 });
    expect(parseCountedQty('12个')).toMatchObject({ ok: false });
    expect(parseCountedQty('1,20')).toMatchObject({ ok: false });
    expect(parseCountedQty(Number.NaN)).toMatchObject({ ok: false });
    expect(parseCountedQty(-1)).toMatchObject({ ok: false, reason: '盘点数量不能为负 / count cannot be negative' });
    expect(parseCountedQty(true)).toMatchObject({ ok: false });
  });

  it('turns valid rows into count lines', () => {
    const lines = countRowsToCountLines(
      [r(2, 'A-01-01', 'P100', '92', { counter: '孙仓管' }), r(3, 'B-02-01', 'P600', '')],
      {
        round: 1,
        counter: '(sheet owner)',
        countedAt: '2026-12-01T10:00:00+08:00',
      },
    );
    expect(lines).toEqual([
      {
        key: '新件库|A-01-01|P100',
        countedQty: 92,
        counter: '孙仓管',
        countedAt: '2026-12-01T10:00:00+08:00',
        round: 1,
      },
      {
        key: '新件库|B-02-01|P600',
        countedQty: null,
        counter: '(sheet owner)',
        countedAt: '2026-12-01T10:00:00+08:00',
        round: 1,
      },
    ]);
  });
});
