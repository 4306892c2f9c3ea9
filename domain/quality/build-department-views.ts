import { ConfigError } from '../errors';
import type { UnmappedFailureText } from './clean-quality-events';
import type { CrossRow, DimensionRow, QualityAggregates } from './quality-aggregates';
import type {
  CategoryViewBase,
  DepartmentView,
  ModeCount,
  ModelModesRow,
  RankRow,
  RecoveryStatus,
  SupplierRankRow,
  SupplierRecoveryInput,
} from './quality-department-views';
import { normalizeText } from './normalize-fields';
import type { DepartmentRoute, QualityRouting } from './quality-routing';
import { buildPareto, buildTrend, pct } from './quality-stats';
import { BLANK_KEY, QUALITY_SOURCES, type QualitySource } from './types';

export interface DepartmentViewExtras {
  /** Unmapped failure texts from cleaning, shown to quality so the catalogue gets extended. */
  unmapped?: readonly UnmappedFailureText[];
  /** Supplier claim status from the returns workflow (placeholder until that data exists). */
  supplierRecovery?: readonly SupplierRecoveryInput[];
}

const categoryKey = (c: string) => normalizeText(c).toLowerCase();

function codesOf(agg: QualityAggregates, categories: readonly string[]): Set<string> {
  const wanted = new Set(categories.map(categoryKey));
  return new Set(
    agg.failureModes
      .filter((m) => wanted.size === 0 || (m.category !== null && wanted.has(categoryKey(m.category))))
      .map((m) => m.code),
  );
}

function rank(rows: ReadonlyArray<{ key: string; label: string; count: number; qty: number }>, n: number): RankRow[] {
  const total = rows.reduce((s, r) => s + r.count, 0);
  return rows
    .filter((r) => r.count > 0)
    .slice(0, n)
    .map((r) => ({ key: r.key, label: r.label, count: r.count, qty: r.qty, sharePct: pct(r.count, total) ?? 0 }));
}

/** Groups report-month cross rows by their first key, summing counts and keeping the top sub-keys. */
function groupCross(rows: readonly CrossRow[], keep: (r: CrossRow) => boolean, label: (sub: string) => string) {
  const groups = new Map<string, { key: string; count: number; qty: number; subs: ModeCount[] }>();
  for (const r of rows) {
    if (!keep(r)) continue;
    let g = groups.get(r.key);
    if (!g) groups.set(r.key, (g = { key: r.key, count: 0, qty: 0, subs: [] }));
    g.count += r.count;
    g.qty += r.qty;
    g.subs.push({ code: r.sub, name: label(r.sub), count: r.count });
  }
  return [...groups.values()].sort((a, b) => b.count - a.count || b.qty - a.qty || (a.key < b.key ? -1 : 1));
}

function recoveryStatus(r: SupplierRecoveryInput | undefined): SupplierRankRow['recovery'] {
  if (!r) return { status: 'none', claimedFen: 0, recoveredFen: 0, openClaims: 0 };
  const status: RecoveryStatus =
    r.claimedFen <= 0 && r.openClaims <= 0
      ? 'none'
      : r.recoveredFen >= r.claimedFen && r.openClaims <= 0
        ? 'recovered'
        : r.recoveredFen > 0
          ? 'partial'
          : 'open';
  return { status, claimedFen: r.claimedFen, recoveredFen: r.recoveredFen, openClaims: r.openClaims };
}

function categoryView(agg: QualityAggregates, route: DepartmentRoute): Omit<CategoryViewBase, keyof ViewHead> {
  const codes = codesOf(agg, route.categories);
  const modes = agg.dimensions.failureMode.filter((r) => codes.has(r.key));
  const name = modeNames(agg);
  const groupMonthly = agg.months.map((_, i) => modes.reduce((s, r) => s + (r.monthly[i] ?? 0), 0));
  const byModel: ModelModesRow[] = groupCross(agg.cross.modelByMode, (r) => codes.has(r.sub), name)
    .slice(0, route.topN)
    .map((g) => ({ model: g.key, count: g.count, qty: g.qty, topModes: g.subs.slice(0, 3) }));
  return {
    categories: [...route.categories],
    totals: { count: sum(modes, 'count'), qty: sum(modes, 'qty') },
    pareto: buildPareto(modes.map((r) => ({ key: r.key, label: r.label, count: r.count, qty: r.qty }))),
    groupTrend: buildTrend('GROUP', route.name, null, groupMonthly),
    trends: agg.trends.failureModes.filter((t) => codes.has(t.key)).slice(0, route.topN),
    byModel,
  };
}

type ViewHead = Pick<DepartmentView, 'id' | 'name' | 'nameEn' | 'recipients' | 'period' | 'months'>;

const sum = (rows: readonly DimensionRow[], f: 'count' | 'qty') => rows.reduce((s, r) => s + r[f], 0);
const modeNames = (agg: QualityAggregates) => {
  const names = new Map(agg.failureModes.map((m) => [m.code, m.name]));
  return (code: string) => names.get(code) ?? code;
};

