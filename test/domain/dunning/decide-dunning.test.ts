import { describe, expect, it } from 'vitest';
import {
  allocatePayments,
  decideDunning,
  emptyDunningState,
  recordLetterSent,
  type Dealer,
  type DealerDunningState,
  type DealerTransaction,
  type DunningProcedure,
} from '../../../domain/dunning';
import { dealer, exampleProcedure, feeTx, pay, ship } from './fixtures';

function decide(
  txs: DealerTransaction[],
  asOf: string,
  opts: { state?: DealerDunningState; dealer?: Partial<Dealer>; procedure?: DunningProcedure } = {},
) {
  const d = dealer(opts.dealer);
  const alloc = allocatePayments(d, txs, asOf);
  return decideDunning(d, alloc, opts.state ?? emptyDunningState('D001'), opts.procedure ?? exampleProcedure(), asOf);
}

describe('decideDunning: when nothing goes out', () => {
  it('a paying dealer is settled: no letter, nothing to wait for', () => {
    const d = decide([ship('2026-10-16', 'S-1', 5000, '2026-11-15'), pay('2026-11-10', 'P-1', 5000)], '2026-11-30');
    expect(d).toMatchObject({ action: 'none', reason: 'settled', balanceFen: 0, items: [], needsApproval: false });
    expect(d.creditHold.action).toBe('none');
    expect(d.nextReviewOn).toBeUndefined();
  });

  it('not yet due: review on due date + grace', () => {
    const d = decide([ship('2026-11-10', 'S-1', 5000, '2026-12-10')], '2026-11-30');
    expect(d).toMatchObject({ action: 'none', reason: 'nothing-overdue', overdueFen: 0, nextReviewOn: '2026-12-13' });
  });

  it('overdue but within the grace days', () => {
    const d = decide([ship('2026-10-29', 'S-1', 5000, '2026-11-28')], '2026-11-30');
    expect(d).toMatchObject({
      reason: 'nothing-overdue',
      overdueFen: 500_000,
      dunnableFen: 0,
      nextReviewOn: '2026-12-01',
    });
    expect(d.items[0]).toMatchObject({ docNo: 'S-1', daysOverdue: 2, level: 0, advanced: false });
  });

  it('below the minimum overdue amount', () => {
    const d = decide([ship('2026-10-01', 'S-1', 50, '2026-10-31')], '2026-11-30');
    expect(d).toMatchObject({ action: 'none', reason: 'below-minimum', dunnableFen: 5_000 });
    expect(d.nextReviewOn).toBeUndefined();
  });

  it('a dunning block on the sheet or in the state pauses it; an expired block does not', () => {
    const txs = [ship('2026-10-01', 'S-1', 5000, '2026-11-20')];
    expect(decide(txs, '2026-11-30', { dealer: { dunningBlock: true } })).toMatchObject({
      action: 'none',
      reason: 'blocked',
    });
    const blocked = { ...emptyDunningState('D001'), blocks: [{ reason: '客户主管暂停', from: '2026-11-01' }] };
    const b = decide(txs, '2026-11-30', { state: blocked });
    expect(b).toMatchObject({ action: 'none', reason: 'blocked' });
    expect(b.nextReviewOn).toBeUndefined();
    const expired = {
      ...emptyDunningState('D001'),
      blocks: [{ reason: 'x', from: '2026-11-01', until: '2026-11-29' }],
    };
    expect(decide(txs, '2026-11-30', { state: expired })).toMatchObject({ action: 'send', level: 1 });
  });

  it('an open dispute pauses dunning; once resolved it proceeds', () => {
    const txs = [ship('2026-10-01', 'S-1', 5000, '2026-11-20')];
    const dispute = { id: 'DSP-1', openedOn: '2026-11-25', docNos: ['S-1'], reason: '数量不符' };
    const open = { ...emptyDunningState('D001'), disputes: [dispute] };
    expect(decide(txs, '2026-11-30', { state: open })).toMatchObject({ action: 'none', reason: 'disputed' });
    const resolved = { ...open, disputes: [{ ...dispute, resolvedOn: '2026-11-28' }] };
    expect(decide(txs, '2026-11-30', { state: resolved })).toMatchObject({ action: 'send', level: 1 });
  });

  it('posted fee/interest charges are dunned as part of the balance but never start a level', () => {
    const d = decide([feeTx('2026-10-01', 'FEE-D001-2026-09-L2', 500, '2026-10-01')], '2026-11-30');
    expect(d).toMatchObject({ action: 'none', reason: 'waiting', dunnableFen: 50_000 });
    expect(d.items[0]).toMatchObject({ isCharge: true, advanced: false });
  });
});

