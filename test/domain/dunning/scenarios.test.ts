/**
 * Month-by-month dealer stories through reconcileDealer, acting the way the dunning child workflow is
 * meant to: post interest, send the letter (if approved), post the fee, write the hold, record it all.
 */
import { describe, expect, it } from 'vitest';
import {
  emptyDunningState,
  openDispute,
  recordChargesPosted,
  recordCreditHold,
  recordLetterSent,
  reconcileDealer,
  resolveDispute,
  type Dealer,
  type DealerDunningState,
  type DealerReconciliation,
  type DealerTransaction,
  type DunningProcedure,
  type Period,
} from '../../../domain/dunning';
import { dealer, pay, ship } from './fixtures';

/** 0.05 % a day (1825 bp a year) from level 2 on, so interest is easy to check by hand. */
const PROC: DunningProcedure = {
  graceDays: 0,
  minBalanceForStatementFen: 1,
  minDaysBetweenLetters: 7,
  levels: [
    { level: 1, daysAfterDue: 0, minOverdueFen: 10_000, template: 'dunning-reminder' },
    {
      level: 2,
      daysAfterDue: 30,
      minOverdueFen: 10_000,
      template: 'dunning-second',
      feeFen: 5_000,
      interestBpPerYear: 1825,
    },
    { level: 3, daysAfterDue: 60, minOverdueFen: 10_000, template: 'dunning-final', needsApproval: true },
  ],
  creditHold: { overLimit: true },
};

const month = (ym: string, last: string): Period => ({ from: `${ym}-01`, to: `${ym}-${last}` });
const NOV = month('2026-11', '30');
const DEC = month('2026-12', '31');
const JAN = month('2027-01', '31');
const FEB = month('2027-02', '28');
const MAR = month('2027-03', '31');

interface World {
  dealer: Dealer;
  ledger: DealerTransaction[];
  state: DealerDunningState;
  letters: string[];
}

function world(over: Partial<Dealer> = {}): World {
  return { dealer: dealer(over), ledger: [], state: emptyDunningState('D001'), letters: [] };
}

function runMonth(w: World, period: Period, opts: { approve?: boolean; asOf?: string } = {}): DealerReconciliation {
  const asOf = opts.asOf ?? period.to;
  const rec = reconcileDealer({
    dealer: w.dealer,
    transactions: w.ledger,
    state: w.state,
    procedure: PROC,
    period,
    asOf,
  });
  let state = rec.state;
  const posted: string[] = [];
  if (rec.interestCharge) {
    w.ledger.push(rec.interestCharge);
    posted.push(rec.interestCharge.docNo);
  }
  const approved = !rec.decision.needsApproval || (opts.approve ?? true);
  if (rec.decision.action === 'send' && approved) {
    if (!w.letters.includes(rec.decision.letterId!)) w.letters.push(rec.decision.letterId!);
    state = recordLetterSent(state, rec.decision);
    if (rec.feeCharge) {
      w.ledger.push(rec.feeCharge);
      posted.push(rec.feeCharge.docNo);
    }
  }
  const hold = rec.decision.creditHold;
  if ((hold.action === 'set' || hold.action === 'lift') && (!hold.needsApproval || approved)) {
    w.dealer = { ...w.dealer, creditHold: hold.action === 'set' };
    state = recordCreditHold(state, hold, asOf);
  }
  w.state = recordChargesPosted(state, posted);
  return rec;
}