function buildView(agg: QualityAggregates, route: DepartmentRoute, extras: DepartmentViewExtras): DepartmentView {
  const head: ViewHead = {
    id: route.id,
    name: route.name,
    nameEn: route.nameEn,
    recipients: [...route.recipients],
    period: agg.period,
    months: [...agg.months],
  };
  const totals = { count: agg.totals.count, qty: agg.totals.qty };
  switch (route.kind) {
    case 'sales': {
      const sources: QualitySource[] = route.sources.length > 0 ? [...route.sources] : [...QUALITY_SOURCES];
      const keep = (r: CrossRow) => sources.includes(r.sub as QualitySource);
      const toRank = (rows: CrossRow[]) =>
        rank(
          groupCross(rows, keep, (s) => s).map((g) => ({ key: g.key, label: g.key, count: g.count, qty: g.qty })),
          route.topN,
        );
      const bySource = sources.map((source) => {
        const row = agg.dimensions.source.find((r) => r.key === source);
        return { source, count: row?.count ?? 0, qty: row?.qty ?? 0 };
      });
      return {
        ...head,
        kind: 'sales',
        sources,
        totals: { count: bySource.reduce((s, r) => s + r.count, 0), qty: bySource.reduce((s, r) => s + r.qty, 0) },
        bySource,
        byRegion: toRank(agg.cross.regionBySource),
        byDealer: toRank(agg.cross.dealerBySource),
        handling: agg.handling,
      };
    }
    case 'production':
      return { ...head, kind: 'production', ...categoryView(agg, route) };
    case 'engineering': {
      const base = categoryView(agg, route);
      const codes = codesOf(agg, route.categories);
      const partLabel = new Map(agg.dimensions.part.map((r) => [r.key, r.label]));
      const byPart = groupCross(
        agg.cross.partByMode,
        (r) => codes.has(r.sub),
        (s) => s,
      ).map((g) => ({
        key: g.key,
        label: partLabel.get(g.key) ?? g.key,
        count: g.count,
        qty: g.qty,
      }));
      return {
        ...head,
        kind: 'engineering',
        ...base,
        newFailureModes: agg.newFailureModes,
        byPart: rank(byPart, route.topN),
      };
    }
    case 'quality':
      return {
        ...head,
        kind: 'quality',
        totals,
        pareto: agg.pareto.failureModes,
        paretoParts: { ...agg.pareto.parts, rows: agg.pareto.parts.rows.slice(0, route.topN) },
        overallTrend: agg.trends.overall,
        trends: agg.trends.failureModes.slice(0, route.topN),
        ppm: agg.ppm,
        topMovers: agg.topMovers,
        newFailureModes: agg.newFailureModes,
        repeats: { ...agg.repeats, rows: agg.repeats.rows.slice(0, route.topN) },
        unmapped: [...(extras.unmapped ?? [])],
        byModel: rank(agg.dimensions.model, route.topN),
        bySupplier: rank(agg.dimensions.supplier, route.topN),
      };
    case 'purchasing': {
      const codes = codesOf(agg, route.categories);
      const name = modeNames(agg);
      const inScope = (r: CrossRow) => codes.has(r.sub);
      const groups = groupCross(agg.cross.supplierByMode, (r) => inScope(r) && r.key !== BLANK_KEY, name);
      const blank = groupCross(agg.cross.supplierByMode, (r) => inScope(r) && r.key === BLANK_KEY, name)[0];
      const recovery = new Map((extras.supplierRecovery ?? []).map((r) => [normalizeText(r.supplier), r]));
      const total = groups.reduce((s, g) => s + g.count, 0);
      const suppliers: SupplierRankRow[] = groups.slice(0, route.topN).map((g, i) => ({
        rank: i + 1,
        key: g.key,
        label: g.key,
        count: g.count,
        qty: g.qty,
        sharePct: pct(g.count, total) ?? 0,
        topModes: g.subs.slice(0, 3),
        recovery: recoveryStatus(recovery.get(normalizeText(g.key))),
      }));
      return {
        ...head,
        kind: 'purchasing',
        categories: [...route.categories],
        totals: { count: total, qty: groups.reduce((s, g) => s + g.qty, 0) },
        suppliers,
        unattributed: { count: blank?.count ?? 0, qty: blank?.qty ?? 0 },
        allSuppliers: rank(
          agg.dimensions.supplier.filter((r) => r.key !== BLANK_KEY),
          route.topN,
        ),
      };
    }
  }
}

/**
 * One view per routed department: just data for the PDF templates. Deterministic (every list has a total
 * order), and it never drops events silently: what a department does not own is still in the quality view.
 */
export function buildDepartmentViews(
  aggregates: QualityAggregates,
  routing: QualityRouting,
  extras: DepartmentViewExtras = {},
): DepartmentView[] {
  const ids = new Set<string>();
  for (const d of routing.departments) {
    if (ids.has(d.id)) throw new ConfigError(`quality routing lists department id "${d.id}" twice`, { id: d.id });
    ids.add(d.id);
  }
  return routing.departments.map((route) => buildView(aggregates, route, extras));
}
