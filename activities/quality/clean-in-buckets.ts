/**
 * Finishes cleaning the spilled events bucket by bucket (the spill validated and normalised each event as it was
 * read; the domain's finishCleaning de-duplicates and lists unmapped texts, as cleanQualityEvents would) and streams
 * the survivors into the quality accumulator, then merges what each bucket reported (unmapped texts, merges,
 * problems, statistics) into one answer, as a single cleaning pass over every event would have given it. Each bucket
 * is put in the stable row order first (compareRowRefs), so "first seen" does not depend on the order rows were
 * appended in.
 */
import type { CellProblem } from '../../domain/errors';
import {
  finishCleaning,
  unmappedTextKey,
  type CleanQualityEvent,
  type CleanQualityOptions,
  type MergeRecord,
  type QualityAccumulator,
  type RowRef,
  type UnmappedFailureText,
} from '../../domain/quality';
import { isRefused, type EventSpill } from './event-spill';

export interface BucketCleanResult {
  unmapped: UnmappedFailureText[];
  merged: MergeRecord[];
  mergedTotal: number;
  problems: CellProblem[];
  stats: { input: number; invalid: number; duplicatesRemoved: number; output: number; unmappedEvents: number };
}

export interface BucketCleanOptions extends CleanQualityOptions {
  /** Order of two rows (source, then business key, then row), so "first seen" means the same in every bucket. */
  compareRefs: (a: RowRef | undefined, b: RowRef | undefined) => number;
  maxMerged?: number;
  maxProblems?: number;
  /** Called after each bucket (heartbeats). */
  onBucket?: (bucket: number) => void;
}

export async function cleanInBuckets(
  spill: EventSpill,
  acc: QualityAccumulator,
  o: BucketCleanOptions,
): Promise<BucketCleanResult> {
  const maxMerged = o.maxMerged ?? 200;
  const maxProblems = o.maxProblems ?? 1000;
  const unmapped = new Map<string, UnmappedFailureText>();
  const merged: MergeRecord[] = [];
  let mergedTotal = 0;
  const problems: CellProblem[] = [];
  const stats = { input: 0, invalid: 0, duplicatesRemoved: 0, output: 0, unmappedEvents: 0 };

  await spill.forEachBucket((events, bucket) => {
    events.sort((a, b) => o.compareRefs(a.ref, b.ref));
    const cleaned: CleanQualityEvent[] = [];
    const refused: CellProblem[] = [];
    for (const e of events) {
      if (isRefused(e)) refused.push(e.problem);
      else cleaned.push(e);
    }
    const r = finishCleaning(events.length, cleaned, refused, { dedupeWindowDays: o.dedupeWindowDays });
    for (const e of r.events) acc.add(e);
    stats.input += r.stats.input;
    stats.invalid += r.stats.invalid;
    stats.duplicatesRemoved += r.stats.duplicatesRemoved;
    stats.output += r.stats.output;
    stats.unmappedEvents += r.stats.unmappedEvents;
    for (const p of r.problems) if (problems.length < maxProblems) problems.push(p);
    mergedTotal += r.merged.length;
    for (const m of r.merged) if (merged.length < maxMerged) merged.push(m);
    for (const u of r.unmapped) {
      const key = unmappedTextKey(u.text);
      const seen = unmapped.get(key);
      if (!seen) {
        unmapped.set(key, { ...u });
        continue;
      }
      seen.count += u.count;
      seen.qty += u.qty;
      if (u.firstRef && o.compareRefs(u.firstRef, seen.firstRef) < 0) {
        // Shown as written in the earliest row, whichever bucket held it.
        seen.firstRef = u.firstRef;
        seen.text = u.text;
      }
    }
    o.onBucket?.(bucket);
  });

  const list = [...unmapped.values()].sort(
    (a, b) => b.count - a.count || (a.text < b.text ? -1 : a.text > b.text ? 1 : 0),
  );
  return { unmapped: list, merged, mergedTotal, problems, stats };
}
