import { UNMAPPED_CODE, type CleanQualityEvent, type QualitySource, type RowRef } from './types';
import { dayNumber } from '../calendar';

export interface MergedEventRef {
  /** Position in the input array. */
  index: number;
  date: string;
  source: QualitySource;
  ref?: RowRef;
}

/** One group of events that were the same failure reported more than once. */
export interface MergeRecord {
  vin: string;
  partNo: string;
  kept: MergedEventRef;
  dropped: MergedEventRef[];
}

export interface DedupeResult {
  /** Survivors in input order, `mergedCount` set to the size of their group. */
  events: CleanQualityEvent[];
  merged: MergeRecord[];
}

/** Inspections are the technician's verdict on the actual part, so they win ties over hearsay. */
const SOURCE_RANK: Record<QualitySource, number> = { inspection: 0, return: 1, complaint: 2, call: 3 };
const RICH_FIELDS = ['partName', 'supplier', 'dealerId', 'region', 'severity', 'description', 'closedAt'] as const;

function richness(e: CleanQualityEvent): number {
  let n = e.failureCode === UNMAPPED_CODE ? 0 : 1;
  for (const f of RICH_FIELDS) if (e[f] !== undefined && e[f] !== '') n++;
  return n;
}

function toRef(e: CleanQualityEvent, index: number): MergedEventRef {
  return { index, date: e.date, source: e.source, ...(e.ref ? { ref: e.ref } : {}) };
}

/**
 * Merges events reported twice: same (normalised) VIN/serial and part number, dated within `windowDays`
 * of the first event of the group (inclusive; anchoring on the first keeps groups from chaining along a
 * long series of repairs, which are repeats, not duplicates). Events without a VIN are never merged.
 * The richest record is kept (most filled fields, mapped mode); ties go to inspection > return >
 * complaint > call, then the earlier row.
 */
export function dedupeQualityEvents(events: readonly CleanQualityEvent[], windowDays: number): DedupeResult {
  const groups = new Map<string, number[]>();
  const days = new Int32Array(events.length);
  events.forEach((e, i) => {
    if (!e.vin) return;
    days[i] = dayNumber(e.date) ?? 0;
    const key = `${e.vin}\u0000${e.partNo}`;
    const list = groups.get(key);
    if (list) list.push(i);
    else groups.set(key, [i]);
  });

  const dropped = new Set<number>();
  const mergedCount = new Map<number, number>();
  const merged: MergeRecord[] = [];
  const day = (i: number) => days[i]!;

  for (const indexes of groups.values()) {
    if (indexes.length < 2) continue;
    indexes.sort((a, b) => day(a) - day(b) || a - b);
    let start = 0;
    while (start < indexes.length) {
      const anchor = day(indexes[start]!);
      let end = start + 1;
      while (end < indexes.length && day(indexes[end]!) - anchor <= windowDays) end++;
      if (end - start > 1) {
        const cluster = indexes.slice(start, end);
        const keep = cluster.reduce((best, i) => {
          const a = events[i]!;
          const b = events[best]!;
          const diff = richness(a) - richness(b) || SOURCE_RANK[b.source] - SOURCE_RANK[a.source] || best - i;
          return diff > 0 ? i : best;
        });
        const rest = cluster.filter((i) => i !== keep).sort((a, b) => a - b);
        rest.forEach((i) => dropped.add(i));
        mergedCount.set(
          keep,
          cluster.reduce((sum, i) => sum + events[i]!.mergedCount, 0),
        );
        const k = events[keep]!;
        merged.push({
          vin: k.vin!,
          partNo: k.partNo,
          kept: toRef(k, keep),
          dropped: rest.map((i) => toRef(events[i]!, i)),
        });
      }
      start = end;
    }
  }

  merged.sort((a, b) => a.kept.index - b.kept.index);
  const out: CleanQualityEvent[] = [];
  events.forEach((e, i) => {
    if (dropped.has(i)) return;
    const n = mergedCount.get(i);
    out.push(n ? { ...e, mergedCount: n } : e);
  });
  return { events: out, merged };
}
