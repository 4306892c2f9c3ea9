/**
 * Randomized tie-out over 1,000 dealers (seeded, reproducible): statements, allocation, aging and
 * interest must agree with each other and with the plain ledger sum to the fen.
 */
import { describe, expect, it } from 'vitest';
import {
  allocatePayments,
  computeAging,
  computeStatement,
  decideDunning,
  emptyDunningState,
  fenDaysOpen,
  mergeSummaries,
  openAmountOn,
  signedAmount,
  summarizeFinance,
  toMonthResult,
  validateTransactions,
  emptySummary,
  type Dealer,
  type DealerMonthResult,
  type DealerTransaction,
} from '../../../domain/dunning';
import { dealer, exampleProcedure, rng, shuffled } from './fixtures';
import { type DateRange, addDays, isoFromDay, toDayNumber } from '../../../domain/calendar';

const DEALERS = 1000;

function randomLedger(rand: () => number, d: Dealer): DealerTransaction[] {
  const n = Math.floor(rand() * 61);
  const out: DealerTransaction[] = [];
  const debits: string[] = [];
  for (let k = 0; k < n; k++) {
    const date = addDays('2026-01-01', Math.floor(rand() * 365));
    const amountFen = 1 + Math.floor(rand() * rand() * 5_000_000);
    const docNo = `${d.dealerId}-${String(k).padStart(3, '0')}`;
    const r = rand();
    if (r < 0.45 || r >= 0.9) {
      const type = r < 0.45 ? 'shipment' : 'fee';
      out.push({ date, dealerId: d.dealerId, type, docNo, amountFen, dueDate: addDays(date, Math.floor(rand() * 91)) });
      debits.push(docNo);
    } else {
      const type = r < 0.8 ? 'payment' : 'credit';
      const ref = rand();
      const refDocNo =
        ref < 0.25 && debits.length > 0
          ? debits[Math.floor(rand() * debits.length)]
          : ref < 0.3
            ? `OLD-${k}`
            : undefined;
      out.push({ date, dealerId: d.dealerId, type, docNo, amountFen, ...(refDocNo ? { refDocNo } : {}) });
    }
  }
  return out;
}

function monthOf(rand: () => number): DateRange {
  const m = 1 + Math.floor(rand() * 12);
  const from = `2026-${String(m).padStart(2, '0')}-01`;
  const to = addDays(m === 12 ? '2027-01-01' : `2026-${String(m + 1).padStart(2, '0')}-01`, -1);
  return { from, to };
}

