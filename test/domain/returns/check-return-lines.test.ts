import { describe, expect, it } from 'vitest';
import {
  checkReturnLines,
  isSettledStatus,
  normalizeReturnNo,
  type MasterLookup,
  type ReturnLine,
} from '../../../domain/returns';

const masters: MasterLookup = {
  dealer: (id) => ['D001', 'D002'].includes(id),
  part: (no) => ({ 'BRK-1001': { unitCostFen: 32_000 }, 'NOP-0001': { unitCostFen: null } })[no] ?? null,
};
const columns = {
  returnNo: 'Return No',
  dealerId: '经销商代码',
  partNo: '配件号',
  qty: '件数',
  verdict: '鉴定结论',
  received: '收货日期',
  amount: 'Claim Amount',
};
const line = (row: number, over: Partial<ReturnLine> = {}): ReturnLine => ({
  returnNo: `R20261100${row}`,
  date: '2026-11-02',
  dealerId: 'D001',
  partNo: 'BRK-1001',
  qty: 1,
  claimAmountFen: 32_000,
  source: { file: '旧件退回登记.xlsx', sheet: '旧件退回', row, columns },
  ...over,
});

describe('checkReturnLines', () => {
  it('passes clean lines and names file, sheet, row and the sheet’s own header for each problem', () => {
    const res = checkReturnLines(
      [
        line(2),
        line(3, { dealerId: 'D999' }),
        line(4, { partNo: 'XXX-1' }),
        line(5, { qty: 0 }),
        line(6, { verdict: 'warranty-accepted' }),
        line(7, { partNo: 'NOP-0001', claimAmountFen: undefined }),
        line(8, { returnNo: 'R 1/2' }),
      ],
      masters,
    );
    expect(res.valid.map((l) => l.source!.row)).toEqual([2]);
    expect(res.problems.map((p) => [p.row, p.column])).toEqual([
      [3, '经销商代码'],
      [4, '配件号'],
      [5, '件数'],
      [6, '鉴定结论'],
      [7, 'Claim Amount'],
      [8, 'Return No'],
    ]);
    expect(res.problems[0]).toMatchObject({ file: '旧件退回登记.xlsx', sheet: '旧件退回', value: 'D999' });
    expect(res.problems[3]!.reason).toContain('never received');
  });

  it('holds every row of a duplicated return number and points each to the other rows', () => {
    const res = checkReturnLines(
      [
        line(2),
        line(3, { returnNo: 'r20261100x' }),
        line(4, { returnNo: 'R20261100X ' }),
        line(5, { returnNo: 'R20261100X', qty: 3 }),
      ],
      masters,
    );
    expect(res.valid.map((l) => l.source!.row)).toEqual([2]);
    expect(res.duplicates).toEqual(['R20261100X']);
    expect(res.problems.map((p) => [p.row, p.column, p.reason.match(/第 ([\d、]+) 行/)?.[1]])).toEqual([
      [3, 'Return No', '4、5'],
      [4, 'Return No', '3、5'],
      [5, 'Return No', '3、4'],
    ]);
  });

  it('normalises return numbers and recognises settled rows', () => {
    expect(normalizeReturnNo(' r2026110042 ')).toBe('R2026110042');
    expect(normalizeReturnNo('Ｒ２０２６')).toBe('R2026');
    expect(normalizeReturnNo('R 1')).toBeNull();
    expect(isSettledStatus('已结算')).toBe(true);
    expect(isSettledStatus('Settled')).toBe(true);
    expect(isSettledStatus('已鉴定')).toBe(false);
    expect(isSettledStatus(undefined)).toBe(false);
  });
});
