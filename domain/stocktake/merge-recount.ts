import type { CountLine } from './types';

/**
 * The count that stands for each key: the latest round wins; within a round the later entry wins; an empty
 * (null) recount never erases an earlier count — leaving a recount cell empty means "not recounted".
 */
export function latestCounts(counts: readonly CountLine[]): Map<string, CountLine> {
  const out = new Map<string, CountLine>();
  for (const c of counts) {
    const prev = out.get(c.key);
    if (!prev) out.set(c.key, c);
    else if (c.countedQty === null && prev.countedQty !== null) continue;
    else if (prev.countedQty === null && c.countedQty !== null) out.set(c.key, c);
    else if (c.round >= prev.round) out.set(c.key, c);
  }
  return out;
}

export interface MergedCounts {
  /** One count per key (sorted by key): what reconcile() should use. */
  latest: CountLine[];
  /** Every count per key, by round then entry order: the recount history for the report. */
  history: Record<string, CountLine[]>;
  /** All counts, previous then recount: store this and pass it as `previousCounts` next round. */
  all: CountLine[];
}

/** Merges a recount round into the counts so far; nothing is discarded (history kept). */
export function mergeRecount(previousCounts: readonly CountLine[], recountCounts: readonly CountLine[]): MergedCounts {
  const all = [...previousCounts, ...recountCounts];
  const latest = [...latestCounts(all).values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  const grouped = new Map<string, Array<{ c: CountLine; i: number }>>();
  all.forEach((c, i) => {
    const list = grouped.get(c.key);
    if (list) list.push({ c, i });
    else grouped.set(c.key, [{ c, i }]);
  });
  const history: Record<string, CountLine[]> = {};
  for (const key of [...grouped.keys()].sort()) {
    history[key] = grouped
      .get(key)!
      .sort((a, b) => a.c.round - b.c.round || a.i - b.i)
      .map((x) => x.c);
  }
  return { latest, history, all };
}