describe('randomized tie-out over 1,000 dealers', () => {
  it('statements, allocation, aging, interest and the finance summary agree to the fen', () => {
    const rand = rng(20261130);
    const procedure = exampleProcedure();
    const results: DealerMonthResult[] = [];
    let checkedInterest = 0;
    // Plain checks in the hot loop (hundreds of thousands of them); the dealer id makes a failure reproducible.
    let current = '';
    const failures: string[] = [];
    const eq = (actual: unknown, expected: unknown): void => {
      if (actual !== expected)
        failures.push(
          `${current}: ${String(actual)} !== ${String(expected)} (${new Error().stack?.split('\n')[2]?.trim()})`,
        );
    };
    const ok = (cond: boolean): void => {
      if (!cond) failures.push(`${current}: check failed (${new Error().stack?.split('\n')[2]?.trim()})`);
    };
    for (let i = 0; i < DEALERS; i++) {
      const d = dealer({ dealerId: `D${String(i).padStart(4, '0')}`, region: ['华东', '华北', '华南'][i % 3]! });
      current = d.dealerId;
      const ledger = randomLedger(rand, d);
      const period = monthOf(rand);
      const asOf = period.to;

      eq(validateTransactions([d], ledger).length, 0);

      const s = computeStatement(d, ledger, period, asOf);
      const lineSum = s.lines.reduce((sum, l) => sum + l.debitFen - l.creditFen, 0);
      eq(s.closingFen - s.openingFen, lineSum);
      eq(s.closingFen - s.openingFen, s.shipmentsFen + s.feesFen - s.paymentsFen - s.creditsFen);
      let running = s.openingFen;
      for (const l of s.lines) {
        running += l.debitFen - l.creditFen;
        eq(l.balanceFen, running);
      }
      const ledgerBalance = ledger.filter((t) => t.date <= asOf).reduce((sum, t) => sum + signedAmount(t), 0);
      eq(s.closingFen, ledgerBalance);
      const next = computeStatement(
        d,
        ledger,
        { from: addDays(period.to, 1), to: addDays(period.to, 31) },
        addDays(period.to, 31),
      );
      eq(next.openingFen, s.closingFen);

      const a = allocatePayments(d, ledger, asOf);
      eq(a.balanceFen, ledgerBalance);
      for (const item of a.items) {
        ok(item.openFen >= 0);
        ok(item.openFen <= item.originalFen);
        eq(
          item.applications.reduce((sum, x) => sum + x.amountFen, 0),
          item.originalFen - item.openFen,
        );
        for (const x of item.applications) eq(x.date >= item.date, true);
      }
      const appliedBy = new Map<string, { sum: number; earliest: string }>();
      for (const x of a.items.flatMap((it) => it.applications)) {
        const prev = appliedBy.get(x.byDocNo);
        appliedBy.set(x.byDocNo, {
          sum: (prev?.sum ?? 0) + x.amountFen,
          earliest: prev && prev.earliest < x.date ? prev.earliest : x.date,
        });
      }
      for (const c of a.credits) {
        eq(c.appliedFen + c.unappliedFen, c.amountFen);
        const applied = appliedBy.get(c.docNo);
        eq(applied?.sum ?? 0, c.appliedFen);
        if (applied) ok(applied.earliest >= c.date);
      }
      if (a.unappliedFen > 0) eq(a.openFen, 0);

      const ag = computeAging(a.items, asOf, a.unappliedFen);
      eq(ag.totalFen, a.balanceFen);
      eq(ag.totalFen, s.closingFen);
      for (const k of ['current', 'd1to30', 'd31to60', 'd61to90', 'over90'] as const) ok(ag[k] >= 0);

      const later = addDays(asOf, 45);
      const aLater = allocatePayments(d, ledger, later);
      eq(
        computeAging(aLater.items, later, aLater.unappliedFen).totalFen,
        ledger.filter((t) => t.date <= later).reduce((sum, t) => sum + signedAmount(t), 0),
      );

      if (i < 60) {
        eq(JSON.stringify(allocatePayments(d, shuffled(ledger, rand), asOf)), JSON.stringify(a));
        for (const item of a.items) {
          if (item.dueDate >= asOf) continue;
          let brute = 0;
          for (let n = toDayNumber(item.dueDate) + 1; n <= toDayNumber(asOf); n++)
            brute += openAmountOn(item, isoFromDay(n));
          eq(fenDaysOpen(item, item.dueDate, asOf), brute);
          checkedInterest++;
        }
      }

      const decision = decideDunning(d, a, emptyDunningState(d.dealerId), procedure, asOf);
      eq(decision.balanceFen, a.balanceFen);
      ok(decision.dunnableFen <= decision.overdueFen);
      eq(decision.overdueFen, ag.overdueFen);
      if (decision.action === 'send') {
        eq(decision.level, 1);
        eq(
          decision.items.some((it) => it.advanced && it.level === 1),
          true,
        );
      }

      results.push(
        toMonthResult(
          d,
          { statement: s, aging: ag },
          {
            statementSent: s.hasActivity || s.closingFen !== 0,
            levelsSent: decision.level ? [decision.level] : [],
            creditHold: 'none',
            onHold: false,
            disputed: false,
            interestChargedFen: 0,
            feesChargedFen: 0,
          },
        ),
      );
    }
    expect(failures.slice(0, 10)).toEqual([]);
    expect(checkedInterest).toBeGreaterThan(300);

    const summary = summarizeFinance(results);
    const closing = results.reduce((sum, r) => sum + r.totals.closingFen, 0);
    expect(summary.overall.closingFen).toBe(closing);
    const ag = summary.overall.aging;
    expect(ag.current + ag.d1to30 + ag.d31to60 + ag.d61to90 + ag.over90 - ag.unappliedFen).toBe(closing);
    expect(summary.overall.closingFen - summary.overall.openingFen).toBe(
      summary.overall.shipmentsFen + summary.overall.feesFen - summary.overall.paymentsFen - summary.overall.creditsFen,
    );
    const byBatch = [0, 250, 500, 750]
      .map((k) => summarizeFinance(results.slice(k, k + 250)))
      .reduce(mergeSummaries, emptySummary());
    expect(byBatch).toEqual(summary);
  });
});
