/**
 * Remembers the fingerprints of our own rewrites of a workbook (before → after), so a caller holding the
 * fingerprint from its read can still write a second tab after our first write changed the file, while any edit
 * by a person still breaks the chain and is refused.
 */
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { assertUnchanged, fileFingerprint } from './source-guard';

interface Link {
  before: string;
  after: string;
  at: string;
}

function lineagePath(path: string): string {
  return join(dirname(path), '.bak', `${basename(path)}.lineage.json`);
}

async function load(path: string): Promise<Link[]> {
  try {
    return JSON.parse(await readFile(lineagePath(path), 'utf8')) as Link[];
  } catch {
    return [];
  }
}

export async function recordOwnWrite(path: string, before: string, after: string, now: Date): Promise<void> {
  const file = lineagePath(path);
  await mkdir(dirname(file), { recursive: true });
  const links = [...(await load(path)), { before, after, at: now.toISOString() }].slice(-100);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(links, null, 1));
  await rename(tmp, file);
}

/**
 * Passes when the file still has `expected`, or only our own recorded rewrites happened since; otherwise throws
 * ConcurrentEditError. Returns the current fingerprint.
 */
export async function assertOnlyOwnWritesSince(path: string, expected: string): Promise<string> {
  const current = await fileFingerprint(path);
  if (current === expected) return current;
  const links = await load(path);
  let cursor = expected;
  for (let hops = 0; hops < links.length; hops++) {
    const next = links.find((l) => l.before === cursor);
    if (!next) break;
    cursor = next.after;
    if (cursor === current) return current;
  }
  return assertUnchanged(path, expected, current);
}
