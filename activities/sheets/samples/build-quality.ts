import type { DealerRecord, PartRecord } from './build-master-data';
import { COMPLAINT_PHRASES, FAILURE_MODES, MODELS, RETURN_REASONS, VERDICTS, type FailureModeInfo } from './catalog';
import { addDays, monthList, utcDate } from './dates';
import { daysInMonth } from '../../../domain/calendar';
import type { Rng } from './random';
import type { PeriodInfo } from './types';

export interface QualityEventRecord {
  date: Date;
  source: '投诉' | '来电' | '三包鉴定' | '退货';
  model: string;
  partNo: string;
  partName: string;
  failureMode: string;
  supplier: string;
  dealerId: string;
  region: string;
  vin: string;
  severity: 'A' | 'B' | 'C';
  qty: number;
  description: string;
  closedAt: Date | null;
}

export interface ReturnRecord {
  returnNo: string;
  date: Date;
  dealerId: string;
  partNo: string;
  qty: number;
  claimNo: string;
  reason: string;
  received: Date | null;
  verdict: string | null;
  status: string;
  amount: number;
}

const VIN_CHARS = 'ABCDEFGHJKLMNPRSTUVWXYZ0123456789';

function makeVin(rng: Rng, model: string): string {
  let tail = '';
  for (let i = 0; i < 8; i++) tail += VIN_CHARS[rng.int(0, VIN_CHARS.length - 1)];
  const plant = model.endsWith('EV') ? 'LJ8E' : 'LJ1K';
  return `${plant}${model.replace(/\D/g, '').slice(0, 4).padEnd(4, '0')}${rng.pick(['P', 'R', 'S'])}${tail}`;
}

/**
 * Quality events over the period and the six months before it: complaints, calls, warranty inspections and
 * returns. Failure modes are written the way people write them (canonical name or a synonym); 制动异响 rises
 * month over month; 黑屏 first appears in the period (a new failure mode); some VINs fail again (repeats);
 * a few events are reported twice through different channels (duplicates).
 */
export function buildQualityEvents(
  rng: Rng,
  parts: PartRecord[],
  dealers: DealerRecord[],
  p: PeriodInfo,
): QualityEventRecord[] {
  const months = monthList(p, 6);
  const byCategory = new Map<string, PartRecord[]>();
  for (const part of parts) byCategory.set(part.category, [...(byCategory.get(part.category) ?? []), part]);
  const vins = new Map<string, string[]>(MODELS.map((m) => [m, Array.from({ length: 260 }, () => makeVin(rng, m))]));
  const out: QualityEventRecord[] = [];
  months.forEach(({ year, month }, mi) => {
    const isPeriod = mi === months.length - 1;
    const weights = FAILURE_MODES.filter((fm) => fm.code !== 'FM23' || isPeriod).map(
      (fm): readonly [FailureModeInfo, number] => {
        if (fm.code === 'FM03') return [fm, 4 + mi * 2];
        if (fm.code === 'FM23') return [fm, 5];
        return [fm, fm.category === '使用' ? 1 : 3];
      },
    );
    const count = 130 + mi * 8 + rng.int(-10, 10);
    for (let i = 0; i < count; i++) {
      const fm = rng.weighted(weights);
      const candidates = fm.parts.flatMap((c) => byCategory.get(c) ?? []);
      const part = rng.pick(candidates.length ? candidates : parts);
      const model = part.model === '通用' ? rng.pick(MODELS) : part.model;
      const dealer = rng.pick(dealers);
      const date = utcDate(year, month, rng.int(1, daysInMonth(year, month)));
      const text = rng.chance(0.55) ? fm.name : rng.pick(fm.synonyms);
      const closed = rng.chance(isPeriod ? 0.6 : 0.92) ? addDays(date, rng.int(1, 25)) : null;
      const cutOff = utcDate(p.year, p.month, daysInMonth(p.year, p.month));
      const km = rng.int(3, 180) * 500;
      out.push({
        date,
        source: rng.weighted([
          ['投诉', 3],
          ['来电', 2.5],
          ['三包鉴定', 3.5],
          ['退货', 1],
        ] as const),
        model,
        partNo: part.partNo,
        partName: part.name,
        failureMode: text,
        supplier: part.supplier,
        dealerId: dealer.dealerId,
        region: dealer.region,
        vin: rng.pick(vins.get(model) ?? []),
        severity: rng.weighted([
          ['A', 1],
          ['B', 3],
          ['C', 6],
        ] as const),
        qty: rng.chance(0.9) ? 1 : rng.int(2, 4),
        description: `${rng.pick(COMPLAINT_PHRASES)}车辆行驶${km}公里后${part.name}${text}`,
        closedAt: closed && closed <= cutOff ? closed : null,
      });
    }
  });
  // Repeat failures: the same vehicle back with the same part a month or two later.
  const repeats = out
    .filter(() => rng.chance(0.015))
    .map((e) => ({ ...e, date: addDays(e.date, rng.int(20, 50)), source: '三包鉴定' as const, closedAt: null }));
  // The same fault reported twice (a complaint and a call on the same day).
  const dupes = out
    .filter((e) => e.source === '投诉' && rng.chance(0.02))
    .map((e) => ({ ...e, source: '来电' as const }));
  const last = utcDate(p.year, p.month, daysInMonth(p.year, p.month));
  return [...out, ...repeats.filter((e) => e.date <= last), ...dupes].sort(
    (a, b) => a.date.getTime() - b.date.getTime(),
  );
}

