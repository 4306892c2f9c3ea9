import { appendFile, mkdir, open, readFile, stat, truncate } from 'node:fs/promises';
import { dirname } from 'node:path';
import { writeFileAtomic } from './atomic-write';
import { type FileLockOptions, withFileLock } from './file-lock';
import {
  type Chained,
  type ChainVerification,
  GENESIS_HASH,
  type LogLine,
  parseLogLine,
  sealEntry,
  verifyChainLines,
} from './hash-chain';

interface Head {
  seq: number;
  entryHash: string;
}

/**
 * An append-only JSON-lines file whose entries are hash-chained (see hash-chain.ts), shared by the archive
 * index and the audit log. Appends run inside `transact`, which holds the in-process queue and the cross-process
 * lock file, so the read-decide-append step is atomic. Readers never lock: they read complete lines only and keep
 * a cache that is extended incrementally as the file grows (re-read in full when it changed in any other way).
 * Beside the log, `<file>.head.json` records the last written (seq, entryHash), which exposes a cut-off tail.
 */
export class HashChainedLog<T extends object> {
  /** Parsed lines in file order; only the last keeps its text (see extend). */
  private lines: LogLine[] = [];
  private entryList: Chained<T>[] = [];
  /** Bytes of the file consumed into `lines` (complete lines only). */
  private consumed = 0;
  private mtimeMs = -1;
  /** Incremented whenever the cache is rebuilt from scratch, so derived indexes know to rebuild too. */
  generation = 0;
  /** Cache updates run one at a time: two overlapping incremental reads would add the same lines twice. */
  private refreshQueue: Promise<void> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly lockOptions: FileLockOptions = {},
  ) {}

  /** Current valid entries (unparseable lines are skipped here; `verify` reports them). */
  async entries(): Promise<readonly Chained<T>[]> {
    await this.refresh(false);
    return this.entryList;
  }

  private refresh(locked: boolean): Promise<void> {
    const run = this.refreshQueue.then(() => this.refreshNow(locked));
    this.refreshQueue = run.catch(() => undefined);
    return run;
  }

  /**
   * Runs `decide` under the lock with the current entries; each `append(body)` seals a new entry, and all
   * appended entries are written (one write, fsynced) after `decide` returns. Throwing from `decide` writes nothing.
   */
  async transact<R>(
    decide: (entries: readonly Chained<T>[], append: (body: T) => Chained<T>) => R | Promise<R>,
  ): Promise<R> {
    await mkdir(dirname(this.file), { recursive: true });
    return withFileLock(
      `${this.file}.lock`,
      async () => {
        await this.refresh(true);
        const pending: Chained<T>[] = [];
        let prev = this.lastHash();
        let seq = this.lines.length;
        const append = (body: T): Chained<T> => {
          const entry = sealEntry(prev, ++seq, body);
          prev = entry.entryHash;
          pending.push(entry);
          return entry;
        };
        const result = await decide(this.entryList, append);
        if (pending.length > 0) await this.write(pending);
        return result;
      },
      this.lockOptions,
    );
  }

  /** Re-reads the whole file (ignoring the cache) and checks the chain and the head record. */
  async verify(): Promise<ChainVerification> {
    return (await this.inspect()).verification;
  }

  /** Like `verify`, also returning the freshly read entries (those before the first break are trustworthy). */
  async inspect(): Promise<{ verification: ChainVerification; entries: Chained<T>[] }> {
    const text = await readFile(this.file, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return '';
      throw err;
    });
    const lines = splitComplete(text).lines.map(parseLogLine);
    const verification = verifyChainLines(lines, await this.readHead());
    const valid = verification.ok ? lines : lines.slice(0, (verification.firstBadSeq ?? 1) - 1);
    return { verification, entries: valid.map((l) => l.entry as Chained<T>) };
  }

  private lastHash(): string {
    for (let i = this.lines.length - 1; i >= 0; i--) {
      const h = this.lines[i]?.entry?.entryHash;
      if (typeof h === 'string') return h;
    }
    return GENESIS_HASH;
  }

  private async write(pending: Chained<T>[]): Promise<void> {
    const text = pending.map((e) => `${JSON.stringify(e)}\n`).join('');
    const fh = await open(this.file, 'a');
    try {
      await fh.writeFile(text);
      await fh.datasync();
    } finally {
      await fh.close();
    }
    // The cache is not touched here: the next refresh reads these lines back like anyone else's.
    const last = pending[pending.length - 1] as Chained<T>;
    const head: Head = { seq: last.seq, entryHash: last.entryHash };
    // Not fsynced: after a power cut a head that lags the log is accepted; only a head ahead of it is an alarm.
    await writeFileAtomic(`${this.file}.head.json`, JSON.stringify(head), { sync: false });
  }

  private async readHead(): Promise<Head | null> {
    try {
      const h = JSON.parse(await readFile(`${this.file}.head.json`, 'utf8')) as Head;
      return typeof h.seq === 'number' && typeof h.entryHash === 'string' ? h : null;
    } catch {
      return null;
    }
  }

  /**
   * Brings the cache up to date. Under the lock (`locked`), a trailing line without its newline can only be
   * the torn write of a crashed appender (its append never returned): it is moved to `<file>.torn` and cut off,
   * so the next append does not fuse with it.
   */
  private async refreshNow(locked: boolean): Promise<void> {
    let st;
    try {
      st = await stat(this.file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      if (this.consumed !== 0 || this.lines.length > 0) this.reset();
      return;
    }
    if (st.size === this.consumed && st.mtimeMs === this.mtimeMs) return;
    if (!(st.size >= this.consumed && (await this.extend(st.size)))) {
      this.reset();
      await this.extend(st.size);
    }
    this.mtimeMs = st.mtimeMs;
    if (locked && st.size > this.consumed) {
      const torn = (await readRange(this.file, this.consumed, st.size)).toString('utf8');
      await appendFile(`${this.file}.torn`, `${new Date().toISOString()} ${JSON.stringify(torn)}\n`);
      await truncate(this.file, this.consumed);
      this.mtimeMs = -1;
    }
  }

  /** Reads from the start of the last consumed line; false when that line is no longer where it was. */
  private async extend(size: number): Promise<boolean> {
    const last = this.lines[this.lines.length - 1];
    const overlap = last ? Buffer.byteLength(last.raw) + 1 : 0;
    const start = this.consumed - overlap;
    const text = (await readRange(this.file, start, size)).toString('utf8');
    if (last && !text.startsWith(`${last.raw}\n`)) return false;
    const { lines, bytes } = splitComplete(text.slice(last ? last.raw.length + 1 : 0));
    for (const raw of lines) {
      const line = parseLogLine(raw);
      this.lines.push(line);
      if (line.entry) this.entryList.push(line.entry as Chained<T>);
    }
    // Only the last line's text is read again (above, to find where the file goes on); the others keep their parsed
    // entry alone. Keeping every line's text held ~3 KB per archived document besides its entry: 15 MB in a
    // 5,000-dealer dunning month's worker, growing with every month the archive holds.
    for (let i = Math.max(0, this.lines.length - lines.length - 1); i < this.lines.length - 1; i++) {
      this.lines[i] = { raw: '', entry: this.lines[i]!.entry };
    }
    this.consumed += bytes;
    return true;
  }

  private reset(): void {
    this.lines = [];
    this.entryList = [];
    this.consumed = 0;
    this.mtimeMs = -1;
    this.generation++;
  }
}

function splitComplete(text: string): { lines: string[]; bytes: number } {
  const end = text.lastIndexOf('\n');
  if (end < 0) return { lines: [], bytes: 0 };
  const complete = text.slice(0, end + 1);
  return { lines: complete.slice(0, -1).split('\n'), bytes: Buffer.byteLength(complete) };
}

async function readRange(file: string, start: number, end: number): Promise<Buffer> {
  const fh = await open(file, 'r');
  try {
    const buf = Buffer.alloc(end - start);
    let off = 0;
    while (off < buf.length) {
      const { bytesRead } = await fh.read(buf, off, buf.length - off, start + off);
      if (bytesRead === 0) break;
      off += bytesRead;
    }
    return buf.subarray(0, off);
  } finally {
    await fh.close();
  }
}
