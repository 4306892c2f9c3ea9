import { describe, expect, it } from 'vitest';
import {
  emptySummary,
  heldBackResult,
  mergeSummaries,
  summarizeFinance,
  type DealerMonthResult,
} from '../../../domain/dunning';
import { rng, shuffled } from './fixtures';

function result(over: Partial<DealerMonthResult> & Pick<DealerMonthResult, 'dealerId' | 'region'>): DealerMonthResult {
  return {
    heldBack: false,
    problemCount: 0,
    totals: { openingFen: 0, shipmentsFen: 0, paymentsFen: 0, creditsFen: 0, feesFen: 0, closingFen: 0 },
    aging: { current: 0, d1to30: 0, d31to60: 0, d61to90: 0, over90: 0, unappliedFen: 0 },
    statementSent: true,
    levelsSent: [],
    disputed: false,
    creditHold: 'none',
    onHold: false,
    interestChargedFen: 0,
    feesChargedFen: 0,
    ...over,
  };
}

const d1 = result({
  dealerId: 'D001',
  region: '华东',
  totals: {
    openingFen: 10_000,
    shipmentsFen: 5_000,
    paymentsFen: 3_000,
    creditsFen: 0,
    feesFen: 500,
    closingFen: 12_500,
  },
  aging: { current: 2_500, d1to30: 10_000, d31to60: 0, d61to90: 0, over90: 0, unappliedFen: 0 },
  levelsSent: [1],
});
const d2 = result({
  dealerId: 'D002',
  region: '华东',
  totals: { openingFen: 0, shipmentsFen: 0, paymentsFen: 2_000, creditsFen: 0, feesFen: 0, closingFen: -2_000 },
  aging: { current: 0, d1to30: 0, d31to60: 0, d61to90: 0, over90: 0, unappliedFen: 2_000 },
  levelsSent: [2, 3],
  disputed: true,
  creditHold: 'set',
  onHold: true,
});
const d3 = heldBackResult({ dealerId: 'D003', region: '华北' }, 4);
const d4 = result({
  dealerId: 'D004',
  region: '华北',
  totals: { openingFen: 7_000, shipmentsFen: 0, paymentsFen: 7_000, creditsFen: 1_000, feesFen: 1_000, closingFen: 0 },
  levelsSent: [1],
  creditHold: 'lifted',
  interestChargedFen: 100,
  feesChargedFen: 50,
  statementSent: false,
});

describe('summarizeFinance', () => {
  it('totals per region and overall (hand example)', () => {
    const s = summarizeFinance([d1, d2, d3, d4]);
    expect(s.overall).toEqual({
      dealers: 4,
      heldBack: 1,
      statementsSent: 2,
      openingFen: 17_000,
      shipmentsFen: 5_000,
      paymentsFen: 12_000,
      creditsFen: 1_000,
      feesFen: 1_500,
      closingFen: 10_500,
      aging: { current: 2_500, d1to30: 10_000, d31to60: 0, d61to90: 0, over90: 0, unappliedFen: 2_000 },
      levelsSent: { '1': 2, '2': 1, '3': 1 },
      disputes: 1,
      holdsSet: 1,
      holdsLifted: 1,
      onHold: 1,
      interestChargedFen: 100,
      feesChargedFen: 50,
    });
    expect(Object.keys(s.byRegion).sort()).toEqual(['华东', '华北']);
    expect(s.byRegion['华东']).toMatchObject({
      dealers: 2,
      closingFen: 10_500,
      levelsSent: { '1': 1, '2': 1, '3': 1 },
      disputes: 1,
    });
    expect(s.byRegion['华北']).toMatchObject({
      dealers: 2,
      heldBack: 1,
      closingFen: 0,
      levelsSent: { '1': 1 },
      holdsLifted: 1,
    });
  });

  it('merging is associative and commutative with the empty summary as identity', () => {
    const rand = rng(11);
    const regions = ['华东', '华北', '华南', '西南', ''];
    const all: DealerMonthResult[] = [];
    for (let i = 0; i < 300; i++) {
      const m = () => Math.floor(rand() * 1e7);
      all.push(
        rand() < 0.05
          ? heldBackResult({ dealerId: `D${i}`, region: regions[i % 5]! }, 1 + (i % 3))
          : result({
              dealerId: `D${i}`,
              region: regions[Math.floor(rand() * 5)]!,
              totals: {
                openingFen: m(),
                shipmentsFen: m(),
                paymentsFen: m(),
                creditsFen: m(),
                feesFen: m(),
                closingFen: m(),
              },
              aging: { current: m(), d1to30: m(), d31to60: m(), d61to90: m(), over90: m(), unappliedFen: m() },
              levelsSent: rand() < 0.5 ? [] : [1 + Math.floor(rand() * 3)],
              disputed: rand() < 0.1,
              creditHold: (['none', 'set', 'lifted', 'kept'] as const)[Math.floor(rand() * 4)]!,
              onHold: rand() < 0.2,
              interestChargedFen: m(),
              feesChargedFen: m(),
            }),
      );
    }
    const whole = summarizeFinance(all);
    expect(whole.byRegion['—']).toBeDefined();
    for (let trial = 0; trial < 5; trial++) {
      const parts: DealerMonthResult[][] = [];
      let rest = shuffled(all, rand);
      while (rest.length > 0) {
        const n = 1 + Math.floor(rand() * 60);
        parts.push(rest.slice(0, n));
        rest = rest.slice(n);
      }
      const merged = shuffled(parts.map(summarizeFinance), rand).reduce(mergeSummaries, emptySummary());
      expect(merged).toEqual(whole);
    }
    expect(mergeSummaries(whole, emptySummary())).toEqual(whole);
    expect(mergeSummaries(emptySummary(), whole)).toEqual(whole);
    expect(summarizeFinance([])).toEqual(emptySummary());
  });
});
