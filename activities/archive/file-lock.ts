import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { link, open, readFile, rename, stat, unlink, utimes } from 'node:fs/promises';
import { AppError } from '../../domain/errors';
import { processAlive } from './process-alive';

export interface FileLockOptions {
  /** A lock whose file has not been touched for this long is considered abandoned (default 15 s). */
  staleMs?: number;
  /** Give up waiting after this long; the error is transient so Temporal retries (default 30 s). */
  timeoutMs?: number;
}

interface LockInfo {
  pid: number;
  host: string;
  token: string;
  at: string;
}

const inProcess = new Map<string, Promise<unknown>>();

/**
 * Runs `fn` while holding an exclusive lock on `lockPath`: first a promise chain per path (callers in this
 * process queue up without touching the disk), then a lock file created with O_EXCL (other processes).
 * A lock left by a dead process on this host, or not refreshed within `staleMs`, is taken over; the holder
 * refreshes its lock file's mtime while `fn` runs so a slow critical section is not mistaken for a dead one.
 */
export function withFileLock<R>(lockPath: string, fn: () => Promise<R>, opts: FileLockOptions = {}): Promise<R> {
  const previous = inProcess.get(lockPath) ?? Promise.resolve();
  const run = previous.catch(() => undefined).then(() => holdFileLock(lockPath, fn, opts));
  const tail = run.catch(() => undefined);
  inProcess.set(lockPath, tail);
  void tail.then(() => {
    if (inProcess.get(lockPath) === tail) inProcess.delete(lockPath);
  });
  return run;
}

async function holdFileLock<R>(lockPath: string, fn: () => Promise<R>, opts: FileLockOptions): Promise<R> {
  const staleMs = opts.staleMs ?? 15_000;
  const token = await acquire(lockPath, staleMs, opts.timeoutMs ?? 30_000);
  const heartbeat = setInterval(
    () => {
      const now = new Date();
      utimes(lockPath, now, now).catch(() => undefined);
    },
    Math.max(50, Math.floor(staleMs / 3)),
  );
  heartbeat.unref();
  try {
    return await fn();
  } finally {
    clearInterval(heartbeat);
    await release(lockPath, token);
  }
}

async function acquire(lockPath: string, staleMs: number, timeoutMs: number): Promise<string> {
  const token = randomBytes(12).toString('hex');
  const info: LockInfo = { pid: process.pid, host: hostname(), token, at: new Date().toISOString() };
  const deadline = Date.now() + timeoutMs;
  for (let attempt = 0; ; attempt++) {
    try {
      const fh = await open(lockPath, 'wx');
      try {
        await fh.writeFile(JSON.stringify(info));
      } finally {
        await fh.close();
      }
      return token;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = await readLock(lockPath);
    if (await isStale(lockPath, holder, staleMs)) {
      await takeOver(lockPath, holder?.token);
      continue;
    }
    if (Date.now() > deadline) {
      throw new AppError(
        'LockTimeout',
        `timed out after ${timeoutMs} ms waiting for lock ${lockPath}`,
        {
          lockPath,
          holder,
        },
        false,
      );
    }
    const delay = Math.min(100, 2 + attempt * 3) * (0.5 + Math.random());
    await new Promise((resolve) => setTimeout(resolve, delay));
  }
}

async function readLock(lockPath: string): Promise<LockInfo | null> {
  try {
    return JSON.parse(await readFile(lockPath, 'utf8')) as LockInfo;
  } catch {
    // Missing (released meanwhile) or half-written by a holder that is creating it right now.
    return null;
  }
}

/** `holder` is null for an unreadable lock file (e.g. its creator died between create and write). */
async function isStale(lockPath: string, holder: LockInfo | null, staleMs: number): Promise<boolean> {
  if (holder && holder.host === hostname() && holder.pid !== process.pid && !processAlive(holder.pid)) return true;
  try {
    return Date.now() - (await stat(lockPath)).mtimeMs > staleMs;
  } catch {
    return false;
  }
}

/**
 * Moves the stale lock aside atomically. If, between our check and the rename, another process had already
 * replaced it with a fresh lock, we put that one back (link fails if yet another lock appeared meanwhile).
 */
async function takeOver(lockPath: string, staleToken: string | undefined): Promise<void> {
  const aside = `${lockPath}.stale-${randomBytes(6).toString('hex')}`;
  try {
    await rename(lockPath, aside);
  } catch {
    return;
  }
  const moved = await readLock(aside);
  if (moved && moved.token !== staleToken) await link(aside, lockPath).catch(() => undefined);
  await unlink(aside).catch(() => undefined);
}

async function release(lockPath: string, token: string): Promise<void> {
  const holder = await readLock(lockPath);
  if (holder?.token === token) await unlink(lockPath).catch(() => undefined);
}
