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
  /**
   * Every mail recorded for one workflow id, oldest first: the keys claimed for it (its index, appended to by each
   * claim, so a mail is listed once it is recorded — sendMail always claims before it sends).
   */
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
  // Per workflow, so listing a workflow's mails reads only its own: `<hash>.keys` (the key hash of each claim, one
  // line each) and, from before that index, the folder `<hash>/` holding a copy of each record.
  const workflowBase = (workflowId: string): string => {
    const hash = createHash('sha256').update(workflowId).digest('hex');
    return join(dir, 'by-workflow', hash.slice(0, 2), hash);
  };

  return {
    async get(key) {
      return (await readRecordFile(pathFor(key, 'json')))?.record ?? null;
    },

    async record(key, rec) {
      const body = JSON.stringify({ key, record: rec }, null, 2);
      await writeFileExclusive(pathFor(key, 'json'), body);
      await fs.rm(pathFor(key, 'sending'), { force: true });
    },

    async list(workflowId) {
      const base = workflowBase(workflowId);
      const byHash = new Map<string, SentEntry>();
      // Claimed keys: a key claimed again (a retry, a taken-over claim) is listed once; one never recorded (refused,
      // or its sender died before the SMTP accept) is not listed.
      for (const hash of new Set(indexedHashes((await readIfExists(`${base}.keys`)) ?? ''))) {
        const entry = await readRecordFile(join(dir, hash.slice(0, 2), `${hash}.json`));
        if (entry) byHash.set(hash, entry);
      }
      // Records copied the old way, before the index existed.
      const names = await fs.readdir(base).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return [] as string[];
        throw err;
      });
      for (const name of names.filter((n) => n.endsWith('.json') && !n.startsWith('.'))) {
        const hash = name.slice(0, -'.json'.length);
        const entry = byHash.has(hash) ? null : await readRecordFile(join(base, name));
        if (entry) byHash.set(hash, entry);
      }
      return [...byHash.values()].sort((a, b) => a.record.sentAt.localeCompare(b.record.sentAt));
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
          const release = () => removeIfOwner(file, info.owner);
          // Indexed before anything is sent, so every mail that gets recorded is in its workflow's list.
          await appendSynced(`${workflowBase(key.workflowId)}.keys`, `${sentKeyHash(key)}\n`).catch(async (err) => {
            await release().catch(() => undefined);
            throw err;
          });
          return { release };
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

/** A record file (or an old per-workflow copy of one): its key and record, or null when there is none. */
async function readRecordFile(file: string): Promise<SentEntry | null> {
  const text = await readIfExists(file);
  if (text === null) return null;
  try {
    return JSON.parse(text) as SentEntry;
  } catch (err) {
    throw new Error(`Sent-log file ${file} is not valid JSON: ${(err as Error).message}`);
  }
}

/**
 * The key hashes in a workflow's `.keys` index. A line is the last 64 characters of what lies between two line
 * breaks: an append torn by a power cut leaves a fragment that the next append's hash then follows on its line.
 */
function indexedHashes(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.slice(-64))
    .filter((hash) => /^[0-9a-f]{64}$/.test(hash));
}

/** Appends `data` to `file` (created with its folder if need be) and fsyncs it (and the folder, when it is new). */
async function appendSynced(file: string, data: string): Promise<void> {
  await fs.mkdir(dirname(file), { recursive: true });
  const created = await fs.access(file).then(
    () => false,
    () => true,
  );
  await writeSynced(file, data, 'a');
  if (created) await syncFolder(dirname(file));
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

/** Writes `data` to a new file ('wx': fails if it exists) or at the end of one ('a'), and fsyncs it. */
async function writeSynced(file: string, data: string, flags: 'wx' | 'a' = 'wx'): Promise<void> {
  const fh = await fs.open(file, flags);
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
