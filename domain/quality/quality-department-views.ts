import type { UnmappedFailureText } from './clean-quality-events';
import type { NewFailureModeRow, QualityAggregates, RepeatRow, TopMovers } from './quality-aggregates';
import type { Pareto, TrendRow } from './quality-stats';
import type { QualitySource } from './types';
import type { Period } from '../calendar';

/** A ranked key with its share of the view's total for the report month. */
export interface RankRow {
  key: string;
  label: string;
  count: number;
  qty: number;
  sharePct: number;
}

export interface ModeCount {
  code: string;
  name: string;
  count: number;
}

export interface ModelModesRow {
  model: string;
  count: number;
  qty: number;
  topModes: ModeCount[];
}

/** Supplier recovery (claims against suppliers) as fed from the returns workflow. */
export interface SupplierRecoveryInput {
  supplier: string;
  claimedFen: number;
  recoveredFen: number;
  openClaims: number;
}

export type RecoveryStatus = 'none' | 'open' | 'partial' | 'recovered';

export interface SupplierRankRow extends RankRow {
  rank: number;
  topModes: ModeCount[];
  recovery: { status: RecoveryStatus; claimedFen: number; recoveredFen: number; openClaims: number };
}

interface ViewBase {
  id: string;
  name: string;
  nameEn: string;
  recipients: string[];
  period: Period;
  months: string[];
  totals: { count: number; qty: number };
}

export interface SalesView extends ViewBase {
  kind: 'sales';
  sources: QualitySource[];
  bySource: Array<{ source: QualitySource; count: number; qty: number }>;
  byRegion: RankRow[];
  byDealer: RankRow[];
  handling: QualityAggregates['handling'];
}

export interface CategoryViewBase extends ViewBase {
  categories: string[];
  pareto: Pareto;
  /** Trend of the department's modes taken together. */
  groupTrend: TrendRow;
  trends: TrendRow[];
  byModel: ModelModesRow[];
}

export interface ProductionView extends CategoryViewBase {
  kind: 'production';
}

export interface EngineeringView extends CategoryViewBase {
  kind: 'engineering';
  newFailureModes: NewFailureModeRow[];
  byPart: RankRow[];
}

export interface QualityView extends ViewBase {
  kind: 'quality';
  pareto: Pareto;
  paretoParts: Pareto;
  overallTrend: TrendRow;
  trends: TrendRow[];
  ppm: QualityAggregates['ppm'];
  topMovers: { failureModes: TopMovers; parts: TopMovers };
  newFailureModes: NewFailureModeRow[];
  repeats: { windowDays: number; total: number; rows: RepeatRow[] };
  unmapped: UnmappedFailureText[];
  byModel: RankRow[];
  bySupplier: RankRow[];
}

export interface PurchasingView extends ViewBase {
  kind: 'purchasing';
  categories: string[];
  suppliers: SupplierRankRow[];
  /** Events of the supplier categories that name no supplier: cannot be charged, worth chasing. */
  unattributed: { count: number; qty: number };
  allSuppliers: RankRow[];
}

export type DepartmentView = SalesView | ProductionView | QualityView | PurchasingView | EngineeringView;