describe('dunning stories', () => {
  it('a paying dealer gets a statement and nothing else', () => {
    const w = world();
    w.ledger.push(
      ship('2026-11-02', 'S-1', '8,000.00', '2026-12-02'),
      pay('2026-11-25', 'P-1', '8,000.00', { refDocNo: 'S-1' }),
    );
    const nov = runMonth(w, NOV);
    expect(nov.statementNeeded).toBe(true);
    expect(nov.statement).toMatchObject({ openingFen: 0, shipmentsFen: 800_000, paymentsFen: 800_000, closingFen: 0 });
    expect(nov.decision).toMatchObject({ action: 'none', reason: 'settled' });
    expect(nov.aging.totalFen).toBe(0);
    expect(nov.interestCharge).toBeUndefined();
    const dec = runMonth(w, DEC);
    expect(dec.statementNeeded).toBe(false);
    expect(w.letters).toEqual([]);
  });

  it('a partial payer climbs two levels, keeps the interest accrued before each payment, then pays and the hold is lifted', () => {
    const w = world();
    w.ledger.push(ship('2026-10-01', 'S-1', '10,000.00', '2026-10-31'));

    const nov = runMonth(w, NOV);
    expect(nov.decision).toMatchObject({ action: 'send', level: 1, items: [{ docNo: 'S-1', daysOverdue: 30 }] });
    expect(nov.statement).toMatchObject({ openingFen: 1_000_000, closingFen: 1_000_000, hasActivity: false });
    expect(nov.statementNeeded).toBe(true);
    expect(nov.interestCharge).toBeUndefined();

    w.ledger.push(pay('2026-12-10', 'P-1', '4,000.00'));
    const dec = runMonth(w, DEC);
    expect(dec.decision).toMatchObject({
      action: 'send',
      level: 2,
      fee: { docNo: 'FEE-D001-2026-12-L2', amountFen: 5_000 },
    });
    expect(dec.feeCharge).toEqual({
      date: '2027-01-01',
      dealerId: 'D001',
      type: 'fee',
      docNo: 'FEE-D001-2026-12-L2',
      amountFen: 5_000,
      dueDate: '2027-01-01',
      note: '催款费用 dunning fee L2',
    });
    expect(dec.interestCharge).toBeUndefined(); // level 2 only just went out
    expect(dec.aging).toMatchObject({ d61to90: 600_000, totalFen: 600_000 });

    // Rerunning December after the fact continues where the dealer stands: no second letter, no second fee.
    // Level 2 has gone out now, so the rerun would catch interest up from the due date (not posted here).
    const decAgain = reconcileDealer({
      dealer: w.dealer,
      transactions: w.ledger,
      state: w.state,
      procedure: PROC,
      period: DEC,
      asOf: '2026-12-31',
    });
    expect(decAgain.decision).toMatchObject({ action: 'none', reason: 'waiting', nextReviewOn: '2027-01-07' });
    expect(decAgain.feeCharge).toBeUndefined();
    // 39 days × 10,000 + 22 days × 6,000 (yuan·days) at 0.05 %/day
    expect(decAgain.interestCharge).toMatchObject({ docNo: 'INT-D001-20261231', amountFen: 26_100 });

    w.ledger.push(pay('2027-01-15', 'P-2', '3,000.00'));
    const stateBeforeJan = w.state;
    const jan = runMonth(w, JAN);
    // From the due date: 39 days × 10,000 + 36 days × 6,000 + 17 days × 3,000 (yuan·days) at 0.05 %/day.
    expect(jan.interest.docs).toEqual([
      expect.objectContaining({ docNo: 'S-1', fenDays: 65_700_000, newlyAccruedFen: 32_850 }),
    ]);
    expect(jan.interestCharge).toMatchObject({ docNo: 'INT-D001-20270131', amountFen: 32_850, date: '2027-02-01' });
    // Interest on the outstanding balance only (the ERPNext way) would be 92 days × 3,000 × 0.05 % = 138.00.
    expect(jan.interestCharge!.amountFen).toBeGreaterThan(13_800);
    expect(jan.statement).toMatchObject({
      openingFen: 600_000,
      feesFen: 5_000,
      paymentsFen: 300_000,
      closingFen: 305_000,
    });
    expect(jan.decision).toMatchObject({
      action: 'send',
      level: 3,
      template: 'dunning-final',
      needsApproval: true,
      approvalReasons: ['final-level', 'level-requires-approval', 'credit-hold'],
      creditHold: { action: 'set', reason: 'dunning-level' },
    });
    expect(w.dealer.creditHold).toBe(true);
    expect(w.state.creditHold).toEqual({ setOn: '2027-01-31', reason: 'dunning-level' });

    // A crash after posting the interest but before saving state: the replay posts nothing twice.
    const replay = reconcileDealer({
      dealer: w.dealer,
      transactions: w.ledger,
      state: stateBeforeJan,
      procedure: PROC,
      period: JAN,
      asOf: '2027-01-31',
    });
    expect(replay.interestCharge).toBeUndefined();
    expect(replay.decision.letterId).toBe(jan.decision.letterId);
    expect(recordLetterSent(w.state, replay.decision).letters).toEqual(w.state.letters);

    w.ledger.push(pay('2027-02-10', 'P-3', '3,378.50'));
    const feb = runMonth(w, FEB);
    expect(feb.statement).toMatchObject({ openingFen: 305_000, feesFen: 32_850, paymentsFen: 337_850, closingFen: 0 });
    expect(feb.decision).toMatchObject({ action: 'none', reason: 'settled' });
    // Nine more days on 3,000.00 before the final payment are still owed.
    expect(feb.interestCharge).toMatchObject({ docNo: 'INT-D001-20270228', amountFen: 1_350, date: '2027-03-01' });
    expect(feb.decision.creditHold).toEqual({ action: 'lift', reason: 'paid', needsApproval: false });
    expect(w.dealer.creditHold).toBe(false);
    expect(w.state).toMatchObject({ levelByDoc: {}, highestLevel: 0, interestByDoc: {} });
    expect(w.state.creditHold).toBeUndefined();

    w.ledger.push(pay('2027-03-05', 'P-4', '13.50'));
    const mar = runMonth(w, MAR);
    expect(mar.statement).toMatchObject({ openingFen: 0, feesFen: 1_350, paymentsFen: 1_350, closingFen: 0 });
    expect(mar.interestCharge).toBeUndefined();
    expect(w.letters).toEqual(['DUN-D001-20261130-L1', 'DUN-D001-20261231-L2', 'DUN-D001-20270131-L3']);

    const statements = [nov, dec, jan, feb, mar].map((r) => r.statement);
    for (let i = 1; i < statements.length; i++) expect(statements[i]!.openingFen).toBe(statements[i - 1]!.closingFen);
  });

  it('the final notice waits for approval: rejected means no letter, no hold, and it is asked again next time', () => {
    const w = world();
    w.ledger.push(ship('2026-08-01', 'S-1', '2,000.00', '2026-08-31'));
    w.state = {
      ...w.state,
      levelByDoc: { 'S-1': { level: 2, sentOn: '2026-10-31' } },
      highestLevel: 2,
      lastLetterOn: '2026-10-31',
    };
    const nov = runMonth(w, NOV, { approve: false });
    expect(nov.decision).toMatchObject({ action: 'send', level: 3, needsApproval: true });
    expect(w.letters).toEqual([]);
    expect(w.dealer.creditHold).toBe(false);
    expect(w.state.levelByDoc['S-1']!.level).toBe(2);
    const dec = runMonth(w, DEC);
    expect(dec.decision).toMatchObject({ action: 'send', level: 3 });
    expect(w.letters).toEqual(['DUN-D001-20261231-L3']);
  });

  it('a disputed statement pauses dunning and interest; after resolution it resumes at the next level', () => {
    const w = world();
    w.ledger.push(ship('2026-09-01', 'S-1', '10,000.00', '2026-10-01'));
    w.state = {
      ...w.state,
      levelByDoc: { 'S-1': { level: 2, sentOn: '2026-10-31' } },
      highestLevel: 2,
      lastLetterOn: '2026-10-31',
    };
    w.state = openDispute(w.state, { id: 'DSP-7', openedOn: '2026-11-11', reason: '数量不符 quantity mismatch' });
    const nov = runMonth(w, NOV);
    expect(nov.decision).toMatchObject({ action: 'none', reason: 'disputed' });
    expect(nov.decision.nextReviewOn).toBeUndefined();
    // Level 2 carries interest: 10-02..11-10 accrues (40 days), 11-11..11-30 is under dispute.
    expect(nov.interest.docs[0]).toMatchObject({
      fenDays: 40 * 1_000_000,
      pausedFenDays: 20 * 1_000_000,
      newlyAccruedFen: 20_000,
    });
    expect(nov.statementNeeded).toBe(true);

    w.state = resolveDispute(w.state, 'DSP-7', '2026-12-05', '已核对 confirmed');
    const dec = runMonth(w, DEC);
    // 12-01..12-05 still under dispute, 12-06..12-31 accrues: 26 days.
    expect(dec.interest.docs[0]).toMatchObject({ fenDays: 26 * 1_000_000, newlyAccruedFen: 13_000 });
    expect(dec.decision).toMatchObject({ action: 'send', level: 3 });
    expect(w.letters).toEqual(['DUN-D001-20261231-L3']);
  });

  it('a dunning block from the sheet stops letters, not the statement', () => {
    const w = world({ dunningBlock: true });
    w.ledger.push(ship('2026-09-01', 'S-1', '10,000.00', '2026-10-01'));
    const nov = runMonth(w, NOV);
    expect(nov.decision).toMatchObject({ action: 'none', reason: 'blocked' });
    expect(nov.statementNeeded).toBe(true);
    w.dealer = { ...w.dealer, dunningBlock: false };
    expect(runMonth(w, DEC).decision).toMatchObject({ action: 'send', level: 1 });
  });

  it('credit hold over the limit is set with approval and lifted once paid back under it', () => {
    const w = world({ creditLimitFen: 1_000_000 });
    w.ledger.push(
      ship('2026-11-03', 'S-1', '8,000.00', '2026-12-03'),
      ship('2026-11-20', 'S-2', '4,000.00', '2027-01-20'),
    );
    const nov = runMonth(w, NOV);
    expect(nov.decision).toMatchObject({
      action: 'none',
      reason: 'nothing-overdue',
      balanceFen: 1_200_000,
      needsApproval: true,
      creditHold: { action: 'set', reason: 'over-credit-limit', needsApproval: true },
    });
    expect(w.dealer.creditHold).toBe(true);
    w.ledger.push(pay('2026-12-01', 'P-1', '8,000.00', { refDocNo: 'S-1' }));
    const dec = runMonth(w, DEC);
    expect(dec.decision.creditHold).toMatchObject({ action: 'lift', reason: 'below-threshold' });
    expect(w.dealer.creditHold).toBe(false);
    expect(w.state.creditHold).toBeUndefined();
  });
});