describe('decideDunning: levels', () => {
  it('first reminder for an item past due + grace', () => {
    const d = decide([ship('2026-10-21', 'S-1', 5000, '2026-11-20')], '2026-11-30');
    expect(d).toMatchObject({
      action: 'send',
      reason: 'level-due',
      level: 1,
      template: 'dunning-reminder',
      letterId: 'DUN-D001-20261130-L1',
      overdueFen: 500_000,
      dunnableFen: 500_000,
      needsApproval: false,
      approvalReasons: [],
      nextReviewOn: '2026-12-07',
    });
    expect(d.fee).toBeUndefined();
    expect(d.items).toEqual([
      {
        docNo: 'S-1',
        type: 'shipment',
        date: '2026-10-21',
        dueDate: '2026-11-20',
        openFen: 500_000,
        daysOverdue: 10,
        previousLevel: 0,
        level: 1,
        advanced: true,
        isCharge: false,
      },
    ]);
  });

  it('never skips a level by default; a procedure may allow jumping to the final notice', () => {
    const txs = [ship('2026-09-01', 'S-1', 5000, '2026-10-01')];
    expect(decide(txs, '2026-11-30')).toMatchObject({ action: 'send', level: 1 });
    const jump = decide(txs, '2026-11-30', { procedure: exampleProcedure({ allowSkipLevels: true }) });
    expect(jump).toMatchObject({
      action: 'send',
      level: 3,
      template: 'dunning-final',
      needsApproval: true,
      approvalReasons: ['final-level', 'level-requires-approval', 'credit-hold'],
      creditHold: { action: 'set', reason: 'dunning-level', needsApproval: true },
    });
  });

  it('climbs one level per letter, respecting the interval, and never repeats a level (next runs continue)', () => {
    const txs = [ship('2026-09-01', 'S-1', 5000, '2026-10-01')];
    const l1 = decide(txs, '2026-11-30');
    let state = recordLetterSent(emptyDunningState('D001'), l1);
    expect(decide(txs, '2026-11-30', { state })).toMatchObject({
      action: 'none',
      reason: 'waiting',
      nextReviewOn: '2026-12-07',
    });
    expect(decide(txs, '2026-12-06', { state })).toMatchObject({ action: 'none', reason: 'waiting' });

    const l2 = decide(txs, '2026-12-07', { state });
    expect(l2).toMatchObject({
      action: 'send',
      level: 2,
      template: 'dunning-second',
      fee: { docNo: 'FEE-D001-2026-12-L2', amountFen: 5_000, level: 2 },
      needsApproval: false,
    });
    expect(l2.items[0]).toMatchObject({ previousLevel: 1, level: 2, advanced: true });
    state = recordLetterSent(state, l2);

    const l3 = decide(txs, '2026-12-14', { state });
    expect(l3).toMatchObject({ action: 'send', level: 3, needsApproval: true, creditHold: { action: 'set' } });
    state = recordLetterSent(state, l3);
    expect(state.highestLevel).toBe(3);

    const after = decide(txs, '2027-01-31', { state });
    expect(after).toMatchObject({ action: 'none', reason: 'waiting' });
    expect(after.nextReviewOn).toBeUndefined();
  });

  it('a new overdue document starts at level 1 while an older one climbs; the letter has the highest level', () => {
    const txs = [ship('2026-09-01', 'S-A', 5000, '2026-10-01'), ship('2026-11-15', 'S-B', 2000, '2026-12-15')];
    const state = {
      ...emptyDunningState('D001'),
      levelByDoc: { 'S-A': { level: 2, sentOn: '2026-11-30' } },
      highestLevel: 2,
      lastLetterOn: '2026-11-30',
    };
    const d = decide(txs, '2026-12-31', { state });
    expect(d).toMatchObject({ action: 'send', level: 3 });
    expect(d.items.map((i) => [i.docNo, i.previousLevel, i.level, i.advanced])).toEqual([
      ['S-A', 2, 3, true],
      ['S-B', 0, 1, true],
    ]);

    const atFinal = { ...state, levelByDoc: { 'S-A': { level: 3, sentOn: '2026-11-30' } }, highestLevel: 3 };
    const d2 = decide(txs, '2026-12-31', { state: atFinal });
    expect(d2).toMatchObject({ action: 'send', level: 1, needsApproval: false, letterId: 'DUN-D001-20261231-L1' });
    expect(d2.items.map((i) => [i.docNo, i.level, i.advanced])).toEqual([
      ['S-A', 3, false],
      ['S-B', 1, true],
    ]);
  });

  it('a partial payment that drops the overdue below the minimum stops the climb, never going back', () => {
    const txs = [ship('2026-09-01', 'S-1', 5000, '2026-10-01'), pay('2026-12-02', 'P-1', 4920)];
    const state = {
      ...emptyDunningState('D001'),
      levelByDoc: { 'S-1': { level: 1, sentOn: '2026-11-30' } },
      highestLevel: 1,
      lastLetterOn: '2026-11-30',
    };
    const d = decide(txs, '2026-12-31', { state });
    expect(d).toMatchObject({ action: 'none', reason: 'below-minimum', dunnableFen: 8_000 });
    expect(d.items[0]).toMatchObject({ previousLevel: 1, level: 1 });
  });

  it('per-level minimums cap the letter level', () => {
    const proc = exampleProcedure();
    proc.levels[1]!.minOverdueFen = 1_000_000;
    const txs = [ship('2026-09-01', 'S-1', 5000, '2026-10-01')];
    const state = {
      ...emptyDunningState('D001'),
      levelByDoc: { 'S-1': { level: 1, sentOn: '2026-11-01' } },
      highestLevel: 1,
      lastLetterOn: '2026-11-01',
    };
    expect(decide(txs, '2026-11-30', { state, procedure: proc })).toMatchObject({
      action: 'none',
      reason: 'below-minimum',
    });
  });

  it('a level configured to need approval asks for it; a fee already posted is not charged again', () => {
    const proc = exampleProcedure();
    proc.levels[1]!.needsApproval = true;
    const txs = [ship('2026-09-01', 'S-1', 5000, '2026-10-01')];
    const state = {
      ...emptyDunningState('D001'),
      levelByDoc: { 'S-1': { level: 1, sentOn: '2026-11-01' } },
      highestLevel: 1,
      chargesPosted: ['FEE-D001-2026-11-L2'],
    };
    const d = decide(txs, '2026-11-30', { state, procedure: proc });
    expect(d).toMatchObject({
      action: 'send',
      level: 2,
      needsApproval: true,
      approvalReasons: ['level-requires-approval'],
    });
    expect(d.fee).toBeUndefined();
  });
});

