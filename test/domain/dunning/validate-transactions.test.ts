import { describe, expect, it } from 'vitest';
import { partitionByValidity, validateTransactions, type DealerTransaction } from '../../../domain/dunning';
import { formatCellProblem } from '../../../domain/errors';
import { credit, dealer, pay, ship } from './fixtures';

const dealers = [
  dealer(),
  dealer({ dealerId: 'D002', name: '宁波安达', region: '华东' }),
  dealer({ dealerId: 'D003', region: '华北' }),
];
const src = (row: number, columns?: Record<string, string>) => ({
  source: { file: '往来账2026.xlsx', sheet: '11月', row, ...(columns ? { columns } : {}) },
});

describe('validateTransactions', () => {
  it('a clean ledger has no problems', () => {
    expect(
      validateTransactions(dealers, [
        ship('2026-11-01', 'S-1', 100, '2026-12-01'),
        pay('2026-11-02', 'P-1', 50, { refDocNo: 'S-1' }),
      ]),
    ).toEqual([]);
  });

  it('reports each bad row with file, sheet, row and column', () => {
    const rows: DealerTransaction[] = [
      ship('2026-11-01', 'S-1', 100, '2026-12-01', { dealerId: 'D999', ...src(2) }),
      {
        date: '2026-11-02',
        dealerId: 'D001',
        type: 'shipment',
        docNo: 'S-2',
        amountFen: 100,
        ...src(3, { dueDate: 'Due Date' }),
      },
      { date: '2026-11-03', dealerId: 'D001', type: 'fee', docNo: 'F-1', amountFen: 100, dueDate: '', ...src(4) },
      { ...ship('2026-11-04', 'S-3', 100, '2026-12-04'), amountFen: -5000, ...src(5) },
      { ...pay('2026-11-05', 'P-1', 1), amountFen: 0, ...src(6) },
      { ...ship('2026-11-31', 'S-4', 1, '2026/12/31'), ...src(7) },
      { ...ship('2026-11-06', '  ', 1, '2026-12-06'), ...src(8) },
      { ...ship('2026-11-06', 'S-5', 1, '2026-12-06'), type: '发货' as never, ...src(9) },
      { ...ship('2026-11-06', 'S-6', 1, '2026-12-06'), amountFen: 12.5, ...src(10) },
    ];
    const problems = validateTransactions(dealers, rows);
    expect(problems.map((p) => [p.dealerId, p.problem.row, p.problem.column, p.problem.value])).toEqual([
      ['D999', 2, '经销商编号', 'D999'],
      ['D001', 3, 'Due Date', ''],
      ['D001', 4, '到期日', ''],
      ['D001', 5, '金额', '-50.00'],
      ['D001', 6, '金额', '0.00'],
      ['D001', 7, '日期', '2026-11-31'],
      ['D001', 7, '到期日', '2026/12/31'],
      ['D001', 8, '单据号', '  '],
      ['D001', 9, '类型', '发货'],
      ['D001', 10, '金额', '12.5'],
    ]);
    expect(problems[3]!.problem.reason).toMatch(/negative shipment/);
    expect(problems[1]!.problem.reason).toMatch(/without due date/);
    expect(formatCellProblem(problems[0]!.problem)).toBe(
      '往来账2026.xlsx › 11月 › row 2 › column "经销商编号": 未知的经销商编号 (unknown dealer id) (value: "D999")',
    );
  });

  it('reports every occurrence of a duplicate document number, naming the other rows', () => {
    const rows = [
      ship('2026-11-01', 'S-100', 100, '2026-12-01', src(2)),
      ship('2026-11-02', 's-100 ', 100, '2026-12-02', { dealerId: 'D002', ...src(3) }),
      pay('2026-11-03', 'S-100', 100, src(4)),
    ];
    const problems = validateTransactions(dealers, rows);
    expect(
      problems.filter((p) => p.problem.column === '单据号').map((p) => [p.dealerId, p.problem.row, p.problem.reason]),
    ).toEqual([
      ['D001', 2, expect.stringContaining('also on row 3, 4')],
      ['D002', 3, expect.stringContaining('also on row 2, 4')],
      ['D001', 4, expect.stringContaining('also on row 2, 3')],
    ]);
  });

  it('repeats interleaved in the sheet are reported by document in the order of their first rows', () => {
    // A on rows 2 and 5 (D001, D002), B on rows 3 and 4; then a payment of D001 naming A: one of A's rows is another
    // dealer's, so the payment is refused as well.
    const rows = [
      ship('2026-11-01', 'A', 100, '2026-12-01', src(2)),
      ship('2026-11-01', 'B', 100, '2026-12-01', src(3)),
      ship('2026-11-01', 'B', 100, '2026-12-01', src(4)),
      ship('2026-11-01', 'A', 100, '2026-12-01', { dealerId: 'D002', ...src(5) }),
      pay('2026-11-02', 'P-1', 100, { refDocNo: 'a', ...src(6) }),
    ];
    const problems = validateTransactions(dealers, rows);
    expect(problems.map((p) => [p.problem.row, p.problem.column])).toEqual([
      [6, '核销单据号'],
      [2, '单据号'],
      [5, '单据号'],
      [3, '单据号'],
      [4, '单据号'],
    ]);
  });

  it('rows without a source get the default location (header on row 1)', () => {
    const [p] = validateTransactions(dealers, [ship('2026-11-01', 'S-1', 100, '2026-12-01', { dealerId: 'X' })], {
      file: 'ledger.xlsx',
      sheet: 'Sheet1',
    });
    expect(p!.problem).toMatchObject({ file: 'ledger.xlsx', sheet: 'Sheet1', row: 2, column: '经销商编号' });
  });

  it('a payment or credit naming another dealer’s document or a payment is a problem', () => {
    const rows = [
      ship('2026-11-01', 'S-1', 100, '2026-12-01', { dealerId: 'D002', ...src(2) }),
      pay('2026-11-02', 'P-1', 100, { refDocNo: 'S-1', ...src(3) }),
      credit('2026-11-03', 'C-1', 100, { refDocNo: 'P-1', ...src(4) }),
      pay('2026-11-04', 'P-2', 100, { refDocNo: 'OLD-2019-1', ...src(5) }),
    ];
    const problems = validateTransactions(dealers, rows);
    expect(problems.map((p) => [p.dealerId, p.problem.row, p.problem.column])).toEqual([
      ['D001', 3, '核销单据号'],
      ['D001', 4, '核销单据号'],
    ]);
  });
});

