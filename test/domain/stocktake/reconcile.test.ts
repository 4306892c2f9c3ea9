import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../domain/errors';
import { reconcile, resolveTolerance, type LedgerLine, type ToleranceConfig } from '../../../domain/stocktake';
import { KEYS, LEDGER, MOVEMENTS, ROUND1, TOLERANCES, count } from './stocktake-fixture';

const result = reconcile(LEDGER, ROUND1, MOVEMENTS, TOLERANCES);
const byPart = (p: string) => result.lines.find((l) => l.partNo === p)!;

describe('reconcile 账/卡/物 (hand-computed)', () => {
  it('per line: book, card, count, variance qty and value, agreement, status, tolerance', () => {
    const pick = (p: string) => {
      const l = byPart(p);
      return [
        l.bookQty,
        l.cardQty,
        l.countedQty,
        l.varianceQty,
        l.varianceValueFen,
        l.agreesWith,
        l.status,
        l.trippedRules,
      ];
    };
    // L1 fasteners: 92 − 100 = −8 × ¥0.50 = −400 fen; within 紧固件 limits (8 ≤ 10, 8 % ≤ 10 %, 400 ≤ 2000)
    // although the default (2 units, 5 %) would have tripped.
    expect(pick('P100')).toEqual([100, 100, 92, -8, -400, 'neither', 'variance', []]);
    // L2: −1 × 3500 = −3500; 1/20 = exactly 5 % is not over 5 %.
    expect(pick('P200')).toEqual([20, 20, 19, -1, -3500, 'neither', 'variance', []]);
    // L3: count 12 = card, book 10: +2 × 12000 = +24000; 2 ≤ 2 units ok, 20 % > 5 %, 24000 > 10000.
    expect(pick('P300')).toEqual([10, 12, 12, 2, 24000, 'card', 'variance', ['percent', 'value']]);
    // L4: −3 × 2000 = −6000; 3 > 2 units, 6 % > 5 %, value within.
    expect(pick('P400')).toEqual([50, 50, 47, -3, -6000, 'neither', 'variance', ['absQty', 'percent']]);
    // L5: book 0, counted 1: any variance on a zero book trips the percent rule.
    expect(pick('P500')).toEqual([0, 0, 1, 1, 4000, 'neither', 'variance', ['percent']]);
    // L6: left empty: no variance, not over tolerance.
    expect(pick('P600')).toEqual([30, 30, null, null, null, null, 'uncounted', []]);
    // L7: counted 3 after 2 were issued post cut-off: 3 − (−2) = 5 at the cut-off = book: no variance.
    expect(pick('P700')).toEqual([5, 5, 3, 0, 0, 'both', 'matched', []]);
    // L8: count 8 = book, card 7: no variance but flagged 账≠卡.
    expect(pick('P800')).toEqual([8, 7, 8, 0, 0, 'book', 'card-mismatch', []]);
  });

  it('flags book ≠ card even when the count matches one of them', () => {
    expect(result.lines.filter((l) => l.bookCardMismatch).map((l) => [l.partNo, l.agreesWith])).toEqual([
      ['P300', 'card'],
      ['P800', 'book'],
    ]);
    expect(byPart('P300').cardVarianceQty).toBe(0);
    expect(byPart('P800').cardVarianceQty).toBe(1);
  });

  it('movements after the cut-off are listed separately and netted out, unmatched ones listed too', () => {
    expect(result.movements).toEqual([{ ...MOVEMENTS[0], key: KEYS[6] }]);
    expect(byPart('P700')).toMatchObject({ movementQty: -2, countAtCutoffQty: 5, overTolerance: false });
    expect(result.unmatchedMovements).toEqual([MOVEMENTS[1]]);
    // Without the movement the same count would be a 2-unit, ¥1600 loss.
    const without = reconcile(LEDGER, ROUND1, [], TOLERANCES).lines[6]!;
    expect([without.varianceQty, without.varianceValueFen, without.status]).toEqual([-2, -160000, 'variance']);
  });

  it('summaries per warehouse and zone', () => {
    // values: L1 −400, L2 −3500, L3 +24000, L4 −6000, L5 +4000 → gain 28000, loss −9900, net 18100, gross 37900.
    // book value: 5000 + 70000 + 120000 + 100000 + 0 + 45000 + 400000 + 240000 = 980000.
    const common = {
      lines: 8,
      counted: 7,
      uncounted: 1,
      matched: 1,
      variances: 5,
      cardMismatches: 2,
      overTolerance: 3,
      movedAfterCutoff: 1,
    };
    expect(result.summary.total).toEqual({
      warehouse: '*',
      ...common,
      bookValueFen: 980000,
      gainValueFen: 28000,
      lossValueFen: -9900,
      netValueFen: 18100,
      absValueFen: 37900,
    });
    expect(result.summary.byWarehouse).toEqual([{ ...result.summary.total, warehouse: '新件库' }]);
    expect(result.summary.byZone).toEqual([
      // A: L1 L2 L3 L8 — gain 24000, loss −400 − 3500 = −3900
      {
        warehouse: '新件库',
        zone: 'A',
        lines: 4,
        counted: 4,
        uncounted: 0,
        matched: 0,
        variances: 3,
        cardMismatches: 2,
        overTolerance: 1,
        movedAfterCutoff: 0,
        bookValueFen: 435000,
        gainValueFen: 24000,
        lossValueFen: -3900,
        netValueFen: 20100,
        absValueFen: 27900,
      },
      // B: L4 L5 L6 L7 — gain 4000, loss −6000
      {
        warehouse: '新件库',
        zone: 'B',
        lines: 4,
        counted: 3,
        uncounted: 1,
        matched: 1,
        variances: 2,
        cardMismatches: 0,
        overTolerance: 2,
        movedAfterCutoff: 1,
        bookValueFen: 545000,
        gainValueFen: 4000,
        lossValueFen: -6000,
        netValueFen: -2000,
        absValueFen: 10000,
      },
    ]);
  });

  it('counts for keys not in the snapshot are returned, not silently dropped', () => {
    const r = reconcile(LEDGER, [...ROUND1, { ...count(0, 5, 'x'), key: '新件库|Z-1|P100' }], [], TOLERANCES);
    expect(r.unknownCounts.map((c) => c.key)).toEqual(['新件库|Z-1|P100']);
  });

  it('a duplicate snapshot line is a ValidationError naming the row', () => {
    const dup = [...LEDGER, { ...LEDGER[0]!, source: { file: 'ledger.xlsx', sheet: '台账', row: 12 } }];
    expect(() => reconcile(dup, ROUND1, [], TOLERANCES)).toThrow(ValidationError);
    try {
      reconcile(dup, ROUND1, [], TOLERANCES);
    } catch (e) {
      expect((e as ValidationError).problems).toMatchObject([
        { file: 'ledger.xlsx', sheet: '台账', row: 12, column: '配件编号' },
      ]);
    }
  });
});

