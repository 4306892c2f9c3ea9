import { describe, expect, it } from 'vitest';
import { assessInspection, computeCredit, finalOutcome, needsCreditApproval } from '../../../domain/returns';

describe('computeCredit', () => {
  it('credits the claimed amount pro rata of the quantity credited, rounding half up on integer fen', () => {
    expect(computeCredit({ verdict: 'warranty-accepted', qty: 2, qtyCredited: 2, claimAmountFen: 70_000 })).toEqual({
      creditFen: 70_000,
      basis: 'claim-pro-rata',
    });
    // 100.01 yuan for 3 parts, 1 credited: 3333.67 fen → 3334
    expect(
      computeCredit({ verdict: 'warranty-accepted', qty: 3, qtyCredited: 1, claimAmountFen: 10_001 }).creditFen,
    ).toBe(3_334);
    // 0.05 yuan for 2, 1 credited: 2.5 fen → 3 (half up)
    expect(
      computeCredit({ verdict: 'supplier-responsible', qty: 2, qtyCredited: 1, claimAmountFen: 5 }).creditFen,
    ).toBe(3);
  });

  it('falls back to the unit cost when the register has no amount; nothing for rejected or no fault found', () => {
    expect(
      computeCredit({
        verdict: 'warranty-accepted',
        qty: 3,
        qtyCredited: 2,
        claimAmountFen: null,
        unitCostFen: 185_050,
      }),
    ).toEqual({ creditFen: 370_100, basis: 'unit-cost' });
    expect(computeCredit({ verdict: 'rejected-not-warranty', qty: 3, qtyCredited: 3, claimAmountFen: 9_000 })).toEqual({
      creditFen: 0,
      basis: 'none',
    });
    expect(computeCredit({ verdict: 'no-fault-found', qty: 1, qtyCredited: 1, claimAmountFen: 9_000 }).creditFen).toBe(
      0,
    );
    expect(
      computeCredit({ verdict: 'warranty-accepted', qty: 1, qtyCredited: 0, claimAmountFen: 9_000 }).creditFen,
    ).toBe(0);
  });

  it('refuses impossible quantities and unpriced lines instead of guessing', () => {
    expect(() => computeCredit({ verdict: 'warranty-accepted', qty: 0, qtyCredited: 0, claimAmountFen: 1 })).toThrow(
      /above 0/,
    );
    expect(() => computeCredit({ verdict: 'warranty-accepted', qty: 2, qtyCredited: 3, claimAmountFen: 1 })).toThrow(
      /0\.\.2/,
    );
    expect(() =>
      computeCredit({ verdict: 'warranty-accepted', qty: 2, qtyCredited: 1.5, claimAmountFen: 1 }),
    ).toThrow();
    expect(() => computeCredit({ verdict: 'warranty-accepted', qty: 1, qtyCredited: 1 })).toThrow(/no claim amount/);
    expect(() =>
      computeCredit({ verdict: 'warranty-accepted', qty: 3, qtyCredited: 3, claimAmountFen: Number.MAX_SAFE_INTEGER }),
    ).toThrow(/too large/);
  });

  it('needs approval strictly above the threshold', () => {
    expect(needsCreditApproval(500_000, 500_000)).toBe(false);
    expect(needsCreditApproval(500_001, 500_000)).toBe(true);
  });
});

describe('assessInspection / finalOutcome', () => {
  it('flags rejected, no-fault-found and fewer parts accepted as abnormal', () => {
    expect(assessInspection(2, { verdict: 'warranty-accepted', qtyAccepted: 2 })).toEqual({
      abnormal: false,
      reasons: [],
    });
    expect(assessInspection(2, { verdict: 'supplier-responsible', qtyAccepted: 2 }).abnormal).toBe(false);
    expect(assessInspection(4, { verdict: 'warranty-accepted', qtyAccepted: 3 }).reasons).toEqual(['qty-mismatch']);
    expect(assessInspection(3, { verdict: 'rejected-not-warranty', qtyAccepted: 0 }).reasons).toEqual(['rejected']);
    expect(assessInspection(1, { verdict: 'no-fault-found', qtyAccepted: 1 }).reasons).toEqual(['no-fault-found']);
    expect(() => assessInspection(2, { verdict: 'warranty-accepted', qtyAccepted: 3 })).toThrow(/0\.\.2/);
  });

  it('credits what was accepted, all of it when the manager accepts the dealer claim', () => {
    expect(finalOutcome(4, { verdict: 'warranty-accepted', qtyAccepted: 3 }, 'manager-upheld')).toEqual({
      verdict: 'warranty-accepted',
      qtyCredited: 3,
      resolution: 'manager-upheld',
    });
    expect(finalOutcome(4, { verdict: 'warranty-accepted', qtyAccepted: 3 }, 'manager-overruled').qtyCredited).toBe(4);
    expect(finalOutcome(3, { verdict: 'rejected-not-warranty', qtyAccepted: 3 }, 'dealer-agreed')).toMatchObject({
      verdict: 'rejected-not-warranty',
      qtyCredited: 0,
    });
    expect(finalOutcome(3, { verdict: 'rejected-not-warranty', qtyAccepted: 0 }, 'manager-overruled')).toMatchObject({
      verdict: 'warranty-accepted',
      qtyCredited: 3,
    });
    expect(finalOutcome(2, { verdict: 'supplier-responsible', qtyAccepted: 1 }, 'manager-overruled')).toMatchObject({
      verdict: 'supplier-responsible',
      qtyCredited: 2,
    });
  });
});
