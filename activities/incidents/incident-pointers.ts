/**
 * One open incident per key: a small JSON file per key under `<store>/incidents/open/`, naming the incident
 * workflow and the baseline frozen when it opened. The router writes it before it starts the incident and the
 * incident removes it when it closes; a pointer to a workflow that is no longer running is stale and replaced.
 * Writes are atomic (temp + rename) and a lock per key serialises two detector runs routing the same key.
 * Like the mail sent-log, this folder belongs to the host that owns the archive (docs/ARCHITECTURE.md).
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../domain/errors';
import { writeFileAtomic } from '../archive/atomic-write';
import { withFileLock } from '../archive/file-lock';
import type { IncidentPointer } from './types';

export interface IncidentPointers {
  get(key: string): Promise<IncidentPointer | null>;
  list(): Promise<IncidentPointer[]>;
  put(p: IncidentPointer): Promise<void>;
  /** Removes the key's pointer if it still names `workflowId` (a newer incident's pointer is left alone). */
  release(key: string, workflowId: string): Promise<boolean>;
  /** Runs `fn` holding the key's lock. */
  withKey<R>(key: string, fn: () => Promise<R>): Promise<R>;
}

const fileOf = (key: string): string => `${createHash('sha256').update(key).digest('hex').slice(0, 32)}.json`;

function parse(text: string, file: string): IncidentPointer {
  const p = JSON.parse(text) as IncidentPointer;
  if (typeof p?.key !== 'string' || typeof p.workflowId !== 'string' || typeof p.baseline?.rate !== 'number') {
    throw new AppError('IncidentPointerInvalid', `incident pointer ${file} is not valid`, { file });
  }
  return p;
}

export function createIncidentPointers(root: string): IncidentPointers {
  const dir = join(root, 'incidents', 'open');
  const locks = join(root, 'incidents', 'locks');
  const read = async (file: string): Promise<IncidentPointer | null> => {
    try {
      return parse(await readFile(join(dir, file), 'utf8'), file);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  };
  return {
    get: (key) => read(fileOf(key)),
    async list() {
      const files = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return [] as string[];
        throw err;
      });
      const out: IncidentPointer[] = [];
      for (const f of files.filter((n) => n.endsWith('.json')).sort()) {
        const p = await read(f);
        if (p) out.push(p);
      }
      return out.sort((a, b) => (a.key < b.key ? -1 : 1));
    },
    async put(p) {
      await mkdir(dir, { recursive: true });
      await writeFileAtomic(join(dir, fileOf(p.key)), `${JSON.stringify(p, null, 2)}\n`);
    },
    async release(key, workflowId) {
      const current = await read(fileOf(key));
      if (!current || current.workflowId !== workflowId) return false;
      await unlink(join(dir, fileOf(key))).catch((err: NodeJS.ErrnoException) => {
        if (err.code !== 'ENOENT') throw err;
      });
      return true;
    },
    async withKey(key, fn) {
      await mkdir(locks, { recursive: true });
      return withFileLock(join(locks, fileOf(key).replace('.json', '.lock')), fn);
    },
  };
}
