import { computeQualityPpm } from './compute-quality-ppm';
import { findQualityRepeats } from './find-quality-repeats';
import {
  QUALITY_DIMENSIONS,
  type CrossName,
  type CrossRow,
  type DimensionRow,
  type HandlingStats,
  type MoverRow,
  type QualityAggregates,
  type TopMovers,
} from './quality-aggregates';
import { type Cell, type HandlingBucket, type QualityState } from './quality-state';
import { buildPareto, buildTrend, histogramStats, round2 } from './quality-stats';
import { UNMAPPED_CODE, type ProductionVolume, type QualitySource } from './types';

export interface SummarizeOptions {
  productionVolumes: readonly ProductionVolume[];
  repeatWindowDays: number;
  maxRepeats: number;
  handlingSources: QualitySource[];
  topMovers: number;
  moverMinCount: number;
  paretoCutPct: number;
}

const byKey = (a: { key: string }, b: { key: string }) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

function toRows(map: ReadonlyMap<string, Cell>, M: number): DimensionRow[] {
  const rows: DimensionRow[] = [];
  for (const [key, cell] of map) {
    const monthly = cell.m.slice(0, M);
    const monthlyQty = cell.m.slice(M);
    rows.push({
      key,
      label: cell.label,
      count: monthly[M - 1]!,
      qty: monthlyQty[M - 1]!,
      windowCount: monthly.reduce((s, x) => s + x, 0),
      windowQty: monthlyQty.reduce((s, x) => s + x, 0),
      monthly,
    });
  }
  return rows.sort((a, b) => b.count - a.count || b.windowCount - a.windowCount || byKey(a, b));
}

function crossRows(map: ReadonlyMap<string, ReadonlyMap<string, { count: number; qty: number }>>): CrossRow[] {
  const rows: CrossRow[] = [];
  for (const [key, inner] of map) for (const [sub, v] of inner) rows.push({ key, sub, count: v.count, qty: v.qty });
  return rows.sort((a, b) => b.count - a.count || byKey(a, b) || (a.sub < b.sub ? -1 : a.sub > b.sub ? 1 : 0));
}

/** Largest increases of the report month over the mean of the 3 months before it. */
export function topMovers(rows: readonly DimensionRow[], n: number, minCount: number): TopMovers {
  const movers: MoverRow[] = rows.map((r) => {
    const prior = r.monthly.slice(0, -1).slice(-3);
    const avg = prior.reduce((s, x) => s + x, 0) / prior.length;
    return {
      key: r.key,
      label: r.label,
      current: r.count,
      avg3: round2(avg),
      absIncrease: round2(r.count - avg),
      relIncreasePct: avg === 0 ? null : round2(((r.count - avg) * 100) / avg),
    };
  });
  const rising = movers.filter((m) => m.absIncrease > 0);
  return {
    byAbsolute: [...rising].sort((a, b) => b.absIncrease - a.absIncrease || byKey(a, b)).slice(0, n),
    byRelative: rising
      .filter((m) => m.relIncreasePct !== null && m.current >= minCount)
      .sort((a, b) => b.relIncreasePct! - a.relIncreasePct! || b.absIncrease - a.absIncrease || byKey(a, b))
      .slice(0, n),
  };
}

function handlingStats(b: HandlingBucket): HandlingStats {
  const s = histogramStats(b.hist);
  return {
    considered: b.considered,
    closed: s.n,
    open: b.open,
    invalid: b.invalid,
    medianDays: s.median,
    p90Days: s.p90,
    meanDays: s.mean,
  };
}

export function summarizeQualityState(state: QualityState, o: SummarizeOptions): QualityAggregates {
  const M = state.months.length;
  const dimensions = Object.fromEntries(
    QUALITY_DIMENSIONS.map((d) => [d, toRows(state.dims[d], M)]),
  ) as QualityAggregates['dimensions'];
  const cross = Object.fromEntries(
    (Object.keys(state.cross) as CrossName[]).map((c) => [c, crossRows(state.cross[c])]),
  ) as QualityAggregates['cross'];
  const modeRows = dimensions.failureMode;
  const failureModes = [...state.modes]
    .map(([code, m]) => ({ code, name: m.name, category: m.category }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const category = (code: string) => state.modes.get(code)?.category ?? null;
  const mapped = modeRows.filter((r) => r.key !== UNMAPPED_CODE);
  const monthly = state.totals.slice(0, M);
  const monthlyQty = state.totals.slice(M);

  return {
    period: state.period,
    months: [...state.months],
    totals: {
      count: monthly[M - 1]!,
      qty: monthlyQty[M - 1]!,
      monthly,
      monthlyQty,
      windowCount: monthly.reduce((s, x) => s + x, 0),
      windowQty: monthlyQty.reduce((s, x) => s + x, 0),
      outOfWindow: state.outOfWindow,
    },
    failureModes,
    dimensions,
    cross,
    pareto: {
      failureModes: buildPareto(
        modeRows.map((r) => ({ key: r.key, label: r.label, count: r.count, qty: r.qty })),
        o.paretoCutPct,
      ),
      parts: buildPareto(
        dimensions.part.map((r) => ({ key: r.key, label: r.label, count: r.count, qty: r.qty })),
        o.paretoCutPct,
      ),
    },
    trends: {
      overall: buildTrend('ALL', '合计', null, monthly),
      failureModes: modeRows.map((r) => buildTrend(r.key, r.label, category(r.key), r.monthly)),
    },
    ppm: computeQualityPpm(dimensions.model, state.months, o.productionVolumes),
    newFailureModes: mapped
      .filter((r) => r.count > 0 && r.monthly.slice(0, -1).every((x) => x === 0))
      .map((r) => ({ code: r.key, name: r.label, category: category(r.key), count: r.count, qty: r.qty })),
    repeats: {
      windowDays: o.repeatWindowDays,
      ...findQualityRepeats(state.vinHits, state.period, o.repeatWindowDays, o.maxRepeats),
    },
    topMovers: {
      failureModes: topMovers(mapped, o.topMovers, o.moverMinCount),
      parts: topMovers(dimensions.part, o.topMovers, o.moverMinCount),
    },
    handling: {
      sources: o.handlingSources,
      overall: handlingStats(state.handling),
      byRegion: [...state.handlingByRegion]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([region, b]) => ({ region, ...handlingStats(b) })),
    },
  };
}
