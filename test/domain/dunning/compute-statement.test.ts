import { describe, expect, it } from 'vitest';
import { computeStatement, needsStatement } from '../../../domain/dunning';
import { AppError } from '../../../domain/errors';
import { credit, dealer, exampleProcedure, feeTx, pay, rng, ship, shuffled } from './fixtures';

const NOV = { from: '2026-11-01', to: '2026-11-30' };

const ledger = [
  ship('2026-10-05', 'S-1001', '10,000.00', '2026-11-04'),
  pay('2026-10-20', 'P-1001', '4,000.00'),
  ship('2026-11-03', 'S-1101', '5,000.00', '2026-12-03'),
  pay('2026-11-10', 'P-1101', '6,000.00'),
  credit('2026-11-15', 'C-1101', '500.00', { note: '退货 return' }),
  feeTx('2026-11-20', 'F-1101', '50.00', '2026-11-20'),
  ship('2026-11-20', 'S-1102', '1,234.56', '2026-12-20'),
  ship('2026-12-01', 'S-1201', '9,999.00', '2026-12-31'),
  ship('2026-11-04', 'S-9001', '777.00', '2026-12-04', { dealerId: 'D002' }),
];

describe('computeStatement', () => {
  it('computes opening, period lines with running balance, and closing (hand-computed)', () => {
    const s = computeStatement(dealer(), ledger, NOV, '2026-11-30');
    expect(s.openingFen).toBe(600_000);
    expect(s.lines.map((l) => [l.date, l.docNo, l.debitFen, l.creditFen, l.balanceFen])).toEqual([
      ['2026-11-03', 'S-1101', 500_000, 0, 1_100_000],
      ['2026-11-10', 'P-1101', 0, 600_000, 500_000],
      ['2026-11-15', 'C-1101', 0, 50_000, 450_000],
      ['2026-11-20', 'S-1102', 123_456, 0, 573_456],
      ['2026-11-20', 'F-1101', 5_000, 0, 578_456],
    ]);
    expect(s).toMatchObject({
      shipmentsFen: 623_456,
      paymentsFen: 600_000,
      creditsFen: 50_000,
      feesFen: 5_000,
      closingFen: 578_456,
      hasActivity: true,
    });
    expect(s.lines[2]!.note).toBe('退货 return');
    expect(s.lines[0]!.dueDate).toBe('2026-12-03');
  });

  it('does not depend on the order of the sheet rows', () => {
    const rand = rng(7);
    const base = computeStatement(dealer(), ledger, NOV, '2026-11-30');
    for (let i = 0; i < 20; i++)
      expect(computeStatement(dealer(), shuffled(ledger, rand), NOV, '2026-11-30')).toEqual(base);
  });

  it('leaves out rows typed ahead of the as-of date', () => {
    const s = computeStatement(dealer(), ledger, NOV, '2026-11-12');
    expect(s.lines.map((l) => l.docNo)).toEqual(['S-1101', 'P-1101']);
    expect(s.closingFen).toBe(500_000);
  });

  it('a quiet month carries the balance: no lines, closing = opening', () => {
    const s = computeStatement(dealer(), ledger.slice(0, 2), NOV, '2026-11-30');
    expect(s).toMatchObject({ openingFen: 600_000, closingFen: 600_000, hasActivity: false, lines: [] });
  });

  it('refuses an inverted or malformed period', () => {
    expect(() => computeStatement(dealer(), ledger, { from: '2026-11-30', to: '2026-11-01' }, '2026-11-30')).toThrow(
      AppError,
    );
    expect(() => computeStatement(dealer(), ledger, { from: '2026-11-01', to: '2026-11-31' }, '2026-11-30')).toThrow(
      /invalid statement period/,
    );
  });
});

describe('needsStatement', () => {
  const proc = exampleProcedure({ minBalanceForStatementFen: 10_000 });
  it('sends to dealers with activity or a balance (either sign) at least the minimum', () => {
    expect(needsStatement({ hasActivity: true, closingFen: 0 }, proc)).toBe(true);
    expect(needsStatement({ hasActivity: false, closingFen: 0 }, proc)).toBe(false);
    expect(needsStatement({ hasActivity: false, closingFen: 9_999 }, proc)).toBe(false);
    expect(needsStatement({ hasActivity: false, closingFen: 10_000 }, proc)).toBe(true);
    expect(needsStatement({ hasActivity: false, closingFen: -25_000 }, proc)).toBe(true);
    expect(needsStatement({ hasActivity: false, closingFen: 1 }, { minBalanceForStatementFen: 0 })).toBe(true);
  });
});
