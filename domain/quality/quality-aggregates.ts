import type { Pareto, TrendRow } from './quality-stats';
import type { QualitySource } from './types';
import type { Period } from '../calendar';

/** Dimensions every event is counted under. */
export type QualityDimension = 'model' | 'part' | 'failureMode' | 'supplier' | 'region' | 'dealer' | 'source';

export const QUALITY_DIMENSIONS: readonly QualityDimension[] = [
  'model',
  'part',
  'failureMode',
  'supplier',
  'region',
  'dealer',
  'source',
];

/** Counts for one key: `count`/`qty` are the report month, `monthly` the whole window (oldest first). */
export interface DimensionRow {
  key: string;
  label: string;
  count: number;
  qty: number;
  windowCount: number;
  windowQty: number;
  monthly: number[];
}

export interface FailureModeInfo {
  code: string;
  name: string;
  category: string | null;
}

/** Report-month counts for a pair of keys, e.g. supplier × failure mode. */
export interface CrossRow {
  key: string;
  sub: string;
  count: number;
  qty: number;
}

export type CrossName = 'modelByMode' | 'supplierByMode' | 'partByMode' | 'regionBySource' | 'dealerBySource';

export interface PpmRow {
  model: string;
  /** Failure events of the model in the report month (each event = one failed unit). */
  failures: number;
  volume: number;
  ppm: number;
  /** PPM per window month; null where no volume was given. */
  monthlyPpm: Array<number | null>;
  /** Over the months of the window that have a volume. */
  windowFailures: number;
  windowVolume: number;
  windowPpm: number | null;
}

export interface NewFailureModeRow extends FailureModeInfo {
  count: number;
  qty: number;
}

export interface RepeatRow {
  vin: string;
  /** Events counted for the repeat: report-month events plus any within the repeat window of them. */
  events: number;
  firstDate: string;
  lastDate: string;
  months: string[];
  partNos: string[];
  failureCodes: string[];
  /** The same failure code occurs at least twice. */
  sameFailureMode: boolean;
}

export interface MoverRow {
  key: string;
  label: string;
  current: number;
  avg3: number;
  absIncrease: number;
  /** null when the 3-month average is 0 (a new key has no relative change). */
  relIncreasePct: number | null;
}

export interface TopMovers {
  byAbsolute: MoverRow[];
  byRelative: MoverRow[];
}

export interface HandlingStats {
  /** Report-month events of the handling sources. */
  considered: number;
  closed: number;
  open: number;
  /** Closed before the event date: a data error, left out of the statistics. */
  invalid: number;
  medianDays: number | null;
  p90Days: number | null;
  meanDays: number | null;
}

export interface QualityAggregates {
  period: Period;
  /** Window months oldest first; the last is the report month. */
  months: string[];
  totals: {
    count: number;
    qty: number;
    monthly: number[];
    monthlyQty: number[];
    windowCount: number;
    windowQty: number;
    /** Events added whose date falls outside the window (ignored). */
    outOfWindow: number;
  };
  failureModes: FailureModeInfo[];
  dimensions: Record<QualityDimension, DimensionRow[]>;
  cross: Record<CrossName, CrossRow[]>;
  pareto: { failureModes: Pareto; parts: Pareto };
  trends: { overall: TrendRow; failureModes: TrendRow[] };
  ppm: { rows: PpmRow[]; modelsWithoutVolume: string[] };
  newFailureModes: NewFailureModeRow[];
  repeats: { windowDays: number; total: number; rows: RepeatRow[] };
  topMovers: { failureModes: TopMovers; parts: TopMovers };
  handling: { sources: QualitySource[]; overall: HandlingStats; byRegion: Array<HandlingStats & { region: string }> };
}
