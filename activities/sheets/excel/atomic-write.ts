/**
 * Atomic file replacement on a shared folder: the new content is written to a temp file in the same directory,
 * flushed, checked once more by the caller (lock file, fingerprint), the current file is copied to
 * `.bak/<stem>.<timestamp><ext>`, and the temp file is renamed over the target. A reader never sees half a file,
 * and the previous version is always kept.
 */
import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { copyFile, mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { processAlive } from '../../archive/process-alive';

export interface AtomicWriteOptions {
  /** Writes the complete new file at the given temp path. */
  write: (tmpPath: string) => Promise<void>;
  /** Last check before the swap (e.g. lock file, fingerprint); throwing aborts and removes the temp file. */
  beforeCommit?: (tmpPath: string) => Promise<void>;
  now?: () => Date;
  /** Backups kept per file (oldest removed first); default 20. */
  keepBackups?: number;
}

export interface AtomicWriteResult {
  /** Path of the copy of the previous version, when there was one. */
  backupPath: string | null;
}

function stamp(d: Date): string {
  return d.toISOString().replace(/[-:]/g, '').replace('.', '');
}

async function fsyncPath(path: string, flags = 'r'): Promise<void> {
  const fh = await open(path, flags);
  try {
    await fh.sync();
  } catch {
    // Some network file systems reject fsync on directories; the rename is still atomic.
  } finally {
    await fh.close();
  }
}

async function pruneBackups(dir: string, stem: string, ext: string, keep: number): Promise<void> {
  const esc = (t: string): string => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^${esc(stem)}\\.\\d{8}T\\d{9}Z(-[0-9a-f]+)?${esc(ext)}$`);
  const mine = (await readdir(dir)).filter((n) => pattern.test(n)).sort();
  for (const old of mine.slice(0, Math.max(0, mine.length - keep))) await rm(join(dir, old), { force: true });
}

/** A temp file of a writer on this host that is gone and untouched for this long is removed by the next write. */
const DEAD_WRITER_AGE_MS = 5_000;

/**
 * Removes temp files a killed writer left beside this target (`.~tmp.<stem>.<pid>.<hex><ext>`, owner pid gone):
 * the retry of that write cleans up after it, so staff never find a half-written copy in their folder.
 */
async function removeDeadWritersTemps(dir: string, stem: string, ext: string): Promise<void> {
  const esc = (t: string): string => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const pattern = new RegExp(`^\\.~tmp\\.${esc(stem)}\\.(\\d+)\\.[0-9a-f]{8}${esc(ext)}$`);
  for (const n of await readdir(dir).catch(() => [] as string[])) {
    const pid = Number(pattern.exec(n)?.[1] ?? NaN);
    if (!Number.isInteger(pid) || pid === process.pid || processAlive(pid)) continue;
    const age = await stat(join(dir, n)).then(
      (st) => Date.now() - st.mtimeMs,
      () => 0,
    );
    if (age > DEAD_WRITER_AGE_MS) await rm(join(dir, n), { force: true });
  }
}

export async function writeFileAtomically(target: string, opts: AtomicWriteOptions): Promise<AtomicWriteResult> {
  const dir = dirname(target);
  const name = basename(target);
  const ext = extname(name);
  const stem = name.slice(0, name.length - ext.length);
  const tmp = join(dir, `.~tmp.${stem}.${process.pid}.${randomBytes(4).toString('hex')}${ext}`);
  let backupPath: string | null = null;
  await removeDeadWritersTemps(dir, stem, ext);
  try {
    await opts.write(tmp);
    await fsyncPath(tmp, 'r+');
    await opts.beforeCommit?.(tmp);
    const exists = await stat(target).then(
      () => true,
      () => false,
    );
    if (exists) {
      const bakDir = join(dir, '.bak');
      await mkdir(bakDir, { recursive: true });
      const base = join(bakDir, `${stem}.${stamp((opts.now ?? (() => new Date()))())}`);
      backupPath = `${base}${ext}`;
      try {
        await copyFile(target, backupPath, constants.COPYFILE_EXCL);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        backupPath = `${base}-${randomBytes(3).toString('hex')}${ext}`;
        await copyFile(target, backupPath, constants.COPYFILE_EXCL);
      }
      await pruneBackups(bakDir, stem, ext, opts.keepBackups ?? 20);
    }
    await rename(tmp, target);
    await fsyncPath(dir);
    return { backupPath };
  } catch (e) {
    await rm(tmp, { force: true });
    throw e;
  }
}
