/**
 * Vehicles in the field per day, from the monthly production volumes (产量统计): what a part's failures are
 * expected in proportion to. A model's field on day d is the production of the `fieldMonths` months up to d's
 * month, the current month counted pro rata by day (a month's cars do not all reach customers on the 1st).
 * A model without any volume row is unknown: cells with such a model are judged per plain day.
 */
import { normalizeModel } from '../quality/normalize-fields';
import type { ProductionVolume } from '../quality/types';
import { isoFromDay, periodOf, shiftPeriod, type Period } from '../calendar';

export interface FieldExposure {
  /** Models that have volumes. */
  known(model: string): boolean;
  /**
   * Vehicle-days in the field for days [fromDay, fromDay + length) summed over `models`, or null when any model
   * is unknown (or none is given).
   */
  series(models: readonly string[], fromDay: number, length: number): Float64Array | null;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysIn(month: string): number {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return m === 2 && leap ? 29 : DAYS[m - 1]!;
}

export function createFieldExposure(volumes: readonly ProductionVolume[], fieldMonths: number): FieldExposure {
  const byModel = new Map<string, Map<string, number>>();
  for (const v of volumes) {
    if (!Number.isFinite(v.volume) || v.volume <= 0) continue;
    const model = normalizeModel(v.model);
    const months = byModel.get(model) ?? new Map<string, number>();
    months.set(v.month, (months.get(v.month) ?? 0) + v.volume);
    byModel.set(model, months);
  }
  // Field size per model and day, memoised by month (the same months are asked for every cell).
  const monthStart = new Map<string, number>();
  const fieldBefore = (model: string, month: Period): number => {
    const key = `${model}|${month}`;
    const hit = monthStart.get(key);
    if (hit !== undefined) return hit;
    const months = byModel.get(model)!;
    let n = 0;
    for (let i = 1; i < fieldMonths; i++) n += months.get(shiftPeriod(month, -i)) ?? 0;
    monthStart.set(key, n);
    return n;
  };
  const perDay = new Map<string, number>();
  const onDay = (model: string, day: number): number => {
    const key = `${model}|${day}`;
    const hit = perDay.get(key);
    if (hit !== undefined) return hit;
    const v = computeOnDay(model, day);
    perDay.set(key, v);
    return v;
  };
  const computeOnDay = (model: string, day: number): number => {
    const iso = isoFromDay(day);
    const month = periodOf(iso);
    const dom = Number(iso.slice(8, 10));
    const current = byModel.get(model)!.get(month) ?? 0;
    return fieldBefore(model, month) + (current * dom) / daysIn(month);
  };
  return {
    known: (model) => byModel.has(normalizeModel(model)),
    series(models, fromDay, length) {
      if (models.length === 0) return null;
      const keys = models.map(normalizeModel);
      if (keys.some((m) => !byModel.has(m))) return null;
      const out = new Float64Array(length);
      for (let i = 0; i < length; i++) {
        let v = 0;
        for (const m of keys) v += onDay(m, fromDay + i);
        out[i] = v;
      }
      return out;
    },
  };
}