/** The returns register: the period and the month before; later rows not yet received or inspected. */
export function buildReturns(rng: Rng, parts: PartRecord[], dealers: DealerRecord[], p: PeriodInfo): ReturnRecord[] {
  const out: ReturnRecord[] = [];
  const cutOff = utcDate(p.year, p.month, daysInMonth(p.year, p.month));
  for (const { year, month } of monthList(p, 1)) {
    const ym = `${year}${String(month).padStart(2, '0')}`;
    const n = rng.int(40, 50);
    for (let i = 1; i <= n; i++) {
      const part = rng.pick(parts);
      const date = utcDate(year, month, rng.int(1, daysInMonth(year, month)));
      const qty = rng.weighted([
        [1, 6],
        [2, 3],
        [3, 1],
        [5, 0.3],
      ] as const);
      const received = rng.chance(0.8) ? addDays(date, rng.int(2, 12)) : null;
      const receivedOk = received && received <= cutOff ? received : null;
      const verdict =
        receivedOk && rng.chance(0.75)
          ? rng.weighted([
              [VERDICTS[0] as string, 6],
              [VERDICTS[1] as string, 1.5],
              [VERDICTS[2] as string, 2],
              [VERDICTS[3] as string, 1],
            ] as const)
          : null;
      const settled = verdict && month !== p.month && rng.chance(0.6);
      out.push({
        returnNo: `R${ym}${String(i).padStart(4, '0')}`,
        date,
        dealerId: rng.pick(dealers).dealerId,
        partNo: part.partNo,
        qty,
        claimNo: `SP${ym}${String(rng.int(1, 999)).padStart(4, '0')}`,
        reason: rng.weighted([
          [RETURN_REASONS[0] as string, 5],
          [RETURN_REASONS[1] as string, 3],
          [RETURN_REASONS[2] as string, 0.5],
          [RETURN_REASONS[3] as string, 0.5],
          [RETURN_REASONS[4] as string, 2],
        ] as const),
        received: receivedOk,
        verdict,
        status: settled ? '已结算' : verdict ? '已鉴定' : receivedOk ? '已收货' : '待收货',
        amount: Math.round(qty * part.unitCost * (1 + 0.3 * rng.next()) * 100) / 100,
      });
    }
  }
  return out;
}
