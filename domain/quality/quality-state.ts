import type { CrossName, QualityDimension } from './quality-aggregates';
import type { VinHitStore } from './vin-hit-store';
import type { Period } from '../calendar';

/** Internal state of the quality accumulator, shared by the accumulator and its summary. */

/** Per-key cell: counts for each window month, then qty for each window month. */
export interface Cell {
  label: string;
  m: number[];
}

export interface HandlingBucket {
  considered: number;
  open: number;
  invalid: number;
  hist: Map<number, number>;
}

export interface QualityState {
  period: Period;
  months: string[];
  dims: Record<QualityDimension, Map<string, Cell>>;
  modes: Map<string, { name: string; category: string | null }>;
  /** Report-month pairs as nested maps (first key → second key), avoiding a joined string per event. */
  cross: Record<CrossName, Map<string, Map<string, { count: number; qty: number }>>>;
  totals: number[];
  outOfWindow: number;
  vinHits: VinHitStore;
  handling: HandlingBucket;
  handlingByRegion: Map<string, HandlingBucket>;
}

export function newBucket(): HandlingBucket {
  return { considered: 0, open: 0, invalid: 0, hist: new Map() };
}
