import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Writes `data` to a temp file beside `target`, fsyncs it (unless told not to) and renames it into place, so readers see either
 * the old file or the complete new one, never a torn write. The temp name starts with '.tmp-' so
 * directory scans can skip leftovers of a crash.
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array, opts = { sync: true }): Promise<void> {
  const tmp = await writeTempFile(dirname(target), data, basename(target), opts.sync);
  try {
    await rename(tmp, target);
  } catch (err) {
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
}

/** Writes and fsyncs a uniquely named temp file in `dir`; the caller renames or removes it. */
export async function writeTempFile(
  dir: string,
  data: string | Uint8Array,
  hint = 'file',
  sync = true,
): Promise<string> {
  // The pid in the name lets start-up clean-up (clean-leftovers.ts) tell a dead writer's leftover from a live write.
  const safeHint = hint.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 40);
  const tmp = join(dir, `.tmp-${safeHint}-${process.pid}-${randomBytes(6).toString('hex')}`);
  const fh = await open(tmp, 'wx');
  try {
    await fh.writeFile(data);
    if (sync) await fh.sync();
  } catch (err) {
    await fh.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw err;
  }
  await fh.close();
  return tmp;
}

export const isTempFileName = (name: string): boolean => name.startsWith('.tmp-');
