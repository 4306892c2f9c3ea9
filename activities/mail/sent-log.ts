import { createHash, randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { processAlive } from '../archive/process-alive';

/** What makes one email unique: the workflow, the step in it, and the person it goes to. */
export interface SentKey {
  workflowId: string;
  step: string;
  recipient: string;
}

/** Written once, right after the SMTP server accepted the message. */
export interface SentRecord {
  messageId: string;
  /** ISO time of the SMTP accept. */
  sentAt: string;
  subject: string;
  accepted: string[];
  rejected: string[];
  /** The server's final reply, e.g. "250 OK: queued as …". */
  response: string;
  /**
   * Set when an earlier attempt handed the content to SMTP and never learnt the outcome (a killed worker, a
   * connection lost after DATA): this mail was sent again with the same Message-ID and may have arrived twice.
   */
  possiblyDuplicated?: { firstAttemptAt: string };
  /** The message as it went out (recipients, subject, bodies, attachment ids), stored in the work store: resendMail reads it. */
  message?: { sha256: string };
  /** The activity that sent it (`sendActionRequest`, `sendStatement`…), for the operator's list of a workflow's mails. */
  sentBy?: string;
}

/** A record with its key, as listed for one workflow. */
export interface SentEntry {
  key: SentKey;
  record: SentRecord;
}

/** The sent-log's folder under the archive root (worker.ts and the CLI's `resend-mail --list`). */
export const SENT_LOG_FOLDER = 'mail-sent';

/** Written just before the first byte of content goes to the SMTP server; removed when the outcome is known. */
export interface SendingMarker {
  messageId: string;
  /** ISO time the content was first handed over. */
  at: string;
  host: string;
  pid: number;
}

/** An exclusive, leased right to send the mail for one key. */
export interface SendClaim {
  /** Gives the claim up (only if it is still ours). */
  release(): Promise<void>;
}

/**
 * Durable record of every email accepted by SMTP, consulted before each send so that a retried or
 * replayed activity never delivers twice.
 */
export interface SentLog {
  get(key: SentKey): Promise<SentRecord | null>;
  /** First writer wins; recording an already recorded key is a no-op. Clears the key's sending marker. */
  record(key: SentKey, rec: SentRecord): Promise<void>;
  /** Durably notes that an attempt is handing the content to SMTP (an existing note, the first attempt's, is kept). */
  markSending(key: SentKey, marker: SendingMarker): Promise<void>;
  /** The note of an attempt that handed the content over and never recorded the outcome, or null. */
  sending(key: SentKey): Promise<SendingMarker | null>;
  /** Removes the note: that attempt ended in a definite refusal, nothing was delivered. */
  clearSending(key: SentKey): Promise<void>;
  /**
   * Takes the exclusive right to send for `key` for `leaseMs`, or returns null while another live sender
   * holds it. A claim whose lease ran out, or whose owner process on this host is gone, is taken over.
   */
  claim(key: SentKey, leaseMs: number): Promise<SendClaim | null>;
  /** Every mail recorded for one workflow id (its own index, written with each record), oldest first. */
  list(workflowId: string): Promise<SentEntry[]>;
}

/** Stable hex id of a key; also the base of the deterministic Message-ID. */
export function sentKeyHash(key: SentKey): string {
  const parts = [key.workflowId, key.step, key.recipient.trim().toLowerCase()];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}

interface LockInfo {
  owner: string;
  host: string;
  pid: number;
  at: number;
  leaseMs: number;
}

/**
 * A sent-log in a local folder: one small JSON file per key, named by the key's SHA-256 and sharded into
 * 256 sub-folders (thousands of dealers a month stay cheap to look up).
 *
 * Files appear atomically and exclusively: the content is written and fsynced to a temporary file, then
 * hard-linked to its final name, which fails if the name exists ('wx' semantics without a window in which
 * a half-written file is visible). The folder entry is fsynced too, so a record survives a power cut.
 *
 * Several worker machines: the file system is the only coordination, so either route all mail activities
 * to one task queue served by the host that owns this folder (recommended), or put the folder on a shared
 * file system with working hard links and exclusive create (NFSv3+, not SMB). Two machines with separate
 * folders would each think a mail unsent.
 */
export function createFileSentLog(dir: string): SentLog {
  const pathFor = (key: SentKey, ext: 'json' | 'lock' | 'sending'): string => {
    const hash = sentKeyHash(key);
    return join(dir, hash.slice(0, 2), `${hash}.${ext}`);
  };
  // One folder per workflow holding a copy of each of its records, so listing a workflow's mails reads only those.
  const workflowDir = (workflowId: string): string => {
    const hash = createHash('sha256').update(workflowId).digest('hex');
    return join(dir, 'by-workflow', hash.slice(0, 2), hash);
  };

  return {
    async get(key) {
      const file = pathFor(key, 'json');
      const text = await readIfExists(file);
      if (text === null) return null;
      try {
        return (JSON.parse(text) as { record: SentRecord }).record;
      } catch (err) {
        throw new Error(`Sent-log file ${file} is not valid JSON: ${(err as Error).message}`);
      }
    },

    async record(key, rec) {
      const body = JSON.stringify({ key, record: rec }, null, 2);
      await writeFileExclusive(pathFor(key, 'json'), body);
      // After the record (its retry still writes the index when the first attempt died between the two).
      const kept = (await readIfExists(pathFor(key, 'json'))) ?? body;
      await writeFileExclusive(join(workflowDir(key.workflowId), `${sentKeyHash(key)}.json`), kept);
      await fs.rm(pathFor(key, 'sending'), { force: true });
    },

    async list(workflowId) {
      const folder = workflowDir(workflowId);
      const names = await fs.readdir(folder).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return [] as string[];
        throw err;
      });
      const out: SentEntry[] = [];
      for (const name of names.filter((n) => n.endsWith('.json') && !n.startsWith('.'))) {
        const text = await readIfExists(join(folder, name));
        if (text !== null) out.push(JSON.parse(text) as SentEntry);
      }
      return out.sort((a, b) => a.record.sentAt.localeCompare(b.record.sentAt));
    },

    async markSending(key, marker) {
      await writeFileExclusive(pathFor(key, 'sending'), JSON.stringify({ key, marker }));
    },

    async sending(key) {
      const text = await readIfExists(pathFor(key, 'sending'));
      if (text === null) return null;
      try {
        return (JSON.parse(text) as { marker: SendingMarker }).marker;
      } catch {
        // Unreadable means its writer died mid-write, after deciding to send: treat it as an unfinished attempt.
        return { messageId: '', at: new Date(0).toISOString(), host: '', pid: 0 };
      }
    },

    async clearSending(key) {
      await fs.rm(pathFor(key, 'sending'), { force: true });
    },

    async claim(key, leaseMs) {
      const file = pathFor(key, 'lock');
      // A couple of rounds: the holder may release, or a stale claim may be removed, between our steps.
      for (let round = 0; round < 3; round++) {
        const info: LockInfo = {
          owner: `${hostname()}:${process.pid}:${randomBytes(8).toString('hex')}`,
          host: hostname(),
          pid: process.pid,
          at: Date.now(),
          leaseMs,
        };
        if (await writeFileExclusive(file, JSON.stringify(info))) {
          return { release: () => removeIfOwner(file, info.owner) };
        }
        const held = await readLock(file);
        if (held === 'gone') continue;
        if (held !== 'unreadable' && !isStale(held)) return null;
        if (held === 'unreadable' && !(await olderThan(file, leaseMs))) return null;
        // Stale: remove and race for it again. Two takers of the same stale claim at the same instant can
        // both win; that needs a crashed sender first, and the deterministic Message-ID covers it.
        await fs.rm(file, { force: true });
      }
      return null;
    },
  };
}

