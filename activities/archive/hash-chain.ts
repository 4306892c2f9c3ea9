import { canonicalJson, sha256Hex } from './canonical-json';

/**
 * The one place that defines how entries of an append-only log are chained (archive index, audit log):
 *   entryHash = sha256(prevHash + canonicalJson(entry without entryHash))
 * where the hashed entry includes its `seq` and `prevHash`, and the first entry's prevHash is 64 zeros.
 * Editing an entry breaks its own hash; removing, inserting or reordering breaks `seq` and the next prevHash.
 */
export const GENESIS_HASH = '0'.repeat(64);

export interface ChainFields {
  seq: number;
  prevHash: string;
  entryHash: string;
}

export type Chained<T> = T & ChainFields;

/** 'file' is used by the archive when an entry is intact but its document's bytes are not. */
export type ChainProblemCode = 'parse' | 'seq' | 'prev-hash' | 'entry-hash' | 'truncated' | 'file';

export interface ChainVerification {
  ok: boolean;
  /** Number of lines (entries) examined. */
  entries: number;
  /** The sequence number at the first position where the chain is broken. */
  firstBadSeq?: number;
  code?: ChainProblemCode;
  reason?: string;
  /** entryHash of the last entry: write it down (or mail it) to detect a later rewrite of the whole log. */
  headHash?: string;
}

const RESERVED = ['seq', 'prevHash', 'entryHash'] as const;

export function sealEntry<T extends object>(prevHash: string, seq: number, body: T): Chained<T> {
  for (const key of RESERVED) {
    if (key in body) throw new TypeError(`log entry body may not contain the chain field "${key}"`);
  }
  const unsealed = { seq, ...body, prevHash };
  const entryHash = sha256Hex(prevHash + canonicalJson(unsealed));
  return { ...unsealed, entryHash } as Chained<T>;
}

/** A parsed log line: `entry` is null when the line is not a JSON object. */
export interface LogLine {
  raw: string;
  entry: Record<string, unknown> | null;
}

export function parseLogLine(raw: string): LogLine {
  try {
    const v: unknown = JSON.parse(raw);
    return {
      raw,
      entry: v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null,
    };
  } catch {
    return { raw, entry: null };
  }
}

/**
 * Checks every line in order; stops at the first break and says where and why. `head` is the last
 * (seq, entryHash) the writer recorded separately, which exposes a log whose tail was cut off.
 */
export function verifyChainLines(
  lines: readonly LogLine[],
  head?: { seq: number; entryHash: string } | null,
): ChainVerification {
  let prev = GENESIS_HASH;
  for (let i = 0; i < lines.length; i++) {
    const seq = i + 1;
    const bad = (code: ChainProblemCode, reason: string): ChainVerification => ({
      ok: false,
      entries: lines.length,
      firstBadSeq: seq,
      code,
      reason: `line ${seq}: ${reason}`,
    });
    const e = (lines[i] as LogLine).entry;
    if (!e) return bad('parse', 'not a valid JSON entry');
    if (e.seq !== seq)
      return bad('seq', `seq is ${String(e.seq)}, expected ${seq} (an entry was removed, inserted or reordered)`);
    if (e.prevHash !== prev)
      return bad(
        'prev-hash',
        'prevHash does not match the previous entry (an entry before it was removed, altered or reordered)',
      );
    const { entryHash, ...unsealed } = e;
    if (typeof entryHash !== 'string' || sha256Hex(prev + canonicalJson(unsealed)) !== entryHash) {
      return bad('entry-hash', 'content does not match its entryHash (the entry was altered)');
    }
    prev = entryHash;
  }
  if (head && head.seq > lines.length) {
    return {
      ok: false,
      entries: lines.length,
      firstBadSeq: lines.length + 1,
      code: 'truncated',
      reason: `the log ends at seq ${lines.length} but entry ${head.seq} was written (entries removed from the end)`,
    };
  }
  if (head && head.seq > 0 && lines[head.seq - 1]?.entry?.entryHash !== head.entryHash) {
    return {
      ok: false,
      entries: lines.length,
      firstBadSeq: head.seq,
      code: 'truncated',
      reason: `entry ${head.seq} differs from the one recorded as written (the log was cut and rewritten)`,
    };
  }
  return { ok: true, entries: lines.length, ...(lines.length > 0 ? { headHash: prev } : {}) };
}
