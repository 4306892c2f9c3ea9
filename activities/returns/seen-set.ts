/**
 * The watcher's memory of return numbers it has started, one small JSON file per register. Only an
 * optimisation and a guard beyond Temporal's retention: the real "exactly one" is the workflow id
 * `return-<no>` started with REJECT_DUPLICATE, so a lost or stale file starts nothing twice.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../archive/atomic-write';
import type { TableRef } from '../sheets/types';

export interface SeenSet {
  has(returnNo: string): boolean;
  add(returnNo: string, at: string): void;
  size(): number;
  save(): Promise<void>;
}

export function seenSetPath(stateDir: string, register: TableRef): string {
  const id = createHash('sha256').update(JSON.stringify(register)).digest('hex').slice(0, 16);
  return join(stateDir, `returns-seen-${id}.json`);
}

export async function loadSeenSet(stateDir: string, register: TableRef): Promise<SeenSet> {
  const path = seenSetPath(stateDir, register);
  let entries: Record<string, string> = {};
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as { register?: unknown; seen?: Record<string, string> };
    entries = parsed.seen ?? {};
  } catch (e) {
    // Missing is normal on the first run; a damaged file is rebuilt (Temporal still refuses duplicates).
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT' && !(e instanceof SyntaxError)) throw e;
  }
  let dirty = false;
  return {
    has: (no) => Object.prototype.hasOwnProperty.call(entries, no),
    add(no, at) {
      if (Object.prototype.hasOwnProperty.call(entries, no)) return;
      entries[no] = at;
      dirty = true;
    },
    size: () => Object.keys(entries).length,
    async save() {
      if (!dirty) return;
      await mkdir(stateDir, { recursive: true });
      await writeFileAtomic(path, Buffer.from(JSON.stringify({ register, seen: entries }, null, 1), 'utf8'));
      dirty = false;
    },
  };
}
