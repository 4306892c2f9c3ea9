import { describe, expect, it } from 'vitest';
import { agingBucketFor, allocatePayments, computeAging, type OpenItem } from '../../../domain/dunning';
import { dealer, pay, ship } from './fixtures';

const item = (docNo: string, dueDate: string, openFen: number): OpenItem => ({
  docNo,
  type: 'shipment',
  date: '2026-01-01',
  dueDate,
  originalFen: openFen,
  openFen,
  applications: [],
});

describe('computeAging', () => {
  it('puts each open document in its bucket at the boundaries', () => {
    const asOf = '2026-11-30';
    const a = computeAging(
      [
        item('due-later', '2026-12-15', 1),
        item('due-today', '2026-11-30', 2),
        item('1-day', '2026-11-29', 4),
        item('30-days', '2026-10-31', 8),
        item('31-days', '2026-10-30', 16),
        item('60-days', '2026-10-01', 32),
        item('61-days', '2026-09-30', 64),
        item('90-days', '2026-09-01', 128),
        item('91-days', '2026-08-31', 256),
        item('settled', '2026-01-31', 0),
      ],
      asOf,
      1000,
    );
    expect(a).toEqual({
      asOf,
      current: 3,
      d1to30: 12,
      d31to60: 48,
      d61to90: 192,
      over90: 256,
      overdueFen: 508,
      unappliedFen: 1000,
      totalFen: 511 - 1000,
    });
  });

  it('bucket edges', () => {
    expect([-5, 0, 1, 30, 31, 60, 61, 90, 91, 400].map(agingBucketFor)).toEqual([
      'current',
      'current',
      'd1to30',
      'd1to30',
      'd31to60',
      'd31to60',
      'd61to90',
      'd61to90',
      'over90',
      'over90',
    ]);
  });

  it('totals equal the allocation balance (hand example with a partial payment)', () => {
    const alloc = allocatePayments(
      dealer(),
      [
        ship('2026-07-01', 'S-1', 1000, '2026-07-31'),
        ship('2026-10-01', 'S-2', 2000, '2026-10-31'),
        ship('2026-11-20', 'S-3', 300, '2026-12-20'),
        pay('2026-11-01', 'P-1', 1500),
      ],
      '2026-11-30',
    );
    const a = computeAging(alloc.items, '2026-11-30', alloc.unappliedFen);
    expect(a).toMatchObject({ current: 30_000, d1to30: 150_000, d31to60: 0, d61to90: 0, over90: 0, totalFen: 180_000 });
    expect(a.totalFen).toBe(alloc.balanceFen);
  });
});
