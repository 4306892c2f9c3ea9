import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type SentKey,
  type SentLog,
  type SentRecord,
  createFileSentLog,
  sentKeyHash,
} from '../../../activities/mail/sent-log';
import { artifactDir, sleep } from './mail-test-kit';

const key: SentKey = { workflowId: 'dunning-2026-11-D0042', step: 'level-2', recipient: 'Finance@Dealer42.example' };
const rec = (n: number): SentRecord => ({
  messageId: `<m${n}@example.com>`,
  sentAt: new Date(Date.UTC(2026, 10, 30, 8, 0, n)).toISOString(),
  subject: `催款通知 ${n}`,
  accepted: ['finance@dealer42.example'],
  rejected: [],
  response: '250 OK',
});

function allFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => join(d.parentPath, d.name));
}

/** As sendMail does it: claim the key (which indexes it for its workflow), record, release. */
async function claimAndRecord(log: SentLog, k: SentKey, r: SentRecord): Promise<void> {
  const claim = await log.claim(k, 60_000);
  await log.record(k, r);
  await claim!.release();
}

/** The workflow's index (`.keys`) and old copies folder share this path. */
const workflowBase = (dir: string, k: SentKey): string => {
  const wf = createHash('sha256').update(k.workflowId).digest('hex');
  return join(dir, 'by-workflow', wf.slice(0, 2), wf);
};

