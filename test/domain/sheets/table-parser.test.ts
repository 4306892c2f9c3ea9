import { describe, expect, it } from 'vitest';
import { classifyRow } from '../../../domain/sheets/classify-row';
import type { CellValue } from '../../../domain/sheets/cell-value';
import { dealerTransactions, productionVolumes, stockLedger } from '../../../domain/sheets/schemas';
import { createTableParser, type TableRow } from '../../../domain/sheets/table-parser';
import type { FieldMap, Schema } from '../../../domain/sheets/schema';

function parse<F extends FieldMap>(schema: Schema<F>, rows: [number, CellValue[]][], locale?: 'zh-CN' | 'en') {
  const out: TableRow<F>[] = [];
  const p = createTableParser(schema, { file: 'f.xlsx', sheet: 'S', locale }, (r) => out.push(r));
  for (const [rowNumber, cells] of rows) p.push({ rowNumber, cells });
  return { rows: out, summary: p.finish() };
}

describe('row classification', () => {
  it.each<[CellValue[], string | null]>([
    [[null, '  ', null], 'blank'],
    [['合计', null, 12], 'totals'],
    [[null, '小 计：', 5], 'totals'],
    [['Grand Total', 99], 'totals'],
    [['本页合计', 3], 'totals'],
    [['P-1', 'Total Seal Kit', 3], null],
    [['制表人：张三'], 'notes'],
    [['制表人：张三', 'P-1'], null],
    [['P-1', '合计阀门总成'], null],
  ])('%j → %s', (cells, kind) => {
    expect(classifyRow(cells)).toBe(kind);
  });
});

describe('table parser', () => {
  it('collects every problem at once with row, column, value and reason, and keeps valid rows', () => {
    const { rows, summary } = parse(dealerTransactions, [
      [1, ['往来账']],
      [2, ['日期', '经销商编号', '类型', '单据号', '金额', '到期日']],
      [3, ['2026-11-01', 'D1', '发货', 'S1', '100', '2026-12-01']],
      [4, ['2026-13-01', 'D1', '回款', 'R1', 'abc', null]],
      [5, ['2026-11-02', null, '赠送', 'X1', -5, null]],
      [6, ['2026-11-03', 'D2', 'fee', 'F1', '10', null]],
    ]);
    expect(rows.map((r) => r.rowNumber)).toEqual([3]);
    expect(summary.invalidRows).toBe(3);
    expect(summary.problems.map((p) => [p.row, p.column, p.value, p.reason])).toEqual([
      [4, '日期', '2026-13-01', expect.stringContaining('不是有效日期')],
      [4, '金额', 'abc', '不是有效金额'],
      [5, '经销商编号', '', '必填项为空'],
      [5, '类型', '赠送', expect.stringMatching(/^不是允许的取值（发货\/shipment、回款\/payment/)],
      [5, '金额', '-5', '必须大于 0'],
      [6, '到期日', '', '发货和费用必须填写到期日'],
    ]);
    expect(summary.problems.every((p) => p.file === 'f.xlsx' && p.sheet === 'S')).toBe(true);
  });

  it('reports a missing required column as fatal, in English when asked', () => {
    const { rows, summary } = parse(
      productionVolumes,
      [
        [1, ['Month', 'Model']],
        [2, ['2026-11', 'X1']],
      ],
      'en',
    );
    expect(rows).toEqual([]);
    expect(summary.fatal).toBe(true);
    expect(summary.problems).toEqual([
      {
        file: 'f.xlsx',
        sheet: 'S',
        row: 1,
        column: 'Volume',
        value: '',
        reason: 'required column not found',
        code: 'missing-column',
        col: '',
      },
    ]);
  });

  it('reports a sheet without any header row', () => {
    const { summary } = parse(productionVolumes, [
      [1, ['a', 'b']],
      [2, [1, 2]],
    ]);
    expect(summary.fatal).toBe(true);
    expect(summary.problems[0]?.reason).toBe('找不到表头行（月份、产品型号、产量）');
  });

  it('counts blank rows (including gaps) only when data follows, and skips repeated header rows', () => {
    const header: CellValue[] = ['仓库', '配件编号', '库位', '账面数量', '单价'];
    const { rows, summary } = parse(stockLedger, [
      [1, header],
      [2, ['新件库', 'P1', 'L1', 1, 1]],
      [3, [null, null]],
      [6, ['新件库', 'P2', 'L1', 1, 1]],
      [7, header],
      [8, ['旧件库', 'P3', 'L2', 2, 2]],
      [9, [null]],
      [10, [null]],
    ]);
    expect(rows.map((r) => r.rowNumber)).toEqual([2, 6, 8]);
    expect(summary.skipped).toEqual({ blank: 3, filtered: 0, totals: 0, notes: 0, repeatedHeaders: 1 });
    expect(rows[0]).toMatchObject({ warehouse: 'new-parts', cardQty: null, lastMovement: null, unitCost: 100 });
  });

  it('keeps only maxProblems problems but counts all of them', () => {
    const out: unknown[] = [];
    const p = createTableParser(productionVolumes, { file: 'f', sheet: 's', maxProblems: 3 }, (r) => out.push(r));
    p.push({ rowNumber: 1, cells: ['月份', '产品型号', '产量'] });
    for (let i = 2; i < 12; i++) p.push({ rowNumber: i, cells: ['bad', 'X', 'many'] });
    const s = p.finish();
    expect(s.problems).toHaveLength(3);
    expect(s.problemCount).toBe(20);
  });
});