describe('decideDunning: credit hold', () => {
  const limit = { creditLimitFen: 100_000 };

  it('proposes a hold when the balance exceeds the credit limit, even with nothing overdue', () => {
    const d = decide([ship('2026-11-20', 'S-1', 5000, '2026-12-20')], '2026-11-30', { dealer: limit });
    expect(d).toMatchObject({
      action: 'none',
      reason: 'nothing-overdue',
      needsApproval: true,
      approvalReasons: ['credit-hold'],
      creditHold: { action: 'set', reason: 'over-credit-limit', needsApproval: true },
    });
  });

  it('no new hold while disputed; no limit configured means no limit check', () => {
    const disputed = { ...emptyDunningState('D001'), disputes: [{ id: 'x', openedOn: '2026-11-01' }] };
    expect(
      decide([ship('2026-11-20', 'S-1', 5000, '2026-12-20')], '2026-11-30', { dealer: limit, state: disputed })
        .creditHold.action,
    ).toBe('none');
    expect(decide([ship('2026-11-20', 'S-1', 5000, '2026-12-20')], '2026-11-30').creditHold.action).toBe('none');
  });

  it('lifts a system hold once paid, keeps it while overdue, never lifts a manual hold unless allowed', () => {
    const held = {
      ...emptyDunningState('D001'),
      creditHold: { setOn: '2026-10-31', reason: 'dunning-level' as const },
    };
    const paid = [ship('2026-09-01', 'S-1', 5000, '2026-10-01'), pay('2026-11-15', 'P-1', 5000)];
    const owing = [ship('2026-09-01', 'S-1', 5000, '2026-10-01')];
    expect(decide(paid, '2026-11-30', { dealer: { creditHold: true }, state: held }).creditHold).toEqual({
      action: 'lift',
      reason: 'paid',
      needsApproval: false,
    });
    expect(decide(owing, '2026-11-30', { dealer: { creditHold: true }, state: held }).creditHold).toEqual({
      action: 'keep',
      reason: 'dunning-level',
      needsApproval: false,
    });
    expect(decide(paid, '2026-11-30', { dealer: { creditHold: true } }).creditHold).toEqual({
      action: 'keep',
      reason: 'manual-hold',
      needsApproval: false,
    });
    const liberal = exampleProcedure({
      creditHold: { overLimit: true, liftManualHolds: true, liftNeedsApproval: true },
    });
    expect(decide(paid, '2026-11-30', { dealer: { creditHold: true }, procedure: liberal })).toMatchObject({
      creditHold: { action: 'lift', reason: 'paid', needsApproval: true },
      approvalReasons: ['credit-hold'],
    });
  });

  it('lifts below a configured threshold, but not while still over the credit limit', () => {
    const held = {
      ...emptyDunningState('D001'),
      creditHold: { setOn: '2026-10-31', reason: 'dunning-level' as const },
    };
    const proc = exampleProcedure({ creditHold: { overLimit: true, liftWhenOverdueAtMostFen: 10_000 } });
    const txs = [ship('2026-09-01', 'S-1', 5000, '2026-10-01'), pay('2026-11-15', 'P-1', 4950)];
    expect(
      decide(txs, '2026-11-30', { dealer: { creditHold: true }, state: held, procedure: proc }).creditHold,
    ).toMatchObject({ action: 'lift', reason: 'below-threshold' });
    const big = [...txs, ship('2026-11-20', 'S-2', 90_000, '2026-12-20')];
    expect(
      decide(big, '2026-11-30', {
        dealer: { creditHold: true, creditLimitFen: 5_000_000 },
        state: held,
        procedure: proc,
      }).creditHold.action,
    ).toBe('keep');
  });
});
