import type { DealerRecord } from './build-master-data';
import { addDays, monthList, utcDate } from './dates';
import { daysInMonth } from '../../../domain/calendar';
import type { Rng } from './random';
import type { PeriodInfo } from './types';

export type TransactionKind = '发货' | '回款' | '退货抵扣' | '费用';

export interface TransactionRecord {
  date: Date;
  dealerId: string;
  type: TransactionKind;
  docNo: string;
  /** Yuan, positive, two decimals. */
  amount: number;
  dueDate: Date | null;
  refDocNo: string | null;
  note: string | null;
}

type Profile = 'prompt' | 'slow' | 'partial' | 'delinquent' | 'inactive' | 'dormant';

const round2 = (n: number): number => Math.round(n * 100) / 100;

/**
 * Dealer account movements for the period and the four months before it, so the period opens with balances:
 * prompt payers, slow payers (overdue 1-60 days), partial payers, a few delinquent dealers with invoices more
 * than 90 days overdue, dormant dealers with only an old balance, and dealers with no activity at all.
 */
export function buildTransactions(rng: Rng, dealers: DealerRecord[], p: PeriodInfo): TransactionRecord[] {
  const months = monthList(p, 4);
  const cutOff = utcDate(p.year, p.month, daysInMonth(p.year, p.month));
  const seq = new Map<string, number>();
  const docNo = (prefix: string, d: Date): string => {
    const ym = d.toISOString().slice(0, 7).replace('-', '');
    const key = `${prefix}${ym}`;
    const n = (seq.get(key) ?? 0) + 1;
    seq.set(key, n);
    return `${key}${String(n).padStart(4, '0')}`;
  };
  const profiles: Profile[] = dealers.map((_, i) =>
    i % 20 === 13
      ? 'inactive'
      : i % 15 === 4
        ? 'delinquent'
        : i % 17 === 9
          ? 'dormant'
          : rng.weighted([
              ['prompt', 5],
              ['slow', 3],
              ['partial', 2],
            ] as const),
  );
  const out: TransactionRecord[] = [];
  dealers.forEach((dealer, i) => {
    const profile = profiles[i] as Profile;
    if (profile === 'inactive') return;
    const activeMonths = profile === 'dormant' ? months.slice(0, 2) : months;
    for (const { year, month } of activeMonths) {
      const shipments = rng.int(1, 4);
      for (let s = 0; s < shipments; s++) {
        const date = utcDate(year, month, rng.int(1, daysInMonth(year, month)));
        const amount = round2(3000 + 57_000 * rng.next() ** 1.6);
        const due = addDays(date, dealer.paymentTermsDays);
        const ship: TransactionRecord = {
          date,
          dealerId: dealer.dealerId,
          type: '发货',
          docNo: docNo('FH', date),
          amount,
          dueDate: due,
          refDocNo: null,
          note: rng.chance(0.15) ? rng.pick(['配件补货', '三包件', '急件', '季度备货']) : null,
        };
        out.push(ship);
        payFor(ship, profile);
      }
      if (rng.chance(0.12)) {
        const date = utcDate(year, month, rng.int(1, daysInMonth(year, month)));
        out.push({
          date,
          dealerId: dealer.dealerId,
          type: '费用',
          docNo: docNo('FY', date),
          amount: round2(rng.pick([300, 500, 800, 1200, 2000]) + rng.int(0, 99) / 100),
          dueDate: addDays(date, 30),
          refDocNo: null,
          note: rng.pick(['培训费', '运费', '资料费', '展架费']),
        });
      }
      if (rng.chance(0.15)) {
        const date = utcDate(year, month, rng.int(1, daysInMonth(year, month)));
        const ship = [...out].reverse().find((t) => t.dealerId === dealer.dealerId && t.type === '发货');
        out.push({
          date,
          dealerId: dealer.dealerId,
          type: '退货抵扣',
          docNo: docNo('TH', date),
          amount: round2(200 + 4800 * rng.next()),
          dueDate: null,
          refDocNo: ship && rng.chance(0.5) ? ship.docNo : null,
          note: '旧件退回抵扣',
        });
      }
    }
  });

  function payFor(ship: TransactionRecord, profile: Profile): void {
    const due = ship.dueDate as Date;
    let payDate: Date;
    let fraction = 1;
    if (profile === 'prompt') payDate = addDays(due, -rng.int(0, 12));
    else if (profile === 'slow') payDate = addDays(due, rng.int(5, 55));
    else if (profile === 'partial') {
      payDate = addDays(due, rng.int(-5, 20));
      fraction = rng.chance(0.6) ? rng.pick([0.3, 0.5, 0.6, 0.8]) : 1;
    } else if (profile === 'dormant') payDate = addDays(due, rng.chance(0.5) ? rng.int(0, 20) : 400);
    else payDate = rng.chance(0.25) ? addDays(due, rng.int(20, 60)) : addDays(due, 400);
    if (payDate > cutOff) return;
    const amount = round2(ship.amount * fraction);
    const named = rng.chance(0.6);
    out.push({
      date: payDate,
      dealerId: ship.dealerId,
      type: '回款',
      docNo: docNo('HK', payDate),
      amount,
      dueDate: null,
      refDocNo: named ? ship.docNo : null,
      note: fraction < 1 ? '部分回款' : named ? null : rng.pick([null, '银行转账', '承兑汇票']),
    });
  }

  return out.sort((a, b) => a.date.getTime() - b.date.getTime() || a.docNo.localeCompare(b.docNo));
}