describe('partitionByValidity', () => {
  it('holds back only the dealers with problems; the others proceed with their rows', () => {
    const rows = [
      ship('2026-11-01', 'S-1', 100, '2026-12-01', src(2)),
      { ...ship('2026-11-02', 'S-2', 100, '2026-12-02'), amountFen: -100, ...src(3) },
      ship('2026-11-01', 'S-3', 100, '2026-12-01', { dealerId: 'D002', ...src(4) }),
      pay('2026-11-05', 'P-3', 100, { dealerId: 'D002', ...src(5) }),
      ship('2026-11-01', 'S-4', 100, '2026-12-01', { dealerId: 'D404', ...src(6) }),
    ];
    const { valid, heldBack } = partitionByValidity(dealers, rows);
    expect([...valid.keys()]).toEqual(['D002', 'D003']);
    expect(valid.get('D002')!.map((t) => t.docNo)).toEqual(['S-3', 'P-3']);
    expect(valid.get('D003')).toEqual([]);
    expect([...heldBack.keys()].sort()).toEqual(['D001', 'D404']);
    expect(heldBack.get('D001')!.map((p) => p.row)).toEqual([3]);
    expect(heldBack.get('D404')![0]!.reason).toMatch(/unknown dealer id/);
  });

  it('a duplicated dealer id on the dealer sheet holds that dealer back', () => {
    const dup = [...dealers, dealer({ dealerId: 'D003', source: { file: '经销商.xlsx', sheet: '名单', row: 9 } })];
    const { valid, heldBack } = partitionByValidity(dup, [
      ship('2026-11-01', 'S-1', 100, '2026-12-01', { dealerId: 'D003' }),
    ]);
    expect(valid.has('D003')).toBe(false);
    expect(heldBack.get('D003')!.map((p) => [p.file, p.row])).toEqual([
      ['dealers', 4],
      ['经销商.xlsx', 9],
    ]);
  });
});
