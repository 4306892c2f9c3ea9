import { readFile, readdir, stat, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, join } from 'node:path';
import { processAlive } from './process-alive';

export interface CleanLeftoversOptions {
  /** A temp file of a dead writer is removed once it is this old (default 5 s: not one being renamed right now). */
  deadWriterAgeMs?: number;
  /** Any temp file this old is abandoned, whoever wrote it (default 1 hour; writes take seconds). */
  abandonedAgeMs?: number;
}

// `.tmp-<hint>-<pid>-<hex>` (atomic writes), `.<name>.<pid>.<hex>.tmp` (sent-log), `.tmp-<hex>` (charge journal).
const ATOMIC_TMP = /^\.tmp-.*-(\d+)-[0-9a-f]{12}$/;
const SENT_LOG_TMP = /^\..+\.(\d+)\.[0-9a-f]{12}\.tmp$/;
const OTHER_TMP = /^\.tmp-|\.stale-[0-9a-f]{12}$/;

/**
 * Removes what a killed process left in the store (archive, work store, audit log, sent-log, charge journal):
 * lock files (`*.lock`) whose owner process on this host is gone, and temp files of writers that are gone or were
 * abandoned long ago. Called at worker start-up; the lock owners' own take-over (file-lock.ts, sent-log.ts) covers
 * the next claim as well. Never touches a sent-log `.sending` marker: that is evidence a mail may have gone out.
 * Returns the paths removed.
 */
export async function cleanLeftovers(root: string, opts: CleanLeftoversOptions = {}): Promise<string[]> {
  const deadAge = opts.deadWriterAgeMs ?? 5_000;
  const abandonedAge = opts.abandonedAgeMs ?? 60 * 60_000;
  let entries;
  try {
    entries = await readdir(root, { recursive: true, withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
  const removed: string[] = [];
  for (const e of entries) {
    if (!e.isFile()) continue;
    const file = join(e.parentPath, e.name);
    if (await isLeftover(file, deadAge, abandonedAge)) {
      await unlink(file).catch(() => undefined);
      removed.push(file);
    }
  }
  return removed;
}

async function isLeftover(file: string, deadAge: number, abandonedAge: number): Promise<boolean> {
  const name = basename(file);
  if (name.endsWith('.lock')) return deadLockOwner(file);
  const pidText = ATOMIC_TMP.exec(name)?.[1] ?? SENT_LOG_TMP.exec(name)?.[1];
  if (!pidText && !OTHER_TMP.test(name)) return false;
  const age = await ageMs(file);
  if (age === null) return false;
  if (age > abandonedAge) return true;
  const pid = pidText ? Number(pidText) : undefined;
  return pid !== undefined && pid !== process.pid && !processAlive(pid) && age > deadAge;
}

async function deadLockOwner(file: string): Promise<boolean> {
  try {
    const info = JSON.parse(await readFile(file, 'utf8')) as { pid?: unknown; host?: unknown };
    return (
      typeof info.pid === 'number' && info.host === hostname() && info.pid !== process.pid && !processAlive(info.pid)
    );
  } catch {
    return false; // being written, or not ours to judge: its own take-over rules decide
  }
}

async function ageMs(file: string): Promise<number | null> {
  const st = await stat(file).catch(() => null);
  return st ? Date.now() - st.mtimeMs : null;
}
