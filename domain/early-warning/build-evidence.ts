/**
 * The evidence behind one signal, as the alert PDF shows it (templates/pdf/incident-evidence.ts): the rule's
 * figures, the events per day against what the baseline expects, every event of the monitored days with the row
 * it came from, and how they spread over regions, models, suppliers and VIN ranges (a production batch shows as
 * VINs close together). Pure: the same events and figures always give the same evidence.
 */
import type { CleanQualityEvent } from '../quality/types';
import type { CellFigures, DetectionSettings, SignalScope } from './types';
import { dayNumber, isoFromDay } from '../calendar';

export interface SpreadRow {
  value: string;
  /** Events in the monitored days, and in the baseline days before them. */
  recent: number;
  baseline: number;
}

export interface VinRange {
  /** The VIN without its last six characters (manufacturer, model, year, plant). */
  prefix: string;
  from: string;
  to: string;
  count: number;
}

export interface EvidenceEvent {
  date: string;
  source: string;
  model: string;
  vin?: string;
  region?: string;
  dealerId?: string;
  supplier?: string;
  qty: number;
  description?: string;
  where?: string;
}

export interface SignalEvidence {
  daily: { date: string; count: number; expected: number }[];
  events: EvidenceEvent[];
  /** Events of the monitored days, all of them (the list above may be cut). */
  eventCount: number;
  spread: { regions: SpreadRow[]; models: SpreadRow[]; suppliers: SpreadRow[] };
  vin: { events: number; withVin: number; distinct: number; ranges: VinRange[] };
}

const MAX_EVENTS = 400;
const MAX_ROWS = 15;
const BLANK = '(未填)';

function spread(rows: Map<string, { recent: number; baseline: number }>): SpreadRow[] {
  return [...rows.entries()]
    .map(([value, c]) => ({ value, ...c }))
    .sort((a, b) => b.recent - a.recent || b.baseline - a.baseline || (a.value < b.value ? -1 : 1))
    .slice(0, MAX_ROWS);
}

/** VINs of the monitored days grouped by everything but their serial (last six characters), largest group first. */
export function vinRanges(vins: readonly string[]): VinRange[] {
  const groups = new Map<string, string[]>();
  for (const v of vins) {
    const prefix = v.length > 6 ? v.slice(0, -6) : '';
    const serials = groups.get(prefix);
    if (serials) serials.push(v.slice(-6));
    else groups.set(prefix, [v.slice(-6)]);
  }
  return [...groups.entries()]
    .map(([prefix, serials]) => {
      const sorted = [...serials].sort();
      return { prefix, from: sorted[0]!, to: sorted[sorted.length - 1]!, count: serials.length };
    })
    .sort((a, b) => b.count - a.count || (a.prefix < b.prefix ? -1 : 1))
    .slice(0, MAX_ROWS);
}

/**
 * `events` are the key's cleaned events (any dates; those outside the span are ignored); `exposure` the cell's
 * daily exposure over the span (null: per day). `asOf` is the day examined.
 */
export function buildEvidence(
  events: readonly CleanQualityEvent[],
  asOf: string,
  figures: CellFigures,
  s: DetectionSettings,
  exposure: ArrayLike<number> | null,
): SignalEvidence {
  const last = dayNumber(asOf)!;
  const span = s.baselineDays + s.monitorDays;
  const first = last - span + 1;
  const monitorFrom = last - s.monitorDays + 1;
  const counts = new Array<number>(span).fill(0);
  const regions = new Map<string, { recent: number; baseline: number }>();
  const models = new Map<string, { recent: number; baseline: number }>();
  const suppliers = new Map<string, { recent: number; baseline: number }>();
  const recent: CleanQualityEvent[] = [];
  const add = (m: Map<string, { recent: number; baseline: number }>, v: string | undefined, isRecent: boolean) => {
    const key = v || BLANK;
    const c = m.get(key) ?? { recent: 0, baseline: 0 };
    if (isRecent) c.recent++;
    else c.baseline++;
    m.set(key, c);
  };
  for (const e of events) {
    const day = dayNumber(e.date);
    if (day === null || day < first || day > last) continue;
    counts[day - first]!++;
    const isRecent = day >= monitorFrom;
    add(regions, e.region, isRecent);
    add(models, e.model, isRecent);
    add(suppliers, e.supplier, isRecent);
    if (isRecent) recent.push(e);
  }
  recent.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : (a.vin ?? '') < (b.vin ?? '') ? -1 : 1));
  const rate = figures.baselineExposure > 0 ? figures.baselineCount / figures.baselineExposure : 0;
  const vins = recent.map((e) => e.vin).filter((v): v is string => !!v);
  return {
    daily: counts.map((count, i) => ({
      date: isoFromDay(first + i),
      count,
      expected: Math.round(rate * (exposure ? exposure[i]! : 1) * 1000) / 1000,
    })),
    events: recent.slice(0, MAX_EVENTS).map((e) => ({
      date: e.date,
      source: e.source,
      model: e.model,
      ...(e.vin ? { vin: e.vin } : {}),
      ...(e.region ? { region: e.region } : {}),
      ...(e.dealerId ? { dealerId: e.dealerId } : {}),
      ...(e.supplier ? { supplier: e.supplier } : {}),
      qty: e.qty,
      ...(e.description ? { description: e.description.slice(0, 120) } : {}),
      ...(e.ref ? { where: `${e.ref.file} › ${e.ref.sheet} › ${e.ref.row}` } : {}),
    })),
    eventCount: recent.length,
    spread: { regions: spread(regions), models: spread(models), suppliers: spread(suppliers) },
    vin: { events: recent.length, withVin: vins.length, distinct: new Set(vins).size, ranges: vinRanges(vins) },
  };
}

/** "区域 华东：近 7 天 5 起（预期 0.1），近 14 天 8 起" lines for the scopes that fired, in the locale. */
export function describeScope(
  x: SignalScope,
  s: Pick<DetectionSettings, 'windowDays' | 'monitorDays'>,
  locale: 'zh-CN' | 'en',
): string {
  const f = x.figures;
  const e = f.expected.toFixed(1);
  if (locale === 'en') {
    return `${x.dimension} ${x.value}: ${f.observed} in the last ${s.windowDays} days (expected ${e}), ${f.monitorCount} in ${s.monitorDays}`;
  }
  const dim = x.dimension === 'supplier' ? '供应商' : '区域';
  return `${dim} ${x.value}：近 ${s.windowDays} 天 ${f.observed} 起（预期 ${e}），近 ${s.monitorDays} 天 ${f.monitorCount} 起`;
}
