import { describe, expect, it } from 'vitest';
import {
  accrueInterest,
  allocatePayments,
  fenDaysOpen,
  interestForFenDays,
  type OpenItem,
} from '../../../domain/dunning';
import { dealer, pay, ship } from './fixtures';

const RATE = 1000; // 10 % a year

function doc(payments: ReturnType<typeof pay>[] = [], asOf = '2026-12-31'): OpenItem {
  return allocatePayments(dealer(), [ship('2026-09-01', 'S-1', '10,000.00', '2026-10-01'), ...payments], asOf)
    .items[0]!;
}

describe('interestForFenDays', () => {
  it('is ACT/365 simple interest rounded half up, exact for large balances', () => {
    expect(interestForFenDays(1_000_000 * 365, RATE)).toBe(100_000);
    expect(interestForFenDays(100_000, RATE)).toBe(27);
    expect(interestForFenDays(1825, RATE)).toBe(1);
    expect(interestForFenDays(1824, RATE)).toBe(0);
    expect(interestForFenDays(1e12, 10_000)).toBe(2_739_726_027);
    expect(interestForFenDays(0, RATE)).toBe(0);
    expect(interestForFenDays(1e6, 0)).toBe(0);
  });
});

describe('fenDaysOpen', () => {
  it('counts the payment day at the reduced amount', () => {
    const item = doc([pay('2026-10-11', 'P-1', '4,000.00')]);
    // 10-02..10-10: 9 days × 1,000,000; 10-11..10-31: 21 days × 600,000
    expect(fenDaysOpen(item, '2026-10-01', '2026-10-31')).toBe(9 * 1_000_000 + 21 * 600_000);
    expect(fenDaysOpen(item, '2026-10-10', '2026-10-11')).toBe(600_000);
    expect(fenDaysOpen(item, '2026-10-31', '2026-10-31')).toBe(0);
  });
});

describe('accrueInterest', () => {
  it('hand example: 10,000.00 overdue 9 days, 4,000.00 paid, 21 more days at 10 %', () => {
    const item = doc([pay('2026-10-11', 'P-1', '4,000.00')], '2026-10-31');
    const r = accrueInterest({ items: [item], prior: {}, asOf: '2026-10-31', rateBpFor: () => RATE });
    // 21,600,000 fen·days × 0.1 / 365 = 5,917.8 → 5,918 fen
    expect(r.newlyAccruedFen).toBe(5_918);
    expect(r.byDoc).toEqual({ 'S-1': { accruedFen: 5_918, through: '2026-10-31' } });
    expect(r.docs[0]).toMatchObject({
      fromExclusive: '2026-10-01',
      fenDays: 21_600_000,
      rateBpPerYear: RATE,
      pausedFenDays: 0,
    });
  });

  it('interest accrued before a partial payment stays owed (the ERPNext bug)', () => {
    const first = accrueInterest({
      items: [doc([], '2026-10-10')],
      prior: {},
      asOf: '2026-10-10',
      rateBpFor: () => RATE,
    });
    expect(first.newlyAccruedFen).toBe(2_466); // 9 days × 1,000,000 × 0.1 / 365
    const item = doc([pay('2026-10-11', 'P-1', '4,000.00')], '2026-10-31');
    const second = accrueInterest({ items: [item], prior: first.byDoc, asOf: '2026-10-31', rateBpFor: () => RATE });
    expect(second.newlyAccruedFen).toBe(3_452); // 21 days × 600,000
    expect(second.byDoc['S-1']).toEqual({ accruedFen: 2_466 + 3_452, through: '2026-10-31' });
    // Recomputing only on today's outstanding amount would have given 30 × 600,000 → 4,932 in total.
    expect(second.byDoc['S-1']!.accruedFen).toBeGreaterThan(interestForFenDays(30 * 600_000, RATE));
  });

  it('full payment stops the clock but keeps everything accrued until the payment day', () => {
    const prior = { 'S-1': { accruedFen: 2_466, through: '2026-10-10' } };
    const item = doc([pay('2026-10-20', 'P-1', '10,000.00')], '2026-10-31');
    const r = accrueInterest({ items: [item], prior, asOf: '2026-10-31', rateBpFor: () => RATE });
    expect(r.newlyAccruedFen).toBe(2_466); // 10-11..10-19 = 9 days at full amount
    expect(r.byDoc['S-1']!.accruedFen).toBe(4_932);
    const again = accrueInterest({ items: [item], prior: r.byDoc, asOf: '2026-11-30', rateBpFor: () => RATE });
    expect(again.newlyAccruedFen).toBe(0);
    expect(again.byDoc['S-1']!.accruedFen).toBe(4_932);
  });

  it('a rerun for the same day accrues nothing more', () => {
    const item = doc([], '2026-10-31');
    const r = accrueInterest({ items: [item], prior: {}, asOf: '2026-10-31', rateBpFor: () => RATE });
    const again = accrueInterest({ items: [item], prior: r.byDoc, asOf: '2026-10-31', rateBpFor: () => RATE });
    expect(again.newlyAccruedFen).toBe(0);
    expect(again.byDoc).toEqual(r.byDoc);
  });

  it('no rate: nothing accrues and the clock stays at the due date (caught up once a rate applies)', () => {
    const item = doc([], '2026-10-31');
    const none = accrueInterest({ items: [item], prior: {}, asOf: '2026-10-31', rateBpFor: () => 0 });
    expect(none).toMatchObject({ newlyAccruedFen: 0, byDoc: {}, docs: [] });
    const later = accrueInterest({ items: [item], prior: none.byDoc, asOf: '2026-10-31', rateBpFor: () => RATE });
    expect(later.newlyAccruedFen).toBe(interestForFenDays(30 * 1_000_000, RATE));
  });

  it('days under dispute are interest-free; days before and after still accrue', () => {
    const item = doc([], '2026-10-31');
    const r = accrueInterest({
      items: [item],
      prior: {},
      asOf: '2026-10-31',
      rateBpFor: () => RATE,
      pausedRanges: () => [{ from: '2026-10-11', to: '2026-10-20' }],
    });
    expect(r.docs[0]).toMatchObject({ fenDays: 20 * 1_000_000, pausedFenDays: 10 * 1_000_000 });
    expect(r.newlyAccruedFen).toBe(5_479);
    expect(r.byDoc['S-1']).toEqual({ accruedFen: 5_479, through: '2026-10-31' });

    const overlapping = accrueInterest({
      items: [item],
      prior: {},
      asOf: '2026-10-31',
      rateBpFor: () => RATE,
      pausedRanges: () => [
        { from: '2026-10-15', to: '2026-10-25' },
        { from: '2026-09-01', to: '2026-09-10' },
        { from: '2026-10-11', to: '2026-10-20' },
        { from: '2026-10-30', to: '2026-11-30' },
      ],
    });
    // 10-11..10-25 (15 days) and 10-30..10-31 (2 days) are paused; 13 days accrue.
    expect(overlapping.docs[0]).toMatchObject({ fenDays: 13 * 1_000_000, pausedFenDays: 17 * 1_000_000 });
  });

  it('documents not yet due accrue nothing', () => {
    const item = doc([], '2026-09-30');
    const r = accrueInterest({ items: [item], prior: {}, asOf: '2026-09-30', rateBpFor: () => RATE });
    expect(r).toMatchObject({ newlyAccruedFen: 0, docs: [], byDoc: {} });
  });
});
