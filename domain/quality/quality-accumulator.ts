import { ConfigError } from '../errors';
import {
  QUALITY_DIMENSIONS,
  type CrossName,
  type QualityAggregates,
  type QualityDimension,
} from './quality-aggregates';
import { newBucket, type QualityState } from './quality-state';
import { summarizeQualityState } from './summarize-quality-state';
import { createVinHitStore } from './vin-hit-store';
import { BLANK_KEY, type CleanQualityEvent, type ProductionVolume, type QualitySource } from './types';
import { dayNumber, type Period, windowMonths } from '../calendar';

export interface QualityAccumulatorOptions {
  /** Months before the report month in the window (default 6, so 7 months in all). */
  priorMonths?: number;
  productionVolumes?: readonly ProductionVolume[];
  /** Two events on one VIN/serial this many days apart or closer make a repeat (default 90). */
  repeatWindowDays?: number;
  /** Cap on repeat rows returned (the total is always reported; default 200). */
  maxRepeats?: number;
  /** Sources whose closedAt gives handling times (default complaint and call). */
  handlingSources?: readonly QualitySource[];
  /** Rows per top-mover list (default 10). */
  topMovers?: number;
  /** Minimum report-month count for the relative top-mover list, so 1 → 2 is not "+100%" news (default 3). */
  moverMinCount?: number;
  paretoCutPct?: number;
}

export interface QualityAccumulator {
  /** Adds one cleaned, de-duplicated event; events outside the window are counted and ignored. */
  add(event: CleanQualityEvent): void;
  finish(): QualityAggregates;
}

const CROSS_NAMES: readonly CrossName[] = [
  'modelByMode',
  'supplierByMode',
  'partByMode',
  'regionBySource',
  'dealerBySource',
];

/**
 * Streams events into key-level counters (never a list of events), so memory grows with the number of
 * distinct models/parts/suppliers/VINs, not with the number of events. `finish()` derives Pareto, trends,
 * PPM, new modes, repeats, movers and handling times from those counters.
 */
export function createQualityAccumulator(period: Period, options: QualityAccumulatorOptions = {}): QualityAccumulator {
  const prior = options.priorMonths ?? 6;
  if (!Number.isInteger(prior) || prior < 1) throw new ConfigError('priorMonths must be a positive integer', { prior });
  const months = windowMonths(period, prior);
  const M = months.length;
  const monthIndex = new Map<string, number>(months.map((m, i) => [m, i]));
  const handlingSources = new Set<QualitySource>(options.handlingSources ?? ['complaint', 'call']);
  const state: QualityState = {
    period,
    months,
    dims: Object.fromEntries(QUALITY_DIMENSIONS.map((d) => [d, new Map()])) as QualityState['dims'],
    modes: new Map(),
    cross: Object.fromEntries(CROSS_NAMES.map((c) => [c, new Map()])) as QualityState['cross'],
    totals: new Array<number>(2 * M).fill(0),
    outOfWindow: 0,
    vinHits: createVinHitStore(),
    handling: newBucket(),
    handlingByRegion: new Map(),
  };
  let finished = false;

  const bump = (dim: QualityDimension, key: string, label: string, idx: number, qty: number) => {
    const map = state.dims[dim];
    let cell = map.get(key);
    if (!cell) {
      cell = { label, m: new Array<number>(2 * M).fill(0) };
      map.set(key, cell);
    } else if (cell.label === key && label !== key) cell.label = label; // a later row may carry the part name
    cell.m[idx]! += 1;
    cell.m[M + idx]! += qty;
  };
  const cross = (name: CrossName, a: string, b: string, qty: number) => {
    let inner = state.cross[name].get(a);
    if (!inner) state.cross[name].set(a, (inner = new Map()));
    const c = inner.get(b);
    if (c) {
      c.count++;
      c.qty += qty;
    } else inner.set(b, { count: 1, qty });
  };

  return {
    add(e) {
      if (finished) throw new Error('quality accumulator already finished');
      const idx = monthIndex.get(e.date.slice(0, 7));
      if (idx === undefined) {
        state.outOfWindow++;
        return;
      }
      const qty = e.qty;
      const model = e.model || BLANK_KEY;
      const part = e.partNo || BLANK_KEY;
      const supplier = e.supplier || BLANK_KEY;
      const region = e.region || BLANK_KEY;
      const dealer = e.dealerId || BLANK_KEY;
      state.totals[idx]! += 1;
      state.totals[M + idx]! += qty;
      bump('model', model, model, idx, qty);
      bump('part', part, e.partName || part, idx, qty);
      bump('failureMode', e.failureCode, e.failureName, idx, qty);
      bump('supplier', supplier, supplier, idx, qty);
      bump('region', region, region, idx, qty);
      bump('dealer', dealer, dealer, idx, qty);
      bump('source', e.source, e.source, idx, qty);
      if (!state.modes.has(e.failureCode)) {
        state.modes.set(e.failureCode, { name: e.failureName, category: e.failureCategory });
      }
      const day = dayNumber(e.date) ?? 0;
      if (e.vin) state.vinHits.add(e.vin, day, e.failureCode, e.partNo);
      if (idx !== M - 1) return;
      cross('modelByMode', model, e.failureCode, qty);
      cross('supplierByMode', supplier, e.failureCode, qty);
      cross('partByMode', part, e.failureCode, qty);
      cross('regionBySource', region, e.source, qty);
      cross('dealerBySource', dealer, e.source, qty);
      if (handlingSources.has(e.source)) {
        let byRegion = state.handlingByRegion.get(region);
        if (!byRegion) state.handlingByRegion.set(region, (byRegion = newBucket()));
        for (const b of [state.handling, byRegion]) {
          b.considered++;
          if (!e.closedAt) b.open++;
          else {
            const days = (dayNumber(e.closedAt) ?? NaN) - day;
            if (!(days >= 0)) b.invalid++;
            else b.hist.set(days, (b.hist.get(days) ?? 0) + 1);
          }
        }
      }
    },
    finish() {
      finished = true;
      return summarizeQualityState(state, {
        productionVolumes: options.productionVolumes ?? [],
        repeatWindowDays: options.repeatWindowDays ?? 90,
        maxRepeats: options.maxRepeats ?? 200,
        handlingSources: [...handlingSources],
        topMovers: options.topMovers ?? 10,
        moverMinCount: options.moverMinCount ?? 3,
        paretoCutPct: options.paretoCutPct ?? 80,
      });
    },
  };
}

/** The accumulator as one plain call over an array (tests, benchmarks, small months). */
export function aggregateQualityEvents(
  period: Period,
  events: Iterable<CleanQualityEvent>,
  options: QualityAccumulatorOptions = {},
): QualityAggregates {
  const acc = createQualityAccumulator(period, options);
  for (const e of events) acc.add(e);
  return acc.finish();
}
