/**
 * Keeps memory flat while 200,000 quality events are cleaned. De-duplication only ever merges events with the
 * same (normalised) VIN and part number, so events are spread over `buckets` temporary files by a hash of that
 * pair while they stream out of the sheets; each bucket is then de-duplicated on its own (clean-in-buckets.ts).
 * Every duplicate group lands in one bucket, in read order, so the result is the one a single pass over all events
 * would give, while at most one bucket is in memory. Events without a VIN are never merged and are dealt
 * round-robin. Each event is validated and normalised (the per-event half of the domain's cleaning) as it is added,
 * while the sheet is still being read in its thread, so only de-duplication and the totals are left once the read
 * ends; a refused event is kept with its problem. A bucket file is compact JSON tuples, each followed by a comma (a
 * JSON array without its brackets); the folder is removed by `dispose()`.
 */
import { once } from 'node:events';
import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { CellProblem } from '../../domain/errors';
import {
  QUALITY_SOURCES,
  normaliseQualityEvent,
  normalizePartNo,
  normalizeVin,
  validateQualityEvent,
  type CleanQualityEvent,
  type FailureModeMatch,
  type FailureModeMatcher,
  type QualityEvent,
  type RowRef,
} from '../../domain/quality';

/** A normalised event; its failure mapping (code, name, category, how) is an index into the spill's table. */
type Tuple = [
  date: string,
  source: number,
  model: string,
  partNo: string,
  failureMode: string,
  qty: number,
  where: number,
  row: number,
  partName: string | null,
  supplier: string | null,
  dealerId: string | null,
  region: string | null,
  vin: string | null,
  severity: string | null,
  description: string | null,
  closedAt: string | null,
  key: string | null,
  mapping: number,
];

/** A refused event: its place (for the order problems are listed in) and its problem. */
type RefusedTuple = [where: number, row: number, key: string | null, column: string, value: string, reason: string];

/** An event the domain's validation refused, with its row (for ordering) and what is wrong with it. */
export interface RefusedEvent {
  ref: RowRef;
  problem: CellProblem;
}

export const isRefused = (e: CleanQualityEvent | RefusedEvent): e is RefusedEvent => 'problem' in e;

export interface EventSpill {
  /** Returns a promise only when the event filled its bucket's chunk and it is being written. */
  add(e: QualityEvent): Promise<void> | void;
  /**
   * Closes the files, then hands each bucket's events (in read order: normalised, or refused with their problem) to
   * `fn`, one bucket at a time.
   */
  forEachBucket(
    fn: (events: (CleanQualityEvent | RefusedEvent)[], bucket: number) => Promise<void> | void,
  ): Promise<void>;
  /** Events added so far. */
  readonly count: number;
  dispose(): Promise<void>;
}

/** Characters gathered per bucket before they are written (~32 buckets × 64 K chars in memory at most). */
const CHUNK_CHARS = 64 * 1024;

