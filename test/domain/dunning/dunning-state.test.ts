import { describe, expect, it } from 'vitest';
import {
  MAX_LETTERS_KEPT,
  addBlock,
  allocatePayments,
  decideDunning,
  emptyDunningState,
  openDispute,
  pruneSettled,
  recordChargesPosted,
  recordCreditHold,
  recordLetterSent,
  removeBlocks,
  resolveDispute,
  syncCreditHold,
} from '../../../domain/dunning';
import { dealer, exampleProcedure, pay, ship } from './fixtures';

const txs = [ship('2026-09-01', 'S-1', 5000, '2026-10-01'), ship('2026-11-25', 'S-2', 100, '2026-12-25')];

describe('dunning state bookkeeping', () => {
  it('records a sent letter once: replays of the same letter change nothing', () => {
    const d = decideDunning(
      dealer(),
      allocatePayments(dealer(), txs, '2026-11-30'),
      emptyDunningState('D001'),
      exampleProcedure(),
      '2026-11-30',
    );
    const once = recordLetterSent(emptyDunningState('D001'), d);
    expect(once).toMatchObject({
      levelByDoc: { 'S-1': { level: 1, sentOn: '2026-11-30' } },
      highestLevel: 1,
      lastLetterOn: '2026-11-30',
      letters: [{ letterId: 'DUN-D001-20261130-L1', level: 1, sentOn: '2026-11-30', docNos: ['S-1'] }],
    });
    expect(recordLetterSent(once, d)).toBe(once);
    const none = { ...d, action: 'none' as const };
    expect(recordLetterSent(once, none)).toBe(once);
  });

  it('keeps at most MAX_LETTERS_KEPT letters', () => {
    let s = emptyDunningState('D001');
    for (let i = 0; i < MAX_LETTERS_KEPT + 5; i++) {
      const d = decideDunning(
        dealer(),
        allocatePayments(dealer(), txs, '2026-11-30'),
        emptyDunningState('D001'),
        exampleProcedure(),
        '2026-11-30',
      );
      s = recordLetterSent(s, { ...d, letterId: `L-${i}` });
    }
    expect(s.letters).toHaveLength(MAX_LETTERS_KEPT);
    expect(s.letters.at(-1)!.letterId).toBe(`L-${MAX_LETTERS_KEPT + 4}`);
  });

  it('records posted charges idempotently', () => {
    const a = recordChargesPosted(emptyDunningState('D001'), ['FEE-D001-2026-11-L2']);
    expect(recordChargesPosted(a, ['FEE-D001-2026-11-L2'])).toBe(a);
    expect(recordChargesPosted(a, ['INT-D001-20261130']).chargesPosted).toEqual([
      'FEE-D001-2026-11-L2',
      'INT-D001-20261130',
    ]);
  });

  it('opens and resolves disputes by id, idempotently', () => {
    const d = { id: 'DSP-1', openedOn: '2026-11-20', docNos: ['S-1'], reason: '价格不符' };
    const s1 = openDispute(emptyDunningState('D001'), d);
    expect(openDispute(s1, d)).toBe(s1);
    const s2 = resolveDispute(s1, 'DSP-1', '2026-11-25', '已核对，金额无误');
    expect(s2.disputes).toEqual([{ ...d, resolvedOn: '2026-11-25', resolution: '已核对，金额无误' }]);
    expect(resolveDispute(s2, 'DSP-1', '2026-11-26')).toBe(s2);
    expect(resolveDispute(s2, 'nope', '2026-11-26')).toBe(s2);
  });

  it('adds blocks once and drops expired or named ones', () => {
    const s = addBlock(
      addBlock(emptyDunningState('D001'), { reason: 'dispute', from: '2026-11-01', until: '2026-11-10' }),
      { reason: 'legal', from: '2026-11-01' },
    );
    expect(addBlock(s, { reason: 'legal', from: '2026-11-01' })).toBe(s);
    expect(removeBlocks(s, '2026-11-05').blocks).toHaveLength(2);
    expect(removeBlocks(s, '2026-11-11').blocks).toEqual([{ reason: 'legal', from: '2026-11-01' }]);
    expect(removeBlocks(s, '2026-11-05', 'legal').blocks).toEqual([
      { reason: 'dispute', from: '2026-11-01', until: '2026-11-10' },
    ]);
  });

  it('records credit-hold set and lift; forgets a system hold staff lifted on the sheet', () => {
    const set = recordCreditHold(
      emptyDunningState('D001'),
      { action: 'set', reason: 'over-credit-limit', needsApproval: true },
      '2026-11-30',
    );
    expect(set.creditHold).toEqual({ setOn: '2026-11-30', reason: 'over-credit-limit' });
    expect(recordCreditHold(set, { action: 'keep', needsApproval: false }, '2026-12-31')).toBe(set);
    expect(
      recordCreditHold(set, { action: 'lift', reason: 'paid', needsApproval: false }, '2026-12-31').creditHold,
    ).toBeUndefined();
    expect(syncCreditHold(set, { creditHold: true })).toBe(set);
    expect(syncCreditHold(set, { creditHold: false }).creditHold).toBeUndefined();
  });

  it('prunes levels and interest clocks of settled documents', () => {
    const state = {
      ...emptyDunningState('D001'),
      levelByDoc: { 'S-1': { level: 3, sentOn: '2026-11-01' }, 'S-2': { level: 1, sentOn: '2026-11-01' } },
      highestLevel: 3,
      interestByDoc: { 'S-1': { accruedFen: 99, through: '2026-11-01' } },
    };
    const alloc = allocatePayments(
      dealer(),
      [...txs, pay('2026-11-28', 'P-1', 5000, { refDocNo: 'S-1' })],
      '2026-11-30',
    );
    const pruned = pruneSettled(state, alloc);
    expect(pruned).toMatchObject({ levelByDoc: { 'S-2': { level: 1 } }, interestByDoc: {}, highestLevel: 1 });
  });
});
