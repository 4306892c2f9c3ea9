import type { DimensionRow, PpmRow } from './quality-aggregates';
import { normalizeModel } from './normalize-fields';
import { round2 } from './quality-stats';
import type { ProductionVolume } from './types';

/**
 * PPM per model = failure events / production volume × 1,000,000, for the report month and over the window
 * months that have a volume. Several volume rows for one model and month are summed (two plants). Models
 * with failures but no report-month volume are listed so the report can say so instead of showing 0.
 */
export function computeQualityPpm(
  modelRows: readonly DimensionRow[],
  months: readonly string[],
  volumes: readonly ProductionVolume[],
): { rows: PpmRow[]; modelsWithoutVolume: string[] } {
  const volume = new Map<string, number>();
  for (const v of volumes) {
    if (!Number.isFinite(v.volume) || v.volume <= 0) continue;
    const key = `${v.month}|${normalizeModel(v.model)}`;
    volume.set(key, (volume.get(key) ?? 0) + v.volume);
  }
  const byModel = new Map(modelRows.map((r) => [r.key, r]));
  const models = new Set<string>(modelRows.map((r) => r.key));
  for (const key of volume.keys()) {
    const [month, model = ''] = key.split('|');
    if (months.includes(month!)) models.add(model);
  }
  const current = months[months.length - 1]!;
  const rows: PpmRow[] = [];
  const modelsWithoutVolume: string[] = [];
  for (const model of [...models].sort()) {
    const monthly = byModel.get(model)?.monthly ?? months.map(() => 0);
    const vol = volume.get(`${current}|${model}`);
    if (vol === undefined) {
      if ((monthly[monthly.length - 1] ?? 0) > 0) modelsWithoutVolume.push(model);
      continue;
    }
    let windowFailures = 0;
    let windowVolume = 0;
    const monthlyPpm = months.map((m, i) => {
      const v = volume.get(`${m}|${model}`);
      if (v === undefined) return null;
      windowFailures += monthly[i] ?? 0;
      windowVolume += v;
      return round2(((monthly[i] ?? 0) * 1e6) / v);
    });
    const failures = monthly[monthly.length - 1] ?? 0;
    rows.push({
      model,
      failures,
      volume: vol,
      ppm: round2((failures * 1e6) / vol),
      monthlyPpm,
      windowFailures,
      windowVolume,
      windowPpm: windowVolume > 0 ? round2((windowFailures * 1e6) / windowVolume) : null,
    });
  }
  rows.sort((a, b) => b.ppm - a.ppm || (a.model < b.model ? -1 : 1));
  return { rows, modelsWithoutVolume };
}