describe('tolerance rules', () => {
  const one = (line: Partial<LedgerLine>, counted: number, tol: ToleranceConfig) => {
    const l: LedgerLine = {
      warehouse: 'W',
      zone: 'Z',
      location: 'L',
      partNo: 'P',
      partName: 'n',
      bookQty: 100,
      cardQty: 100,
      unitCostFen: 100,
      ...line,
    };
    return reconcile(
      [l],
      [{ key: `${l.warehouse}|L|P`, countedQty: counted, counter: 'c', countedAt: 't', round: 1 }],
      [],
      tol,
    ).lines[0]!;
  };

  it('absolute only: over when |variance| > limit, equal is fine', () => {
    expect(one({}, 97, { default: { absQty: 3 } }).trippedRules).toEqual([]);
    expect(one({}, 96, { default: { absQty: 3 } }).trippedRules).toEqual(['absQty']);
    expect(one({}, 104, { default: { absQty: 3 } }).trippedRules).toEqual(['absQty']);
  });

  it('percent only: fractional percent compared exactly (2.5 % of 200 = 5 units)', () => {
    expect(one({ bookQty: 200 }, 205, { default: { percent: 2.5 } }).overTolerance).toBe(false);
    expect(one({ bookQty: 200 }, 206, { default: { percent: 2.5 } }).trippedRules).toEqual(['percent']);
  });

  it('value only: a cheap part may be far off, an expensive one not', () => {
    // ¥100 limit: 50 × ¥1 = ¥50 fine; 2 × ¥80 = ¥160 over.
    expect(one({ unitCostFen: 100 }, 50, { default: { valueFen: 10_000 } }).overTolerance).toBe(false);
    expect(one({ unitCostFen: 8_000 }, 98, { default: { valueFen: 10_000 } }).trippedRules).toEqual(['value']);
  });

  it('no limits configured: never over; zero limits: any variance is over', () => {
    expect(one({}, 1, { default: {} }).overTolerance).toBe(false);
    expect(one({}, 99, { default: { absQty: 0, percent: 0, valueFen: 0 } }).trippedRules).toEqual([
      'absQty',
      'percent',
      'value',
    ]);
  });

  it('resolution is field by field: default ← warehouse ← category', () => {
    const tol: ToleranceConfig = {
      default: { absQty: 1, percent: 1, valueFen: 1_000 },
      byWarehouse: { W: { absQty: 5 } },
      byCategory: { 油品: { percent: 3 } },
    };
    expect(resolveTolerance({ warehouse: 'W', category: '油品' }, tol)).toEqual({
      rule: { absQty: 5, percent: 3, valueFen: 1_000 },
      sources: ['default', 'warehouse:W', 'category:油品'],
    });
    expect(resolveTolerance({ warehouse: 'X' }, tol)).toEqual({
      rule: { absQty: 1, percent: 1, valueFen: 1_000 },
      sources: ['default'],
    });
    // 4 units off 100 at ¥1 in warehouse W: within abs 5 (warehouse), 400 ≤ 1000 fen, but 4 % > 1 % (default).
    expect(one({}, 96, tol).trippedRules).toEqual(['percent']);
    // 油品 in W: 4 % > 3 % still trips; 2 units (2 % ≤ 3 %, 2 ≤ 5, 200 ≤ 1000) does not.
    expect(one({ category: '油品' }, 96, tol).trippedRules).toEqual(['percent']);
    expect(one({ category: '油品' }, 98, tol).overTolerance).toBe(false);
    // …whereas outside W the default 1-unit limit applies to the same 油品 line.
    expect(one({ category: '油品', warehouse: 'X' }, 98, tol).trippedRules).toEqual(['absQty']);
  });
});