/** FNV-1a, 32 bit, of `a + '\u0000' + b` (without making that string): cheap and well spread for short keys. */
function hash(a: string, b: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < a.length; i++) h = Math.imul(h ^ a.charCodeAt(i), 0x01000193);
  h = Math.imul(h, 0x01000193); // the separator: h ^ 0 is h
  for (let i = 0; i < b.length; i++) h = Math.imul(h ^ b.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

export async function createEventSpill(opts: {
  dir: string;
  buckets: number;
  /** The failure-mode matcher events are mapped with as they are added. */
  matcher: FailureModeMatcher;
}): Promise<EventSpill> {
  const buckets = Math.max(1, Math.floor(opts.buckets));
  const dir = await mkdtemp(join(opts.dir, 'quality-spill-'));
  const files = Array.from({ length: buckets }, (_, i) => join(dir, `bucket-${i}.json`));
  const streams: (WriteStream | null)[] = files.map(() => null);
  // Lines are gathered per bucket and written in chunks: one fs write per event (200,000 of them) cost more
  // than reading the sheet itself.
  const pending: string[][] = files.map(() => []);
  const pendingChars: number[] = files.map(() => 0);
  const flush = async (b: number): Promise<void> => {
    if (pending[b]!.length === 0) return;
    const chunk = pending[b]!.join('');
    pending[b] = [];
    pendingChars[b] = 0;
    const stream = (streams[b] ??= createWriteStream(files[b]!, { flags: 'a' }));
    if (!stream.write(chunk)) await once(stream, 'drain');
  };
  const places: RowRef[] = [];
  const placeIndex = new Map<string, number>();
  let count = 0;
  let next = 0;

  // Events come sheet by sheet: the last place answers almost every lookup without building a key.
  let lastPlace: { file: string | undefined; sheet: string | undefined; index: number } | null = null;
  const placeOf = (ref: RowRef | undefined): number => {
    if (lastPlace && lastPlace.file === ref?.file && lastPlace.sheet === ref?.sheet) return lastPlace.index;
    lastPlace = { file: ref?.file, sheet: ref?.sheet, index: placeIndexOf(ref) };
    return lastPlace.index;
  };
  const placeIndexOf = (ref: RowRef | undefined): number => {
    const key = `${ref?.file ?? ''}\u0000${ref?.sheet ?? ''}`;
    let i = placeIndex.get(key);
    if (i === undefined) {
      i = places.length;
      places.push({ file: ref?.file ?? '(unknown)', sheet: ref?.sheet ?? '(unknown)', row: 0 });
      placeIndex.set(key, i);
    }
    return i;
  };

  const bucketOf = (e: QualityEvent): number => {
    const vin = e.vin === undefined ? '' : normalizeVin(String(e.vin));
    if (!vin) return next++ % buckets;
    return hash(vin, normalizePartNo(String(e.partNo ?? ''))) % buckets;
  };

  // A handful of distinct mappings (code, name, category, how): each gets a number written in the tuples.
  const mappings: FailureModeMatch[] = [];
  const mappingsByCode = new Map<string, number[]>();
  const mappingOf = (c: CleanQualityEvent): number => {
    let list = mappingsByCode.get(c.failureCode);
    if (!list) mappingsByCode.set(c.failureCode, (list = []));
    for (const i of list) {
      const m = mappings[i]!;
      if (m.name === c.failureName && m.category === c.failureCategory && m.matchedBy === c.mappedBy) return i;
    }
    mappings.push({
      code: c.failureCode,
      name: c.failureName,
      category: c.failureCategory,
      matchedBy: c.mappedBy,
      term: null,
    });
    list.push(mappings.length - 1);
    return mappings.length - 1;
  };

  const refOf = (where: number, row: number, key: string | null): RowRef => {
    const place = places[where]!;
    return { file: place.file, sheet: place.sheet, row, ...(key !== null ? { key } : {}) };
  };

  /** The event as normaliseQualityEvent made it: the same fields in the same order. */
  const decode = (t: Tuple | RefusedTuple): CleanQualityEvent | RefusedEvent => {
    if (t.length === 6) {
      const ref = refOf(t[0], t[1], t[2]);
      return {
        ref,
        problem: { file: ref.file, sheet: ref.sheet, row: ref.row, column: t[3], value: t[4], reason: t[5] },
      };
    }
    const m = mappings[t[17]]!;
    const e: CleanQualityEvent = {
      date: t[0],
      source: QUALITY_SOURCES[t[1]]!,
      model: t[2],
      partNo: t[3],
      failureMode: t[4],
      qty: t[5],
      failureCode: m.code,
      failureName: m.name,
      failureCategory: m.category,
      mappedBy: m.matchedBy,
      mergedCount: 1,
    };
    if (t[8] !== null) e.partName = t[8];
    if (t[9] !== null) e.supplier = t[9];
    if (t[10] !== null) e.dealerId = t[10];
    if (t[11] !== null) e.region = t[11];
    if (t[12] !== null) e.vin = t[12];
    if (t[13] !== null) e.severity = t[13];
    if (t[14] !== null) e.description = t[14];
    if (t[15] !== null) e.closedAt = t[15];
    e.ref = refOf(t[6], t[7], t[16]);
    return e;
  };

  /** The normalised event's fields (see decode). */
  const encode = (c: CleanQualityEvent): Tuple => [
    c.date,
    QUALITY_SOURCES.indexOf(c.source),
    c.model,
    c.partNo,
    c.failureMode,
    c.qty,
    placeOf(c.ref),
    c.ref?.row ?? 0,
    c.partName ?? null,
    c.supplier ?? null,
    c.dealerId ?? null,
    c.region ?? null,
    c.vin ?? null,
    c.severity ?? null,
    c.description ?? null,
    c.closedAt ?? null,
    c.ref?.key ?? null,
    mappingOf(c),
  ];

  return {
    get count() {
      return count;
    },
    add(e) {
      let b: number;
      let tuple: Tuple | RefusedTuple;
      const bad = validateQualityEvent(e);
      if (bad) {
        b = bucketOf(e);
        tuple = [placeOf(e.ref), e.ref?.row ?? 0, e.ref?.key ?? null, bad.column, bad.value, bad.reason];
      } else {
        const c = normaliseQualityEvent(e, opts.matcher);
        // bucketOf's answer without normalising VIN and part number again: c has them normalised as bucketOf does.
        const vin = typeof e.vin === 'string' ? (c.vin ?? '') : e.vin === undefined ? '' : normalizeVin(String(e.vin));
        b = vin ? hash(vin, c.partNo) % buckets : next++ % buckets;
        tuple = encode(c);
      }
      const line = `${JSON.stringify(tuple)},`;
      count++;
      pending[b]!.push(line);
      pendingChars[b]! += line.length;
      if (pendingChars[b]! >= CHUNK_CHARS) return flush(b);
    },
    async forEachBucket(fn) {
      for (let b = 0; b < buckets; b++) await flush(b);
      await Promise.all(
        streams.map(async (s) => {
          if (!s) return;
          s.end();
          await once(s, 'close');
        }),
      );
      for (let b = 0; b < buckets; b++) {
        if (!streams[b]) continue;
        // A bucket is held in memory anyway: one read and one JSON.parse of all its tuples (the file is an array
        // without its brackets) instead of a line reader and a parse per event.
        const text = (await readFile(files[b]!)).toString('utf8');
        const tuples = text ? (JSON.parse(`[${text.slice(0, -1)}]`) as (Tuple | RefusedTuple)[]) : [];
        await fn(tuples.map(decode), b);
        await rm(files[b]!, { force: true });
      }
    },
    async dispose() {
      for (const s of streams) s?.destroy();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
