import type { Fen } from '../money';
import type { OpenItem } from './allocate-payments';
import type { InterestAccrual } from './types';
import { isoFromDay, maxDate, toDayNumber } from '../calendar';

export interface DocInterest {
  docNo: string;
  /** Interest runs for the days after this one … */
  fromExclusive: string;
  /** … up to and including this one. */
  through: string;
  /** Σ over those days of the open amount at the end of the day (fen × days). */
  fenDays: number;
  rateBpPerYear: number;
  newlyAccruedFen: Fen;
  /** Everything accrued on the document so far, this run included. */
  accruedFen: Fen;
  /** fen·days left out because the document was under dispute on those days. */
  pausedFenDays: number;
}

export interface InterestResult {
  asOf: string;
  docs: DocInterest[];
  newlyAccruedFen: Fen;
  /** Next accrual state per document (prior entries carried over untouched where nothing ran). */
  byDoc: Record<string, InterestAccrual>;
}

export interface InterestInput {
  /** Allocation items, settled ones included: a document paid this month still owes the interest up to payment. */
  items: readonly OpenItem[];
  prior: Readonly<Record<string, InterestAccrual>>;
  asOf: string;
  /** Annual rate in basis points for a document; 0 means it does not accrue (and its clock does not move). */
  rateBpFor: (item: OpenItem) => number;
  /** Inclusive day ranges in which the document was under dispute: those days are interest-free. */
  pausedRanges?: (item: OpenItem) => readonly DayRange[];
}

export interface DayRange {
  from: string;
  to: string;
}

/** fen·days × bp / (10000 × 365), rounded half up, in BigInt so large balances stay exact. */
export function interestForFenDays(fenDays: number, rateBpPerYear: number): Fen {
  if (fenDays <= 0 || rateBpPerYear <= 0) return 0;
  const num = BigInt(fenDays) * BigInt(rateBpPerYear);
  const den = 3_650_000n;
  return Number((2n * num + den) / (2n * den));
}

/** Σ open amount per day over (fromExclusive, through], using the dated applications of the allocation. */
export function fenDaysOpen(item: OpenItem, fromExclusive: string, through: string): number {
  const start = Math.max(toDayNumber(fromExclusive), toDayNumber(item.date) - 1);
  const end = toDayNumber(through);
  if (end <= start) return 0;
  const apps = item.applications
    .map((a) => ({ day: toDayNumber(a.date), amount: a.amountFen }))
    .sort((a, b) => a.day - b.day);
  let open = item.originalFen;
  for (const a of apps) if (a.day <= start) open -= a.amount;
  let cursor = start;
  let total = 0;
  for (const a of apps) {
    if (a.day <= start || a.day > end) continue;
    // Days before the payment day count at the old amount; the payment day already at the reduced one.
    total += open * (a.day - 1 - cursor);
    cursor = a.day - 1;
    open -= a.amount;
  }
  return total + open * (end - cursor);
}

/** fen·days of (fromExclusive, through] falling inside the given inclusive ranges (overlaps merged). */
function pausedFenDays(item: OpenItem, fromExclusive: string, through: string, ranges: readonly DayRange[]): number {
  const merged: [number, number][] = [];
  const lo = toDayNumber(fromExclusive) + 1;
  const hi = toDayNumber(through);
  for (const [a, b] of ranges
    .map((r): [number, number] => [Math.max(lo, toDayNumber(r.from)), Math.min(hi, toDayNumber(r.to))])
    .filter(([a, b]) => a <= b)
    .sort((x, y) => x[0] - y[0])) {
    const last = merged[merged.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else merged.push([a, b]);
  }
  return merged.reduce((sum, [a, b]) => sum + fenDaysOpen(item, isoFromDay(a - 1), isoFromDay(b)), 0);
}

/**
 * Simple interest (ACT/365) per document on its overdue open amount, from the later of its due date and
 * the day interest was last accrued, through `asOf`. Accrued interest is kept per document and never
 * given back when the document is later paid in part or in full: a payment only lowers the amount that
 * accrues from the payment day on. Days under dispute are interest-free. Rounding happens once per
 * document per run (half up).
 */
export function accrueInterest(input: InterestInput): InterestResult {
  const byDoc: Record<string, InterestAccrual> = { ...input.prior };
  const docs: DocInterest[] = [];
  let newly = 0;
  for (const item of input.items) {
    const rate = input.rateBpFor(item);
    if (rate <= 0) continue;
    const prior = input.prior[item.docNo];
    const from = maxDate(item.dueDate, prior?.through ?? item.dueDate);
    if (from >= input.asOf) continue;
    const gross = fenDaysOpen(item, from, input.asOf);
    if (gross === 0 && item.openFen === 0) continue;
    const paused = pausedFenDays(item, from, input.asOf, input.pausedRanges?.(item) ?? []);
    const fenDays = gross - paused;
    const amount = interestForFenDays(fenDays, rate);
    const accruedFen = (prior?.accruedFen ?? 0) + amount;
    byDoc[item.docNo] = { accruedFen, through: input.asOf };
    newly += amount;
    docs.push({
      docNo: item.docNo,
      fromExclusive: from,
      through: input.asOf,
      fenDays,
      rateBpPerYear: rate,
      newlyAccruedFen: amount,
      accruedFen,
      pausedFenDays: paused,
    });
  }
  return { asOf: input.asOf, docs, newlyAccruedFen: newly, byDoc };
}
