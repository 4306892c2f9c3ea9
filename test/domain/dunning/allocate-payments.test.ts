import { describe, expect, it } from 'vitest';
import { allocatePayments, openAmountOn, type Allocation } from '../../../domain/dunning';
import { credit, dealer, pay, rng, ship, shuffled } from './fixtures';

const open = (a: Allocation): Record<string, number> => Object.fromEntries(a.items.map((i) => [i.docNo, i.openFen]));

describe('allocatePayments', () => {
  it('pays oldest due first, then by document date, then docNo', () => {
    const a = allocatePayments(
      dealer(),
      [
        ship('2026-09-15', 'S-B', 1000, '2026-11-15'),
        ship('2026-10-05', 'S-C', 500, '2026-10-31'),
        ship('2026-10-01', 'S-A', 1000, '2026-10-31'),
        pay('2026-11-20', 'P-1', 1800),
      ],
      '2026-11-30',
    );
    expect(a.items.map((i) => i.docNo)).toEqual(['S-A', 'S-C', 'S-B']);
    expect(open(a)).toEqual({ 'S-A': 0, 'S-C': 0, 'S-B': 70_000 });
    expect(a).toMatchObject({ openFen: 70_000, unappliedFen: 0, balanceFen: 70_000, warnings: [] });
    expect(a.items[0]!.applications).toEqual([
      { date: '2026-11-20', byDocNo: 'P-1', byType: 'payment', amountFen: 100_000 },
    ]);
  });

  it('a payment naming its document settles that one first, the rest oldest first', () => {
    const a = allocatePayments(
      dealer(),
      [
        ship('2026-10-01', 'S-1', 1000, '2026-10-31'),
        ship('2026-10-10', 'S-2', 1000, '2026-11-30'),
        ship('2026-10-12', 'S-3', 1000, '2026-12-30'),
        pay('2026-11-05', 'P-1', 1500, { refDocNo: 'S-2' }),
      ],
      '2026-11-30',
    );
    expect(open(a)).toEqual({ 'S-1': 50_000, 'S-2': 0, 'S-3': 100_000 });
    expect(a.warnings).toEqual([]);
  });

  it('a return credit naming its shipment settles it likewise', () => {
    const a = allocatePayments(
      dealer(),
      [
        ship('2026-10-01', 'S-1', 1000, '2026-10-31'),
        ship('2026-10-10', 'S-2', 300, '2026-11-30'),
        credit('2026-10-20', 'C-1', 200, { refDocNo: 'S-2' }),
      ],
      '2026-11-30',
    );
    expect(open(a)).toEqual({ 'S-1': 100_000, 'S-2': 10_000 });
    expect(a.credits[0]).toMatchObject({ type: 'credit', appliedFen: 20_000, unappliedFen: 0 });
  });

  it('warns when the named document is unknown or already settled, and still applies the money', () => {
    const a = allocatePayments(
      dealer(),
      [
        ship('2026-10-01', 'S-1', 1000, '2026-10-31'),
        ship('2026-10-02', 'S-2', 1000, '2026-11-01'),
        pay('2026-10-05', 'P-1', 1000, { refDocNo: 'S-1' }),
        pay('2026-10-06', 'P-2', 400, { refDocNo: 'S-1' }),
        pay('2026-10-07', 'P-3', 100, { refDocNo: 'S-404' }),
        pay('2026-10-08', 'P-4', 100, { refDocNo: 'P-1' }),
      ],
      '2026-11-30',
    );
    expect(open(a)).toEqual({ 'S-1': 0, 'S-2': 40_000 });
    expect(a.warnings).toEqual([
      { kind: 'ref-already-settled', docNo: 'P-2', refDocNo: 'S-1' },
      { kind: 'ref-not-found', docNo: 'P-3', refDocNo: 'S-404' },
      { kind: 'ref-not-debit', docNo: 'P-4', refDocNo: 'P-1' },
    ]);
  });

  it('over-payment leaves unapplied credit, consumed by the next shipment on its date', () => {
    const before = allocatePayments(
      dealer(),
      [ship('2026-10-01', 'S-1', 1000, '2026-10-31'), pay('2026-10-20', 'P-1', 1500)],
      '2026-10-31',
    );
    expect(before).toMatchObject({ openFen: 0, unappliedFen: 50_000, balanceFen: -50_000 });
    expect(before.credits[0]).toMatchObject({ appliedFen: 100_000, unappliedFen: 50_000 });

    const after = allocatePayments(
      dealer(),
      [
        ship('2026-10-01', 'S-1', 1000, '2026-10-31'),
        pay('2026-10-20', 'P-1', 1500),
        ship('2026-11-03', 'S-2', 800, '2026-12-03'),
      ],
      '2026-11-30',
    );
    expect(open(after)).toEqual({ 'S-1': 0, 'S-2': 30_000 });
    expect(after.unappliedFen).toBe(0);
    expect(after.items[1]!.applications).toEqual([
      { date: '2026-11-03', byDocNo: 'P-1', byType: 'payment', amountFen: 50_000 },
    ]);
  });

  it('money only meets documents that exist on its date (a later invoice with an earlier due date waits)', () => {
    const a = allocatePayments(
      dealer(),
      [
        ship('2026-10-01', 'S-A', 1000, '2026-11-30'),
        pay('2026-10-10', 'P-1', 500),
        ship('2026-10-15', 'S-B', 1000, '2026-10-20'),
      ],
      '2026-11-30',
    );
    expect(open(a)).toEqual({ 'S-B': 100_000, 'S-A': 50_000 });
  });

  it('a prepayment naming a later document waits for it, then settles it first', () => {
    const a = allocatePayments(
      dealer(),
      [
        pay('2026-10-01', 'P-9', 1000, { refDocNo: 'S-9' }),
        ship('2026-10-05', 'S-8', 500, '2026-10-20'),
        ship('2026-10-05', 'S-9', 800, '2026-11-04'),
      ],
      '2026-11-30',
    );
    expect(open(a)).toEqual({ 'S-8': 30_000, 'S-9': 0 });
    expect(a.warnings).toEqual([]);
  });

  it('payment on the same day as the shipment it names is applied', () => {
    const a = allocatePayments(
      dealer(),
      [pay('2026-10-05', 'P-1', 200, { refDocNo: 'S-1' }), ship('2026-10-05', 'S-1', 200, '2026-11-04')],
      '2026-10-05',
    );
    expect(open(a)).toEqual({ 'S-1': 0 });
  });

  it('falls back to the dealer payment terms when a row has no due date', () => {
    const a = allocatePayments(
      dealer({ paymentTermsDays: 45 }),
      [{ date: '2026-10-01', dealerId: 'D001', type: 'shipment', docNo: 'S-1', amountFen: 1 }],
      '2026-12-01',
    );
    expect(a.items[0]!.dueDate).toBe('2026-11-15');
  });

  it('ignores other dealers and rows after the as-of date; input order does not matter', () => {
    const rows = [
      ship('2026-10-01', 'S-1', 1000, '2026-10-31'),
      ship('2026-10-02', 'S-2', 1000, '2026-10-31'),
      pay('2026-10-03', 'P-1', 1200),
      credit('2026-10-03', 'C-1', 300, { refDocNo: 'S-2' }),
      pay('2026-12-01', 'P-2', 500),
      ship('2026-10-01', 'X-1', 1000, '2026-10-31', { dealerId: 'D002' }),
    ];
    const a = allocatePayments(dealer(), rows, '2026-11-30');
    expect(open(a)).toEqual({ 'S-1': 0, 'S-2': 50_000 });
    const rand = rng(3);
    for (let i = 0; i < 20; i++) expect(allocatePayments(dealer(), shuffled(rows, rand), '2026-11-30')).toEqual(a);
  });

  it('openAmountOn replays the applications by date', () => {
    const a = allocatePayments(
      dealer(),
      [ship('2026-10-01', 'S-1', 1000, '2026-10-31'), pay('2026-10-10', 'P-1', 400), pay('2026-10-20', 'P-2', 100)],
      '2026-11-30',
    );
    const item = a.items[0]!;
    expect(openAmountOn(item, '2026-09-30')).toBe(0);
    expect(openAmountOn(item, '2026-10-09')).toBe(100_000);
    expect(openAmountOn(item, '2026-10-10')).toBe(60_000);
    expect(openAmountOn(item, '2026-10-25')).toBe(50_000);
  });
});
