import type { Dealer, DealerTransaction, DunningProcedure } from '../../../domain/dunning';
import { parseYuanToFen } from '../../../domain/money';

export function fen(yuan: string | number): number {
  const v = parseYuanToFen(yuan);
  if (v === null) throw new Error(`bad yuan ${yuan}`);
  return v;
}

export function dealer(over: Partial<Dealer> = {}): Dealer {
  return {
    dealerId: 'D001',
    name: '杭州东风汽配',
    region: '华东',
    email: 'd001@example.cn',
    creditLimitFen: 0,
    paymentTermsDays: 30,
    creditHold: false,
    dunningBlock: false,
    ...over,
  };
}

type Extra = Partial<Pick<DealerTransaction, 'dealerId' | 'refDocNo' | 'note' | 'source'>>;

export function ship(
  date: string,
  docNo: string,
  yuan: string | number,
  dueDate: string,
  extra: Extra = {},
): DealerTransaction {
  return { date, dealerId: 'D001', type: 'shipment', docNo, amountFen: fen(yuan), dueDate, ...extra };
}

export function feeTx(
  date: string,
  docNo: string,
  yuan: string | number,
  dueDate: string,
  extra: Extra = {},
): DealerTransaction {
  return { date, dealerId: 'D001', type: 'fee', docNo, amountFen: fen(yuan), dueDate, ...extra };
}

export function pay(date: string, docNo: string, yuan: string | number, extra: Extra = {}): DealerTransaction {
  return { date, dealerId: 'D001', type: 'payment', docNo, amountFen: fen(yuan), ...extra };
}

export function credit(date: string, docNo: string, yuan: string | number, extra: Extra = {}): DealerTransaction {
  return { date, dealerId: 'D001', type: 'credit', docNo, amountFen: fen(yuan), ...extra };
}

/** Mirrors config/example.yaml: reminder at due, second at +10 with a fee, final at +20 with interest and approval. */
export function exampleProcedure(over: Partial<DunningProcedure> = {}): DunningProcedure {
  return {
    graceDays: 3,
    minBalanceForStatementFen: 1,
    minDaysBetweenLetters: 7,
    levels: [
      { level: 1, daysAfterDue: 0, minOverdueFen: 10_000, template: 'dunning-reminder' },
      { level: 2, daysAfterDue: 10, minOverdueFen: 10_000, template: 'dunning-second', feeFen: 5_000 },
      {
        level: 3,
        daysAfterDue: 20,
        minOverdueFen: 10_000,
        template: 'dunning-final',
        interestBpPerYear: 1000,
        needsApproval: true,
      },
    ],
    creditHold: { overLimit: true },
    ...over,
  };
}

/** Small deterministic PRNG (mulberry32) so randomized tests reproduce from their seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffled<T>(items: readonly T[], rand: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}
