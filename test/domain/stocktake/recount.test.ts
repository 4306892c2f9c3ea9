import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../domain/errors';
import { mergeRecount, reconcile, selectRecount, type RecountPolicy } from '../../../domain/stocktake';
import { KEYS, LEDGER, MOVEMENTS, ROUND1, TOLERANCES, count } from './stocktake-fixture';

const POLICY: RecountPolicy = { maxRounds: 2, differentCounter: true };
const COUNTERS = ['孙仓管', '钱发货员', '周仓管'];
const round1 = reconcile(LEDGER, ROUND1, MOVEMENTS, TOLERANCES);

describe('recount selection and assignment', () => {
  it('round 1 → over-tolerance lines go to a different counter, zone groups kept together', () => {
    const plan = selectRecount(round1, 1, POLICY, COUNTERS);
    expect(plan).toMatchObject({ completedRound: 1, nextRound: 2, escalate: false, done: false, escalated: [] });
    // Zone A (prev 孙仓管) → first eligible with least load: 钱发货员. Zone B (prev 钱发货员) → 孙仓管 (load 0 < 1).
    expect(
      plan.lines.map((l) => [l.partNo, l.reason, l.trippedRules, l.previousCounter, l.previousQty, l.counter]),
    ).toEqual([
      ['P300', 'over-tolerance', ['percent', 'value'], '孙仓管', 12, '钱发货员'],
      ['P400', 'over-tolerance', ['absQty', 'percent'], '钱发货员', 47, '孙仓管'],
      ['P500', 'over-tolerance', ['percent'], '钱发货员', 1, '孙仓管'],
    ]);
  });

  it('without the different-counter rule the same person recounts', () => {
    const plan = selectRecount(round1, 1, { ...POLICY, differentCounter: false }, COUNTERS);
    expect(plan.lines.map((l) => l.counter)).toEqual(['孙仓管', '钱发货员', '钱发货员']);
  });

  it('no other counter available is a configuration error', () => {
    expect(() => selectRecount(round1, 1, POLICY, ['孙仓管'])).toThrow(ConfigError);
    expect(() => selectRecount(round1, 1, POLICY, [])).toThrow(ConfigError);
  });

  it('uncounted lines join only when the policy asks', () => {
    const plan = selectRecount(round1, 1, { ...POLICY, includeUncounted: true }, COUNTERS);
    // 钱发货员 had the line on the sheet and left it empty, so someone else gets it.
    expect(plan.lines.map((l) => [l.partNo, l.reason, l.previousCounter, l.previousQty])).toContainEqual([
      'P600',
      'uncounted',
      '钱发货员',
      null,
    ]);
    expect(plan.lines.find((l) => l.partNo === 'P600')!.counter).not.toBe('钱发货员');
    expect(plan.lines).toHaveLength(4);
    expect(selectRecount(round1, 1, POLICY, COUNTERS).lines.some((l) => l.partNo === 'P600')).toBe(false);
  });

  it('full loop: merge recounts (latest round wins, empty keeps the earlier count), then escalate after maxRounds', () => {
    // Round 2: 钱发货员 finds 10 刹车片 (= book), 孙仓管 confirms 47 火花塞 and leaves 空气滤清器 empty.
    const r2 = [count(2, 10, '钱发货员', 2), count(3, 47, '孙仓管', 2), count(4, null, '孙仓管', 2)];
    const merged2 = mergeRecount(ROUND1, r2);
    expect(merged2.latest).toHaveLength(8);
    const latest = new Map(merged2.latest.map((c) => [c.key, c]));
    expect([latest.get(KEYS[2]!)!.countedQty, latest.get(KEYS[2]!)!.round]).toEqual([10, 2]);
    expect([latest.get(KEYS[4]!)!.countedQty, latest.get(KEYS[4]!)!.round]).toEqual([1, 1]);
    expect(merged2.history[KEYS[4]!]!.map((c) => [c.round, c.countedQty])).toEqual([
      [1, 1],
      [2, null],
    ]);

    const result2 = reconcile(LEDGER, merged2.latest, MOVEMENTS, TOLERANCES);
    const p300 = result2.lines[2]!;
    // 刹车片 now agrees with the book; still flagged 账≠卡.
    expect([p300.varianceQty, p300.agreesWith, p300.status, p300.bookCardMismatch]).toEqual([
      0,
      'book',
      'card-mismatch',
      true,
    ]);
    const plan2 = selectRecount(result2, 2, POLICY, COUNTERS);
    // 火花塞 last counted by 孙仓管 (round 2) → 钱发货员; 空气滤清器's standing count is 钱发货员's (round 1) → 孙仓管.
    expect(plan2.nextRound).toBe(3);
    expect(plan2.lines.map((l) => [l.partNo, l.previousCounter, l.counter])).toEqual([
      ['P400', '孙仓管', '钱发货员'],
      ['P500', '钱发货员', '孙仓管'],
    ]);

    const merged3 = mergeRecount(merged2.all, [count(3, 47, '钱发货员', 3), count(4, 1, '孙仓管', 3)]);
    expect(merged3.history[KEYS[3]!]!.map((c) => [c.round, c.counter])).toEqual([
      [1, '钱发货员'],
      [2, '孙仓管'],
      [3, '钱发货员'],
    ]);
    const result3 = reconcile(LEDGER, merged3.latest, MOVEMENTS, TOLERANCES);
    // Round 3 was the 2nd recount = maxRounds: what is still out escalates, nothing more to count.
    const plan3 = selectRecount(result3, 3, POLICY, COUNTERS);
    expect(plan3).toMatchObject({ completedRound: 3, nextRound: null, lines: [], escalate: true, done: false });
    expect(plan3.escalated.map((l) => [l.partNo, l.previousCounter])).toEqual([
      ['P400', '钱发货员'],
      ['P500', '孙仓管'],
    ]);
  });

  it('maxRounds 0 escalates straight after the first count; a clean count is done', () => {
    expect(selectRecount(round1, 1, { ...POLICY, maxRounds: 0 }, COUNTERS)).toMatchObject({
      escalate: true,
      nextRound: null,
    });
    const clean = reconcile(
      LEDGER,
      LEDGER.map((l, i) => count(i, l.bookQty, '孙仓管')),
      [],
      TOLERANCES,
    );
    expect(selectRecount(clean, 1, POLICY, COUNTERS)).toMatchObject({
      done: true,
      escalate: false,
      lines: [],
      nextRound: null,
    });
  });

  it('mergeRecount: order of input does not change the result', () => {
    const r2 = [count(2, 10, '钱发货员', 2)];
    const a = mergeRecount(ROUND1, r2);
    const b = mergeRecount(r2, [...ROUND1].reverse());
    expect(b.latest).toEqual(a.latest);
  });
});
