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

/** Where a line lies in the file: its first byte and its length in bytes (without the newline). */
export interface LineSpan {
  offset: number;
  length: number;
}

/**
 * An index a caller keeps beside the log instead of the log holding every entry: told of each valid entry as the
 * log reads it, in file order, and reset whenever the log re-reads the file from the start.
 */
export interface LogIndex<T> {
  add(entry: Chained<T>, at: LineSpan): void;
  reset(): void;
}

export interface HashChainedLogOptions<T> extends FileLockOptions {
  /**
   * With an index, the log keeps no entries in memory (only the last line, for the chain): `entries()` reads the
   * file, `readAt` one line. A month of dunning adds thousands of documents and a process may run for months, so
   * memory stays flat. Without one, entries are cached (the audit log: few entries, scanned often).
   */
  index?: LogIndex<T>;
}

/**
 * An append-only JSON-lines file whose entries are hash-chained (see hash-chain.ts), shared by the archive
 * index and the audit log. Appends run inside `transact`, which holds the in-process queue and the cross-process
 * lock file, so the read-decide-append step is atomic. Readers never lock: they read complete lines only and
 * follow the file incrementally as it grows (re-read in full when it changed in any other way).
 * Beside the log, `<file>.head.json` records the last written (seq, entryHash), which exposes a cut-off tail.
 */
export class HashChainedLog<T extends object> {
  /** Cached entries in file order (only without an index). */
  private entryList: Chained<T>[] = [];
  /** Lines consumed, valid or not (the next entry's seq is one more). */
  private lineCount = 0;
  /** The last consumed line's bytes: a re-read starts there to check the file still goes on from it. */
  private lastLine: Buffer | null = null;
  /** entryHash of the last valid entry consumed (the next entry's prevHash). */
  private lastEntryHash = GENESIS_HASH;
  /** Bytes of the file consumed (complete lines only). */
  private consumed = 0;
  private mtimeMs = -1;
  /** Cache updates run one at a time: two overlapping incremental reads would add the same lines twice. */
  private refreshQueue: Promise<void> = Promise.resolve();
  private readonly index: LogIndex<T> | undefined;
  private readonly lockOptions: FileLockOptions;

  constructor(
    readonly file: string,
    options: HashChainedLogOptions<T> = {},
  ) {
    const { index, ...lock } = options;
    this.index = index;
    this.lockOptions = lock;
  }

  /** Current valid entries, oldest first (unparseable lines are skipped here; `verify` reports them). */
  async entries(): Promise<readonly Chained<T>[]> {
    await this.refresh(false);
    if (!this.index) return this.entryList;
    const out: Chained<T>[] = [];
    await forEachLine(this.file, 0, this.consumed, (raw) => {
      const { entry } = parseLogLine(raw);
      if (entry) out.push(entry as Chained<T>);
    });
    return out;
  }

  /** Brings the log (and its index) up to the file's complete lines. */
  sync(): Promise<void> {
    return this.refresh(false);
  }

  /**
   * The entry on the line at `at` (a span the index was given), or null when that line is no longer an entry there
   * (the file was replaced since: the caller syncs and looks again).
   */
  async readAt(at: LineSpan): Promise<Chained<T> | null> {
    const buf = await readRange(this.file, at.offset, at.offset + at.length).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null;
      throw err;
    });
    if (!buf || buf.length !== at.length) return null;
    return parseLogLine(buf.toString('utf8')).entry as Chained<T> | null;
  }

  private refresh(locked: boolean): Promise<void> {
    const run = this.refreshQueue.then(() => this.refreshNow(locked));
    this.refreshQueue = run.catch(() => undefined);
    return run;
  }

  /**
   * Runs `decide` under the lock with the current entries (none with an index: the caller's index is current then);
   * each `append(body)` seals a new entry, and all appended entries are written (one write, fsynced) after `decide`
   * returns. Throwing from `decide` writes nothing.
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
        let prev = this.lastEntryHash;
        let seq = this.lineCount;
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
    const size = await stat(this.file).then(
      (st) => st.size,
      (err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return 0;
        throw err;
      },
    );
    const lines: LogLine[] = [];
    await forEachLine(this.file, 0, size, (raw) => lines.push(parseLogLine(raw)));
    const verification = verifyChainLines(lines, await this.readHead());
    const valid = verification.ok ? lines : lines.slice(0, (verification.firstBadSeq ?? 1) - 1);
    return { verification, entries: valid.map((l) => l.entry as Chained<T>) };
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
      if (this.consumed !== 0 || this.lineCount > 0) this.reset();
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

  /** Reads on from the end of the last consumed line; false when that line is no longer where it was. */
  private async extend(size: number): Promise<boolean> {
    const last = this.lastLine;
    if (last) {
      const start = this.consumed - last.length - 1;
      const buf = await readRange(this.file, start, Math.min(size, this.consumed));
      if (!(buf.length === last.length + 1 && buf[last.length] === 0x0a && last.equals(buf.subarray(0, -1))))
        return false;
    }
    let lastLine: Buffer | null = null;
    this.consumed = await forEachLine(this.file, this.consumed, size, (raw, span, bytes) => {
      const { entry } = parseLogLine(raw);
      this.lineCount++;
      const hash = entry?.entryHash;
      if (entry && typeof hash === 'string') this.lastEntryHash = hash;
      if (entry && this.index) this.index.add(entry as Chained<T>, span);
      else if (entry) this.entryList.push(entry as Chained<T>);
      lastLine = bytes;
    });
    // A copy: a slice would keep the whole chunk read there alive.
    if (lastLine) this.lastLine = Buffer.from(lastLine);
    return true;
  }

  private reset(): void {
    this.entryList = [];
    this.lineCount = 0;
    this.lastLine = null;
    this.lastEntryHash = GENESIS_HASH;
    this.consumed = 0;
    this.mtimeMs = -1;
    this.index?.reset();
  }
}

const CHUNK = 1 << 20;

/**
 * Calls `fn` for each complete line of `file` between byte `start` and `end` (the caller's known size), reading a
 * chunk at a time so a large log never sits in memory whole; returns the byte after the last complete line.
 */
async function forEachLine(
  file: string,
  start: number,
  end: number,
  fn: (raw: string, span: LineSpan, bytes: Buffer) => void,
): Promise<number> {
  let pos = start;
  let want = CHUNK;
  while (pos < end) {
    const buf = await readRange(file, pos, Math.min(end, pos + want));
    const stop = buf.lastIndexOf(0x0a);
    if (stop < 0) {
      if (pos + buf.length >= end || buf.length < want) break; // a torn tail: no newline yet
      want *= 2; // a line longer than the chunk
      continue;
    }
    let from = 0;
    while (from <= stop) {
      const nl = buf.indexOf(0x0a, from);
      const bytes = buf.subarray(from, nl);
      fn(bytes.toString('utf8'), { offset: pos + from, length: nl - from }, bytes);
      from = nl + 1;
    }
    pos += stop + 1;
    want = CHUNK;
  }
  return pos;
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
