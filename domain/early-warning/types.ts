/**
 * Records of the early warning of batch quality problems (批量质量问题预警). The detector counts cleaned quality
 * events (domain/quality's CleanQualityEvent: complaints, calls, warranty verdicts, returns) per part × failure
 * mode per day, and per supplier and region within a part × failure mode, and compares the latest days with the
 * recent baseline. Everything here is plain data: it travels through the work store as canonical JSON.
 */

/** Sub-dimensions a part × failure mode is also examined by, when the sheet fills them in. */
export type WarningDimension = 'supplier' | 'region';

export const WARNING_DIMENSIONS: readonly WarningDimension[] = ['supplier', 'region'];

/** The rule's parameters (config `earlyWarning.detection`, validated by config/schema.ts). */
export interface DetectionSettings {
  /** Days the observed count is taken over, ending on the day examined (default 7). */
  windowDays: number;
  /** Days the CUSUM runs over, ending on the day examined; the baseline ends the day before they start (default 14). */
  monitorDays: number;
  /** Days of baseline before the monitored days (default 56 = 8 weeks). */
  baselineDays: number;
  /** Poisson upper-tail level for one part × failure mode: P(X ≥ observed | expected) at or below it fires. */
  alpha: number;
  /** Fewest events in the window for any signal (a quiet part's second event is never a batch problem). */
  minCount: number;
  /** Observed must be at least this multiple of expected for the Poisson rule. */
  minRatio: number;
  /** Poisson CUSUM tuned to detect a jump to `shift` × the baseline rate; fires at `threshold` (log-likelihood). */
  cusum: { shift: number; threshold: number };
  /** Sub-dimensions examined within each part × failure mode (their level is alpha / number of values). */
  dimensions: WarningDimension[];
  /** Months of production counted as vehicles in the field (in warranty), for volume-adjusted expectations. */
  fieldMonths: number;
}

export const DEFAULT_DETECTION: DetectionSettings = {
  windowDays: 7,
  monitorDays: 14,
  baselineDays: 56,
  alpha: 1e-5,
  minCount: 5,
  minRatio: 2,
  cusum: { shift: 3, threshold: 11 },
  dimensions: ['supplier', 'region'],
  fieldMonths: 36,
};

/** The figures of the rule for one cell (a part × failure mode, or one supplier/region within it), for checking. */
export interface CellFigures {
  /** Events in the baseline days. */
  baselineCount: number;
  /** Exposure of the baseline and window days: days, or vehicle-days in the field when volumes are known. */
  baselineExposure: number;
  windowExposure: number;
  /** true when exposure is vehicles in the field (production volumes), false when it is plain days. */
  volumeAdjusted: boolean;
  /** Events in the window (the last `windowDays` days). */
  observed: number;
  /** Events expected in the window at the baseline rate: baselineCount × windowExposure / baselineExposure. */
  expected: number;
  /** Expected used by the test: (baselineCount + 1) × windowExposure / baselineExposure (see detect-cell.ts). */
  testMean: number;
  /** observed / testMean. */
  ratio: number;
  /** P(X ≥ observed) for X ~ Poisson(testMean). */
  pValue: number;
  /** Level the p-value was held against (alpha, or alpha / values for a sub-dimension). */
  alpha: number;
  /** Poisson CUSUM at the day examined, and its threshold. */
  cusum: number;
  cusumThreshold: number;
  /** Events in the monitored days (the CUSUM's span). */
  monitorCount: number;
  /** Days before the day examined on which the CUSUM last left zero (the rise's likely start), null when it is 0. */
  risingDaysAgo: number | null;
  /** Which rules fired. */
  firedBy: ('poisson' | 'cusum')[];
}

/** One sub-dimension value that fired inside a part × failure mode (e.g. supplier 华信, region 华东). */
export interface SignalScope {
  dimension: WarningDimension;
  value: string;
  figures: CellFigures;
}

/** A part × failure mode whose latest days are more than expected: what opens (or feeds) an incident. */
export interface WarningSignal {
  /** `partNo|failureCode`: one open incident per key. */
  key: string;
  partNo: string;
  partName?: string;
  failureCode: string;
  failureName: string;
  /** The day examined (events up to and including it). */
  asOf: string;
  /** The part × failure mode as a whole (it may not have fired itself when only a scope did). */
  figures: CellFigures;
  /** true when the part × failure mode fired as a whole. */
  fired: boolean;
  /** Supplier / region values that fired on their own. */
  scopes: SignalScope[];
  /** Suppliers, models seen in the window (most events first). */
  suppliers: string[];
  models: string[];
  /** First event date in the window. */
  firstEventInWindow: string;
  /** −log10 of the smallest p-value among the cell and its scopes: the order signals are listed in. */
  strength: number;
}

/** The baseline an open incident is checked against (frozen when it opened, so its own events cannot raise it). */
export interface FrozenBaseline {
  /** Events per unit of exposure (per day, or per vehicle-day in the field). */
  rate: number;
  /** The same baseline per plain day, used when the field volumes are no longer known. */
  ratePerDay: number;
  /** Baseline events and exposure it was computed from, for the record. */
  baselineCount: number;
  baselineExposure: number;
  volumeAdjusted: boolean;
  /** The baseline's first and last day. */
  from: string;
  to: string;
}

/** One open incident's key examined against its frozen baseline: what tells the incident whether it recurred. */
export interface IncidentCheck {
  key: string;
  asOf: string;
  /** The rule fired against the frozen baseline (the problem is still, or again, above its old level). */
  active: boolean;
  figures: CellFigures;
}
