/**
 * Human document numbers (函号, 单据号): `PD-NP-2026-11-0001`, contiguous per series and period, assigned once per
 * business key and never reused. One append-only JSON-lines file per series and period under
 * `<root>/numbers/<series>/<period>.jsonl`, appended under a file lock (same host; see activities/archive/README.md
 * for several machines), so concurrent callers draw 0001, 0002, … without gaps or duplicates.
 *
 * A series may be scoped (`CK-2026-11-D0042-01`: the dealer's letters of the month, file
 * `<root>/numbers/CK/2026-11/D0042.jsonl`) where one workflow draws all of the scope's numbers in order: then the
 * number a document gets is a function of the facts, not of which of several concurrent workflows got there first,
 * so a re-run or a run under faults produces the same documents under the same names.
 *
 * Idempotent: asking again with the same key (an activity retry, a replay, a re-run of the month) returns the number
 * that key got the first time. A number is never handed to another key, even if its document never went out.
 */
import { appendFile, mkdir, open, readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { AppError } from '../../domain/errors';
import { writeFileAtomic } from '../archive/atomic-write';
import { withFileLock } from '../archive/file-lock';
import { parsePeriod } from '../../domain/calendar';

export interface NumberEntry {
  seq: number;
  no: string;
  /** The business key the number belongs to, e.g. `dunning-2026-11-D0042/L3-…`. */
  key: string;
  series: string;
  period: string;
  scope?: string;
}

const SERIES = /^[A-Z][A-Z0-9]{0,7}(-[A-Z0-9]{1,8})?$/;

/**
 * `PD-NP-2026-11-0001`: series, period, a 4-digit sequence (more digits past 9999); scoped:
 * `CK-2026-11-D0042-01` (series, period, scope, a 2-digit sequence).
 */
export function formatDocNumber(series: string, period: string, seq: number, scope?: string): string {
  return scope === undefined
    ? `${series}-${period}-${String(seq).padStart(4, '0')}`
    : `${series}-${period}-${scope}-${String(seq).padStart(2, '0')}`;
}

/** A scope (a dealer id) as it may appear in a number and a file name. */
const SCOPE = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,39}$/;

export class DocumentNumbers {
  constructor(private readonly root: string) {}

  private file(series: string, period: string, scope?: string): string {
    if (!SERIES.test(series)) throw new AppError('InvalidNumberSeries', `"${series}" is not a document series`);
    parsePeriod(period, 'document number period');
    if (scope === undefined) return join(this.root, 'numbers', series, `${period}.jsonl`);
    if (!SCOPE.test(scope) || scope.includes('..'))
      throw new AppError('InvalidNumberScope', `"${scope}" cannot scope a document number (letters, digits, _ . -)`);
    return join(this.root, 'numbers', series, period, `${scope}.jsonl`);
  }

  /** Every number of a series and period (and scope), in the order assigned (seq 1, 2, …). */
  async list(series: string, period: string, scope?: string): Promise<NumberEntry[]> {
    const text = await readFile(this.file(series, period, scope), 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return '';
      throw err;
    });
    const out: NumberEntry[] = [];
    // A torn last line (crash mid-append) was never returned to anyone: ignore it, the next append overwrites nothing.
    for (const line of text.split('\n')) {
      if (!line.trim()) continue;
      try {
        out.push(JSON.parse(line) as NumberEntry);
      } catch {
        break;
      }
    }
    return out;
  }

  /** The number of `key` in the series and period (and scope): the one it already has, else the next in sequence. */
  async assign(series: string, period: string, key: string, scope?: string): Promise<NumberEntry> {
    if (!key.trim()) throw new AppError('InvalidNumberKey', 'a document number needs a business key');
    const path = this.file(series, period, scope);
    const known = (await this.list(series, period, scope)).find((e) => e.key === key);
    if (known) return known;
    await mkdir(dirname(path), { recursive: true });
    return withFileLock(`${path}.lock`, async () => {
      const entries = await this.list(series, period, scope);
      const again = entries.find((e) => e.key === key);
      if (again) return again;
      const seq = entries.length + 1;
      const entry: NumberEntry = {
        seq,
        no: formatDocNumber(series, period, seq, scope),
        key,
        series,
        period,
        ...(scope !== undefined ? { scope } : {}),
      };
      await this.repairTail(path, entries.length);
      await appendFile(path, `${JSON.stringify(entry)}\n`);
      const fh = await open(path, 'r+');
      try {
        await fh.sync();
      } finally {
        await fh.close();
      }
      return entry;
    });
  }

  /** Cuts a torn last line off before appending, so every line stays parseable. */
  private async repairTail(path: string, good: number): Promise<void> {
    const text = await readFile(path, 'utf8').catch(() => '');
    const lines = text.split('\n').filter((l) => l.trim());
    if (lines.length === good && (text === '' || text.endsWith('\n'))) return;
    await writeFileAtomic(
      path,
      lines
        .slice(0, good)
        .map((l) => `${l}\n`)
        .join(''),
    );
  }
}