function isStale(lock: LockInfo): boolean {
  if (Date.now() > lock.at + lock.leaseMs) return true;
  return lock.host === hostname() && lock.pid !== process.pid && !processAlive(lock.pid);
}

async function readLock(file: string): Promise<LockInfo | 'gone' | 'unreadable'> {
  const text = await readIfExists(file);
  if (text === null) return 'gone';
  try {
    return JSON.parse(text) as LockInfo;
  } catch {
    return 'unreadable';
  }
}

async function olderThan(file: string, ms: number): Promise<boolean> {
  const st = await fs.stat(file).catch(() => null);
  return st === null || Date.now() - st.mtimeMs > ms;
}

async function removeIfOwner(file: string, owner: string): Promise<void> {
  const held = await readLock(file);
  if (typeof held === 'object' && held.owner === owner) await fs.rm(file, { force: true });
}

async function readIfExists(file: string): Promise<string | null> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Creates `target` with `data` unless it exists. Returns false when it already existed. */
async function writeFileExclusive(target: string, data: string): Promise<boolean> {
  const folder = dirname(target);
  await fs.mkdir(folder, { recursive: true });
  const tmp = join(folder, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  await writeSynced(tmp, data);
  try {
    await fs.link(tmp, target);
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP' && code !== 'ENOSYS') throw err;
    // File systems without hard links: exclusive create straight on the target.
    try {
      await writeSynced(target, data);
      return true;
    } catch (inner) {
      if ((inner as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw inner;
    }
  } finally {
    await fs.rm(tmp, { force: true });
    await syncFolder(folder);
  }
}

async function writeSynced(file: string, data: string): Promise<void> {
  const fh = await fs.open(file, 'wx');
  try {
    await fh.writeFile(data, 'utf8');
    await fh.sync();
  } finally {
    await fh.close();
  }
}

async function syncFolder(folder: string): Promise<void> {
  const fh = await fs.open(folder, 'r').catch(() => null);
  if (!fh) return;
  try {
    await fh.sync();
  } catch {
    // Some platforms (Windows, some network file systems) cannot fsync a folder; the file itself is synced.
  } finally {
    await fh.close();
  }
}
