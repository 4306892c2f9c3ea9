/**
 * One detector run: the cleaned events of the baseline and monitored days → every part × failure mode (and
 * supplier / region inside it) judged by detect-cell.ts → signals for keys without an open incident, and a
 * check against the frozen baseline for every key that has one. Unmapped failure texts (未归类) are left out:
 * the monthly feedback lists them, and a batch problem needs a catalogue mode to be one thing.
 */
import { UNMAPPED_CODE } from '../quality/types';
import { evaluateAgainst, evaluateCell } from './detect-cell';
import type { FieldExposure } from './field-exposure';
import { signalKey } from './incident-key';
import type {
  CellFigures,
  DetectionSettings,
  FrozenBaseline,
  IncidentCheck,
  SignalScope,
  WarningDimension,
  WarningSignal,
} from './types';
import { dayNumber, isoFromDay } from '../calendar';

/** What the detector needs of an event (domain/quality's CleanQualityEvent has all of it). */
export interface WarningEvent {
  date: string;
  partNo: string;
  partName?: string;
  failureCode: string;
  failureName: string;
  model: string;
  supplier?: string;
  region?: string;
}

interface Cell {
  partNo: string;
  partName?: string;
  failureCode: string;
  failureName: string;
  counts: Int32Array;
  models: Map<string, number>;
  suppliers: Map<string, number>;
  /** `dimension\u0000value` → daily counts. */
  sub: Map<string, Int32Array>;
}

export interface DetectOptions {
  exposure?: FieldExposure;
  /** Frozen baselines of the keys with an open incident. */
  open?: ReadonlyMap<string, FrozenBaseline>;
}

export interface DetectResult {
  asOf: string;
  /** First and last day read (baseline start … day examined). */
  from: string;
  to: string;
  signals: WarningSignal[];
  checks: IncidentCheck[];
  /** Part × failure mode cells seen, and how many were judged in full (the rest held too few events to fire). */
  cells: number;
  judged: number;
  events: number;
  unmappedEvents: number;
}

const bump = (m: Map<string, number>, k: string | undefined): void => {
  if (k) m.set(k, (m.get(k) ?? 0) + 1);
};
const byCount = (m: Map<string, number>): string[] =>
  [...m.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([k]) => k);
const sumFrom = (a: Int32Array, from: number): number => {
  let s = 0;
  for (let i = from; i < a.length; i++) s += a[i]!;
  return s;
};
const fired = (f: CellFigures): boolean => f.firedBy.length > 0;
const strengthOf = (f: CellFigures): number => (f.pValue > 0 ? -Math.log10(f.pValue) : 300);

export function detectSignals(
  events: Iterable<WarningEvent>,
  asOf: string,
  s: DetectionSettings,
  opts: DetectOptions = {},
): DetectResult {
  const last = dayNumber(asOf);
  if (last === null) throw new RangeError(`asOf is not a date: ${JSON.stringify(asOf)}`);
  const span = s.baselineDays + s.monitorDays;
  const first = last - span + 1;
  const cells = new Map<string, Cell>();
  let count = 0;
  let unmappedEvents = 0;
  for (const e of events) {
    const day = dayNumber(e.date);
    if (day === null || day < first || day > last) continue;
    if (e.failureCode === UNMAPPED_CODE) {
      unmappedEvents++;
      continue;
    }
    count++;
    const key = signalKey(e.partNo, e.failureCode);
    let c = cells.get(key);
    if (!c) {
      c = {
        partNo: e.partNo,
        failureCode: e.failureCode,
        failureName: e.failureName,
        counts: new Int32Array(span),
        models: new Map(),
        suppliers: new Map(),
        sub: new Map(),
      };
      cells.set(key, c);
    }
    if (e.partName && !c.partName) c.partName = e.partName;
    const i = day - first;
    c.counts[i]!++;
    bump(c.models, e.model);
    bump(c.suppliers, e.supplier);
    for (const d of s.dimensions) {
      const value = e[d];
      if (!value) continue;
      const k = `${d}\u0000${value}`;
      let a = c.sub.get(k);
      if (!a) c.sub.set(k, (a = new Int32Array(span)));
      a[i]!++;
    }
  }

  const signals: WarningSignal[] = [];
  const checks: IncidentCheck[] = [];
  const monitorFrom = s.baselineDays;
  const windowFrom = span - s.windowDays;
  let judged = 0;
  const quiet = (a: Int32Array): boolean => sumFrom(a, monitorFrom) < s.minCount && sumFrom(a, windowFrom) < s.minCount;

  for (const [key, c] of cells) {
    const frozen = opts.open?.get(key);
    if (!frozen && quiet(c.counts)) continue;
    const models = byCount(c.models);
    const exposure = opts.exposure?.series(models, first, span) ?? null;
    if (frozen) {
      const f = evaluateAgainst(c.counts.subarray(monitorFrom), exposure?.subarray(monitorFrom) ?? null, frozen, s);
      checks.push({ key, asOf, active: fired(f), figures: f });
      continue;
    }
    judged++;
    const figures = evaluateCell(c.counts, exposure, s);
    const scopes: SignalScope[] = [];
    for (const d of s.dimensions) {
      const values = [...c.sub.keys()].filter((k) => k.startsWith(`${d}\u0000`));
      if (values.length < 2) continue; // one supplier (or region) only: the cell itself says it all
      for (const k of values) {
        const a = c.sub.get(k)!;
        if (quiet(a)) continue;
        const f = evaluateCell(a, exposure, s, s.alpha / values.length);
        if (fired(f)) scopes.push({ dimension: d as WarningDimension, value: k.slice(d.length + 1), figures: f });
      }
    }
    if (!fired(figures) && scopes.length === 0) continue;
    let firstInWindow = windowFrom;
    while (firstInWindow < span - 1 && c.counts[firstInWindow] === 0) firstInWindow++;
    signals.push({
      key,
      partNo: c.partNo,
      ...(c.partName ? { partName: c.partName } : {}),
      failureCode: c.failureCode,
      failureName: c.failureName,
      asOf,
      figures,
      fired: fired(figures),
      scopes,
      suppliers: byCount(c.suppliers),
      models,
      firstEventInWindow: isoFromDay(first + firstInWindow),
      strength: Math.max(fired(figures) ? strengthOf(figures) : 0, ...scopes.map((x) => strengthOf(x.figures))),
    });
  }
  // Open incidents with no event at all in the span: quiet by definition, still checked (they count as a run).
  for (const [key, frozen] of opts.open ?? []) {
    if (cells.has(key)) continue;
    const f = evaluateAgainst(new Int32Array(s.monitorDays), null, { ...frozen, volumeAdjusted: false }, s);
    checks.push({ key, asOf, active: false, figures: f });
  }
  signals.sort((a, b) => b.strength - a.strength || (a.key < b.key ? -1 : 1));
  checks.sort((a, b) => (a.key < b.key ? -1 : 1));
  return {
    asOf,
    from: isoFromDay(first),
    to: asOf,
    signals,
    checks,
    cells: cells.size,
    judged,
    events: count,
    unmappedEvents,
  };
}
