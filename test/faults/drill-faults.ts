/**
 * The faults of the month-end drill, each a real one: SMTP down (the catcher closed), the store's file system full
 * (a small tmpfs filled to the last byte), the Temporal dev server SIGKILLed and restarted on its SQLite file, an
 * Excel `~$` owner file on the ledger the stocktake posts to. `status` is captured (the real CLI, in process) while
 * each lasts.
 */
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, openSync, rmSync, writeSync, closeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DrillStack } from './drill-stack';

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Deterministic random numbers in [0, 1) from a seed (mulberry32), so a failing drill can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `npm run cli -- status --period P` as an operator runs it (its own process): its output, or its error. */
export function statusText(d: DrillStack, period: string): Promise<string> {
  return new Promise((resolve) => {
    const env = { ...process.env };
    delete env.TEMPORAL_ADDRESS;
    const child = spawn(
      process.execPath,
      [join(__dirname, '..', '..', 'cli', 'bin.js'), 'status', '--period', period, '--config', d.cfgPath],
      { env, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stderr.on('data', (c: Buffer) => (out += c.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.on('close', () => {
      clearTimeout(timer);
      resolve(out);
    });
  });
}

/** A small tmpfs for the store (archive, audit log, work store, sent-log), or null when this machine cannot mount. */
export function mountSmallDisk(dir: string, sizeMb = 64): string | null {
  mkdirSync(dir, { recursive: true });
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${sizeMb}m`, 'tmpfs', dir], { stdio: 'ignore' });
    return dir;
  } catch {
    return null;
  }
}

export function unmount(dir: string): void {
  try {
    execFileSync('umount', ['-l', dir], { stdio: 'ignore' });
  } catch {
    // not mounted
  }
}

/** Fills the file system of `dir` to the last byte (ENOSPC for everyone writing there) until the returned undo. */
export function fillDisk(dir: string): () => void {
  const filler = join(dir, 'filler.bin');
  const fd = openSync(filler, 'w');
  const chunk = Buffer.alloc(1 << 20);
  try {
    for (;;) writeSync(fd, chunk);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
  }
  for (let size = 1 << 19; size >= 1; size >>= 1) {
    try {
      for (;;) writeSync(fd, chunk.subarray(0, size));
    } catch {
      // next smaller piece
    }
  }
  closeSync(fd);
  return () => rmSync(filler, { force: true });
}

/** Excel's owner file `~$<name>` for a workbook someone has open: UTF-16 user name at offset 56, as Excel writes it. */
export function excelOwnerFile(workbook: string, user: string): string {
  const buf = Buffer.alloc(165, 0x20);
  buf[0] = user.length;
  buf.write('?'.repeat(user.length), 1, 'latin1');
  buf[54] = user.length;
  buf[55] = 0;
  buf.write(user, 56, 'utf16le');
  const lock = join(workbook, '..', `~$${workbook.split('/').pop()!}`);
  writeFileSync(lock, buf);
  return lock;
}
