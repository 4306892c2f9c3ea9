import type { Fen } from '../money';
import type { OpenItem } from './allocate-payments';
import { daysBetween } from '../calendar';

export type AgingBucket = 'current' | 'd1to30' | 'd31to60' | 'd61to90' | 'over90';

/**
 * The aging buckets in report order, with the headings the finance outputs print: `heading` is the sheet tab's
 * column (往来统计), `column` the finance summary PDF's narrow column in each language.
 */
export const AGING_BUCKETS: readonly { key: AgingBucket; heading: string; column: { zh: string; en: string } }[] = [
  { key: 'current', heading: '未到期', column: { zh: '未到期', en: 'Current' } },
  { key: 'd1to30', heading: '逾期1-30天', column: { zh: '1–30', en: '1–30' } },
  { key: 'd31to60', heading: '逾期31-60天', column: { zh: '31–60', en: '31–60' } },
  { key: 'd61to90', heading: '逾期61-90天', column: { zh: '61–90', en: '61–90' } },
  { key: 'over90', heading: '逾期90天以上', column: { zh: '>90', en: '>90' } },
];

export interface AgingBuckets {
  /** Not yet due (due today counts as current). */
  current: Fen;
  d1to30: Fen;
  d31to60: Fen;
  d61to90: Fen;
  over90: Fen;
}

export interface Aging extends AgingBuckets {
  asOf: string;
  /** Unapplied credit in the dealer's favour, shown separately (positive number). */
  unappliedFen: Fen;
  /** Σ buckets − unapplied: equals the open balance. */
  totalFen: Fen;
  /** Σ of the four overdue buckets. */
  overdueFen: Fen;
}

export function emptyAgingBuckets(): AgingBuckets {
  return { current: 0, d1to30: 0, d31to60: 0, d61to90: 0, over90: 0 };
}

export function agingBucketFor(daysOverdue: number): AgingBucket {
  if (daysOverdue <= 0) return 'current';
  if (daysOverdue <= 30) return 'd1to30';
  if (daysOverdue <= 60) return 'd31to60';
  if (daysOverdue <= 90) return 'd61to90';
  return 'over90';
}

export function daysOverdue(item: Pick<OpenItem, 'dueDate'>, asOf: string): number {
  return daysBetween(item.dueDate, asOf);
}

/**
 * Ages open documents by days past their due date: current, 1–30, 31–60, 61–90, over 90. Pass the
 * allocation's unapplied credit so the total equals the dealer's open balance to the fen.
 */
export function computeAging(openItems: readonly OpenItem[], asOf: string, unappliedFen: Fen = 0): Aging {
  const buckets = emptyAgingBuckets();
  for (const item of openItems) {
    if (item.openFen === 0) continue;
    buckets[agingBucketFor(daysOverdue(item, asOf))] += item.openFen;
  }
  const overdueFen = buckets.d1to30 + buckets.d31to60 + buckets.d61to90 + buckets.over90;
  return { asOf, ...buckets, unappliedFen, overdueFen, totalFen: buckets.current + overdueFen - unappliedFen };
}
