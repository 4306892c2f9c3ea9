import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cleanLeftovers } from '../../../activities/archive/clean-leftovers';

async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => child.on('exit', r));
  return child.pid!;
}

function put(file: string, body: string, ageMs = 0): string {
  writeFileSync(file, body);
  const t = new Date(Date.now() - ageMs);
  utimesSync(file, t, t);
  return file;
}

describe('clean-up of what a killed process left in the store', () => {
  it('removes locks and temp files of dead processes, keeps live ones, records and sending markers', async () => {
    const root = mkdtempSync(join(tmpdir(), 'leftovers-'));
    const docs = join(root, 'archive', 'docs');
    const sent = join(root, 'mail-sent', 'ab');
    mkdirSync(docs, { recursive: true });
    mkdirSync(sent, { recursive: true });
    const dead = await deadPid();
    const me = process.pid;
    const gone = [
      put(join(docs, `.tmp-doc-${dead}-0123456789ab`), 'partial pdf', 10_000),
      put(join(sent, `.abcd.json.${dead}.0123456789ab.tmp`), '{', 10_000),
      put(join(root, 'archive', 'index.jsonl.lock'), JSON.stringify({ pid: dead, host: hostname(), token: 't' })),
      put(join(sent, 'abcd.lock'), JSON.stringify({ pid: dead, host: hostname(), at: Date.now(), leaseMs: 600_000 })),
      put(join(docs, `.tmp-doc-${me}-0123456789ac`), 'a write abandoned two hours ago', 2 * 3600_000),
    ];
    const kept = [
      put(join(docs, `.tmp-doc-${me}-0123456789ad`), 'a live write'),
      put(join(docs, `.tmp-doc-${dead}-0123456789ae`), 'just renamed by a new process with a reused pid?'),
      put(join(sent, 'other.lock'), JSON.stringify({ pid: me, host: hostname(), at: Date.now(), leaseMs: 600_000 })),
      put(join(sent, 'far.lock'), JSON.stringify({ pid: dead, host: 'another-host', at: 0, leaseMs: 1 })),
      put(join(sent, 'abcd.sending'), JSON.stringify({ marker: { pid: dead } }), 10_000),
      put(join(sent, 'abcd.json'), '{}', 10_000),
      put(join(docs, 'doc_0123'), 'a document', 10_000),
    ];
    const removed = await cleanLeftovers(root);
    expect(removed.sort()).toEqual([...gone].sort());
    for (const f of gone) expect(existsSync(f), f).toBe(false);
    for (const f of kept) expect(existsSync(f), f).toBe(true);
    expect(await cleanLeftovers(join(root, 'missing'))).toEqual([]);
  });
});