/** Pid of a process that has exited (so no live process owns it right now). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((r) => child.on('exit', r));
  return child.pid!;
}

describe('file sent-log', () => {
  it('persists records across instances, keyed case-insensitively by recipient, in hash-named files', async () => {
    const dir = artifactDir('sentlog');
    await claimAndRecord(createFileSentLog(dir), key, rec(1));
    const reopened = createFileSentLog(dir);
    expect(await reopened.get({ ...key, recipient: 'finance@dealer42.example' })).toEqual(rec(1));
    expect(await reopened.get({ ...key, step: 'level-3' })).toBeNull();
    const hash = sentKeyHash(key);
    const files = allFiles(dir);
    // The record, and the workflow's index of claimed keys (what `list` reads): one line, no copy of the record.
    expect(files.sort()).toEqual([join(dir, hash.slice(0, 2), `${hash}.json`), `${workflowBase(dir, key)}.keys`]);
    // The file names the key in clear text for whoever audits the log.
    expect(JSON.parse(readFileSync(files[0]!, 'utf8')).key).toEqual(key);
    expect(readFileSync(files[1]!, 'utf8')).toBe(`${hash}\n`);
    expect(await reopened.list(key.workflowId)).toEqual([{ key, record: rec(1) }]);
    expect(await reopened.list('dunning-2026-11-D0043')).toEqual([]);
  });

  it("lists a workflow's mails once each: claimed again, claimed but never recorded, copied the old way", async () => {
    const dir = artifactDir('sentlog');
    const log = createFileSentLog(dir);
    const again = { ...key, step: 'level-3' };
    await claimAndRecord(log, key, rec(2));
    // A retry (or a taken-over claim) indexes the key again; the list still holds it once.
    await claimAndRecord(log, again, rec(3));
    await claimAndRecord(log, again, rec(4));
    // Claimed, then refused by SMTP or its sender died before the accept: nothing recorded, nothing listed.
    await (await log.claim({ ...key, step: 'level-4' }, 60_000))!.release();
    // A power cut tore an append: the fragment is skipped and the hash appended after it still counts.
    const torn = { ...key, step: 'level-5' };
    appendFileSync(`${workflowBase(dir, key)}.keys`, sentKeyHash(torn).slice(0, 20));
    await claimAndRecord(log, torn, rec(5));
    // Recorded by the sent-log before the index: a copy of the record in the workflow's folder.
    const old = { ...key, step: 'level-1' };
    await log.record(old, rec(1));
    const copy = join(workflowBase(dir, key), `${sentKeyHash(old)}.json`);
    mkdirSync(workflowBase(dir, key), { recursive: true });
    writeFileSync(copy, readFileSync(join(dir, sentKeyHash(old).slice(0, 2), `${sentKeyHash(old)}.json`)));
    // …also for a key the index names (claimed by the old code, recorded by the new): listed once.
    writeFileSync(
      join(workflowBase(dir, key), `${sentKeyHash(key)}.json`),
      readFileSync(join(dir, sentKeyHash(key).slice(0, 2), `${sentKeyHash(key)}.json`)),
    );

    expect(await createFileSentLog(dir).list(key.workflowId)).toEqual([
      { key: old, record: rec(1) },
      { key, record: rec(2) },
      { key: again, record: rec(3) },
      { key: torn, record: rec(5) },
    ]);
  });

  it('lets exactly one of many concurrent writers win, and never overwrites a record', async () => {
    const dir = artifactDir('sentlog');
    const logs = [createFileSentLog(dir), createFileSentLog(dir), createFileSentLog(dir)];
    await (await logs[0]!.claim(key, 60_000))!.release();
    await Promise.all(Array.from({ length: 24 }, (_, i) => logs[i % 3]!.record(key, rec(i))));
    const winner = await logs[0]!.get(key);
    expect(winner).not.toBeNull();
    await logs[1]!.record(key, rec(99));
    expect(await logs[2]!.get(key)).toEqual(winner);
    // No temporary files are left behind, only the one record and the workflow's index.
    expect(allFiles(dir)).toHaveLength(2);
    expect(await logs[0]!.list(key.workflowId)).toEqual([{ key, record: winner }]);
  });

  it('grants a claim to one of many concurrent claimants until it is released', async () => {
    const dir = artifactDir('sentlog');
    const logs = [createFileSentLog(dir), createFileSentLog(dir)];
    const claims = await Promise.all(Array.from({ length: 10 }, (_, i) => logs[i % 2]!.claim(key, 60_000)));
    const held = claims.filter((c) => c !== null);
    expect(held).toHaveLength(1);
    expect(await logs[0]!.claim(key, 60_000)).toBeNull();
    await held[0]!.release();
    const next = await logs[1]!.claim(key, 60_000);
    expect(next).not.toBeNull();
    // Claims are per key.
    expect(await logs[0]!.claim({ ...key, step: 'level-3' }, 60_000)).not.toBeNull();
  });

  it('takes over a claim whose lease ran out; the old owner releasing later does not free the new claim', async () => {
    const dir = artifactDir('sentlog');
    const log = createFileSentLog(dir);
    // A lease long enough that a loaded machine cannot outlive it between two calls (100 ms did under CI load).
    const old = await log.claim(key, 1_500);
    expect(old).not.toBeNull();
    expect(await log.claim(key, 60_000)).toBeNull();
    await sleep(1_600);
    const fresh = await log.claim(key, 60_000);
    expect(fresh).not.toBeNull();
    await old!.release();
    expect(await log.claim(key, 60_000)).toBeNull();
  });

  it('takes over at once a claim left by a process on this host that has died', async () => {
    const dir = artifactDir('sentlog');
    const hash = sentKeyHash(key);
    mkdirSync(join(dir, hash.slice(0, 2)), { recursive: true });
    const lockFile = join(dir, hash.slice(0, 2), `${hash}.lock`);
    const lock = (pid: number) =>
      JSON.stringify({ owner: `${hostname()}:${pid}:x`, host: hostname(), pid, at: Date.now(), leaseMs: 600_000 });

    // A live owner (our parent process) keeps its claim.
    writeFileSync(lockFile, lock(process.ppid));
    expect(await createFileSentLog(dir).claim(key, 60_000)).toBeNull();

    writeFileSync(lockFile, lock(await deadPid()));
    expect(await createFileSentLog(dir).claim(key, 60_000)).not.toBeNull();
  });
});
