/**
 * Small statistics used by the aggregates. Percentages are rounded to 2 decimals only at the end
 * (cumulative shares come from integer running totals, so the last Pareto row is exactly 100).
 */

export function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

export function pct(part: number, whole: number): number | null {
  return whole === 0 ? null : round2((part * 100) / whole);
}

export interface ParetoItem {
  key: string;
  label: string;
  count: number;
  qty: number;
}

export interface ParetoRow extends ParetoItem {
  sharePct: number;
  cumulativePct: number;
  /** In the "vital few": rows up to and including the first whose cumulative share reaches the cut. */
  vital: boolean;
}

export interface Pareto {
  total: number;
  cutPct: number;
  /** How many leading rows are vital (rows[0..vitalCount-1]). */
  vitalCount: number;
  rows: ParetoRow[];
}

/** Sorts by count desc (then qty desc, key asc) and adds share, cumulative share and the cut. */
export function buildPareto(items: readonly ParetoItem[], cutPct = 80): Pareto {
  const sorted = items
    .filter((i) => i.count > 0)
    .sort((a, b) => b.count - a.count || b.qty - a.qty || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const total = sorted.reduce((s, i) => s + i.count, 0);
  let running = 0;
  let vitalCount = 0;
  const rows = sorted.map((i) => {
    const vital = running * 100 < cutPct * total;
    running += i.count;
    if (vital) vitalCount++;
    return { ...i, sharePct: pct(i.count, total) ?? 0, cumulativePct: pct(running, total) ?? 0, vital };
  });
  return { total, cutPct, vitalCount, rows };
}

export interface TrendRow {
  key: string;
  label: string;
  category: string | null;
  /** Counts per month over the window, oldest first; the last is the report month. */
  monthly: number[];
  current: number;
  previous: number;
  /** (current − previous) / previous; null when the previous month is 0. */
  momChangePct: number | null;
  /** Mean of the 3 months before the report month (fewer if the window is shorter). */
  avg3: number;
  /** Mean of the 6 months before the report month (fewer if the window is shorter). */
  avg6: number;
  vsAvg3Pct: number | null;
  vsAvg6Pct: number | null;
}

function mean(xs: readonly number[]): number {
  return xs.length === 0 ? 0 : xs.reduce((s, x) => s + x, 0) / xs.length;
}

export function buildTrend(key: string, label: string, category: string | null, monthly: readonly number[]): TrendRow {
  const n = monthly.length;
  const current = monthly[n - 1] ?? 0;
  const previous = monthly[n - 2] ?? 0;
  const prior = monthly.slice(0, n - 1);
  const a3 = mean(prior.slice(-3));
  const a6 = mean(prior.slice(-6));
  return {
    key,
    label,
    category,
    monthly: [...monthly],
    current,
    previous,
    momChangePct: pct(current - previous, previous),
    avg3: round2(a3),
    avg6: round2(a6),
    vsAvg3Pct: a3 === 0 ? null : round2(((current - a3) * 100) / a3),
    vsAvg6Pct: a6 === 0 ? null : round2(((current - a6) * 100) / a6),
  };
}

/** Median (mean of the two middle values for an even count) and p90 (nearest rank) over a day histogram. */
export function histogramStats(hist: ReadonlyMap<number, number>): {
  n: number;
  median: number | null;
  p90: number | null;
  mean: number | null;
} {
  const entries = [...hist.entries()].sort((a, b) => a[0] - b[0]);
  const n = entries.reduce((s, [, c]) => s + c, 0);
  if (n === 0) return { n, median: null, p90: null, mean: null };
  const nth = (rank: number): number => {
    let seen = 0;
    for (const [value, c] of entries) {
      seen += c;
      if (seen >= rank) return value;
    }
    return entries[entries.length - 1]![0];
  };
  const median = n % 2 === 1 ? nth((n + 1) / 2) : (nth(n / 2) + nth(n / 2 + 1)) / 2;
  const sum = entries.reduce((s, [v, c]) => s + v * c, 0);
  return { n, median, p90: nth(Math.ceil(0.9 * n)), mean: round2(sum / n) };
}
