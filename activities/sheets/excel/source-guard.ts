/**
 * Optimistic concurrency for workbooks on a shared folder: a fingerprint (size, mtime, SHA-256) taken when a file
 * is read, and detection of the lock files Excel (`~$name`) and LibreOffice (`.~lock.name#`) keep while a person
 * has the file open. A write is refused with ConcurrentEditError (retryable) rather than clobbering an edit.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ConcurrentEditError } from '../../../domain/errors';

/** `${size}-${mtimeMs}-${sha256}`, or "absent" for a file that does not exist (yet). */
export async function fileFingerprint(path: string): Promise<string> {
  let info;
  try {
    info = await stat(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 'absent';
    throw e;
  }
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return `${info.size}-${Math.trunc(info.mtimeMs)}-${hash.digest('hex')}`;
}

export interface LockInfo {
  lockFile: string;
  /** Who holds it, when the lock file says (LibreOffice always does; Excel's owner file mostly does). */
  owner?: string;
}

function excelOwner(buf: Buffer): string | undefined {
  // Excel owner file: 1 length byte + the user name in the ANSI code page, then (offset 54) the same name in UTF-16LE.
  const len = buf[0] ?? 0;
  if (len > 0 && buf.length >= 56 + len * 2) {
    const wide = buf.toString('utf16le', 56, 56 + len * 2).replace(/\0+$/, '');
    if (wide.trim()) return wide.trim();
  }
  const ansi = buf.toString('latin1', 1, 1 + len).trim();
  return /^[\x20-\x7e]+$/.test(ansi) ? ansi : undefined;
}

/** The lock file held for `path` by Excel or LibreOffice, or null when nobody has it open. */
export async function findLock(path: string): Promise<LockInfo | null> {
  const dir = dirname(path);
  const name = basename(path);
  for (const candidate of [`~$${name}`, `.~lock.${name}#`]) {
    const lockFile = join(dir, candidate);
    let buf: Buffer;
    try {
      buf = await readFile(lockFile);
    } catch {
      continue;
    }
    const owner = candidate.startsWith('~$')
      ? excelOwner(buf)
      : buf.toString('utf8').split(',')[1]?.trim() || undefined;
    return { lockFile, ...(owner ? { owner } : {}) };
  }
  return null;
}

/** Throws ConcurrentEditError when the file is open in Excel/LibreOffice. */
export async function assertNotLocked(path: string): Promise<void> {
  const lock = await findLock(path);
  if (lock) {
    throw new ConcurrentEditError(
      `${basename(path)} is open in Excel${lock.owner ? ` by ${lock.owner}` : ''} (lock file ${basename(lock.lockFile)}); not writing until it is closed`,
      { path, ...lock },
    );
  }
}

/** Throws ConcurrentEditError when the file no longer has the fingerprint it had when it was read. */
export async function assertUnchanged(path: string, expected: string, current?: string): Promise<string> {
  const actual = current ?? (await fileFingerprint(path));
  if (actual !== expected) {
    throw new ConcurrentEditError(`${basename(path)} was changed by someone else since it was read; not overwriting`, {
      path,
      expected,
      actual,
    });
  }
  return actual;
}
