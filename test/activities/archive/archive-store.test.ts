import { execFile } from 'node:child_process';
import { appendFile, readFile, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ArchiveStore, isDocId } from '../../../activities/archive/archive-store';
import { sha256Hex } from '../../../activities/archive/canonical-json';
import { AppError } from '../../../domain/errors';
import { meta, pdfBytes, tempRoot } from './fixtures/archive-test-helpers';

const indexFile = (root: string) => join(root, 'archive', 'index.jsonl');
const readLines = async (root: string) => (await readFile(indexFile(root), 'utf8')).trimEnd().split('\n');
const writeLines = (root: string, lines: string[]) => writeFile(indexFile(root), `${lines.join('\n')}\n`);

async function storeWithThree() {
  const root = await tempRoot();
  const store = new ArchiveStore({ root });
  const refs = [];
  for (const d of ['D001', 'D002', 'D003']) {
    refs.push(
      await store.putDocument(
        pdfBytes(`statement ${d}`),
        meta({ kind: 'statement', dealerId: d, fileName: `对账单-${d}.pdf` }),
      ),
    );
  }
  return { root, store, refs };
}

describe('ArchiveStore', () => {
  it('stores, gets and lists documents by id with their metadata', async () => {
    const root = await tempRoot();
    const store = new ArchiveStore({ root, now: () => new Date('2026-12-01T02:00:00Z') });
    const bytes = pdfBytes('盘点报告');
    const ref = await store.putDocument(bytes, meta());
    expect(isDocId(ref.docId)).toBe(true);
    expect(ref).toMatchObject({
      sha256: sha256Hex(bytes),
      size: bytes.length,
      fileName: '盘点报告-新件库-2026-11.pdf',
    });
    await store.putDocument(
      pdfBytes('D9'),
      meta({ kind: 'statement', dealerId: 'D9', period: '2026-10', fileName: 'st.pdf', title: '对账单' }),
    );

    const got = await store.getDocument(ref.docId);
    expect(got?.bytes.equals(bytes)).toBe(true);
    expect(got?.entry).toMatchObject({ seq: 1, version: 1, createdAt: '2026-12-01T02:00:00.000Z', period: '2026-11' });
    // Stored under its id, never under the caller's file name.
    expect(await readdir(join(root, 'archive', 'docs'))).toContain(ref.docId);

    expect((await store.list({ period: '2026-11' })).map((e) => e.docId)).toEqual([ref.docId]);
    expect((await store.list({ kind: 'statement', dealerId: 'D9' })).map((e) => e.fileName)).toEqual(['st.pdf']);
    expect(await store.list({ dealerId: 'nobody' })).toEqual([]);
    expect((await store.list({ text: '新件库' })).length).toBe(1);
    expect((await store.list({ text: ref.sha256.slice(0, 10) })).map((e) => e.docId)).toEqual([ref.docId]);
    expect((await store.findBySha256(ref.sha256.toUpperCase())).map((e) => e.docId)).toEqual([ref.docId]);
    expect(await store.getDocument('doc_' + '0'.repeat(32))).toBeNull();
    expect(await store.getDocument('../index.jsonl')).toBeNull();

    // A second instance (e.g. the portal process) sees what the first wrote, and vice versa.
    const other = new ArchiveStore({ root });
    expect((await other.list()).length).toBe(2);
    await other.putDocument(pdfBytes('third'), meta({ fileName: 'third.pdf' }));
    expect((await store.list()).length).toBe(3);
    expect(await store.verifyChain()).toMatchObject({ ok: true, entries: 3, filesChecked: 3, orphanFiles: [] });
  });

  it('is idempotent for the same bytes and appends a new version for different bytes', async () => {
    const root = await tempRoot();
    const store = new ArchiveStore({ root });
    const v1 = await store.putDocument(pdfBytes('v1'), meta());
    expect(await store.putDocument(pdfBytes('v1'), meta({ runId: 'run-2' }))).toEqual(v1);
    expect(await readLines(root)).toHaveLength(1);

    const v2 = await store.putDocument(pdfBytes('v2 corrected'), meta());
    expect(v2.docId).not.toBe(v1.docId);
    const entries = await store.list();
    expect(entries.map((e) => [e.version, e.docId])).toEqual([
      [1, v1.docId],
      [2, v2.docId],
    ]);
    // Replaying the old put (e.g. a workflow replay) returns the old version, not a third entry.
    expect(await store.putDocument(pdfBytes('v1'), meta())).toEqual(v1);
    expect((await store.getDocument(v1.docId))?.bytes.toString()).toContain('v1');
    expect(await store.list()).toHaveLength(2);
  });

  it('refuses bad metadata and empty content with a permanent error naming the field', async () => {
    const store = new ArchiveStore({ root: await tempRoot() });
    await expect(store.putDocument(pdfBytes('x'), meta({ fileName: '../../etc/passwd' }))).rejects.toThrow(/fileName/);
    await expect(store.putDocument(pdfBytes('x'), meta({ period: '' }))).rejects.toThrow(/"period" is required/);
    await expect(store.putDocument(pdfBytes('x'), meta({ title: 'a\r\nb' }))).rejects.toThrow(/title.*control/);
    const err = await store.putDocument(new Uint8Array(0), meta()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).permanent).toBe(true);
  });

  it('detects an edited entry', async () => {
    const { root, store } = await storeWithThree();
    const lines = await readLines(root);
    lines[1] = (lines[1] as string).replace('"D002"', '"D999"');
    await writeLines(root, lines);
    expect(await store.verifyChain()).toMatchObject({ ok: false, firstBadSeq: 2, code: 'entry-hash' });
  });

  it('detects an edited entry whose own hash was recomputed, at the next entry', async () => {
    const { root, store } = await storeWithThree();
    const lines = await readLines(root);
    const e = JSON.parse(lines[0] as string) as Record<string, unknown>;
    e.recipients = ['attacker@example.test'];
    const { entryHash: _old, ...rest } = e;
    const { canonicalJson } = await import('../../../activities/archive/canonical-json');
    e.entryHash = sha256Hex((rest.prevHash as string) + canonicalJson(rest));
    lines[0] = JSON.stringify(e);
    await writeLines(root, lines);
    expect(await store.verifyChain()).toMatchObject({ ok: false, firstBadSeq: 2, code: 'prev-hash' });
  });

  it('detects a removed entry in the middle and at the end', async () => {
    const { root, store } = await storeWithThree();
    const lines = await readLines(root);
    await writeLines(root, [lines[0] as string, lines[2] as string]);
    expect(await store.verifyChain()).toMatchObject({ ok: false, firstBadSeq: 2, code: 'seq' });
    await writeLines(root, lines.slice(0, 2));
    const tail = await store.verifyChain();
    expect(tail).toMatchObject({ ok: false, firstBadSeq: 3, code: 'truncated' });
    await writeLines(root, lines);
    expect((await store.verifyChain()).ok).toBe(true);
  });

  it('detects reordered entries', async () => {
    const { root, store } = await storeWithThree();
    const [a, b, c] = (await readLines(root)) as [string, string, string];
    await writeLines(root, [a, c, b]);
    expect(await store.verifyChain()).toMatchObject({ ok: false, firstBadSeq: 2, code: 'seq' });
  });

  it('detects a document file altered or deleted on disk', async () => {
    const { root, store, refs } = await storeWithThree();
    const file = join(root, 'archive', 'docs', refs[1]!.docId);
    await writeFile(file, pdfBytes('statement D002 with a different balance'));
    const res = await store.verifyChain();
    expect(res).toMatchObject({ ok: false, firstBadSeq: 2, code: 'file' });
    expect(res.reason).toMatch(/altered/);
    const { unlink } = await import('node:fs/promises');
    await unlink(file);
    expect((await store.verifyChain()).reason).toMatch(/missing/);
  });

  it('keeps a valid chain under many concurrent puts, including concurrent duplicates', async () => {
    const root = await tempRoot();
    const store = new ArchiveStore({ root });
    const other = new ArchiveStore({ root });
    const puts = [];
    for (let i = 0; i < 60; i++) {
      const s = i % 2 ? store : other;
      puts.push(s.putDocument(pdfBytes(`dealer ${i % 40}`), meta({ kind: 'statement', fileName: `st-${i % 40}.pdf` })));
    }
    const refs = await Promise.all(puts);
    expect(new Set(refs.map((r) => r.docId)).size).toBe(40);
    const res = await store.verifyChain();
    expect(res).toMatchObject({ ok: true, entries: 40, filesChecked: 40, orphanFiles: [] });
    expect((await readdir(join(root, 'archive', 'docs'))).filter((n) => n.startsWith('.tmp-'))).toEqual([]);
  });

  it('never shows duplicate or missing entries to readers while writers append in the same process', async () => {
    const root = await tempRoot();
    const writer = new ArchiveStore({ root });
    const readerSeqs: number[][] = [];
    const work: Promise<unknown>[] = [];
    for (let i = 0; i < 40; i++) {
      work.push(writer.putDocument(pdfBytes(`r${i}`), meta({ fileName: `r${i}.pdf` })));
      work.push(writer.list().then((l) => readerSeqs.push(l.map((e) => e.seq))));
      work.push(writer.findBySha256(sha256Hex(pdfBytes(`r${i}`))));
    }
    await Promise.all(work);
    for (const seqs of readerSeqs) expect(seqs).toEqual(seqs.map((_, i) => i + 1));
    expect((await writer.list()).map((e) => e.seq)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(await writer.verifyChain()).toMatchObject({ ok: true, entries: 40 });
  });

  it('keeps a valid chain when several processes append at once', async () => {
    const root = await tempRoot();
    const tsx = join(__dirname, '..', '..', '..', 'node_modules', '.bin', 'tsx');
    const script = join(__dirname, 'fixtures', 'put-many.ts');
    await Promise.all(['a', 'b', 'c'].map((label) => promisify(execFile)(tsx, [script, root, label, '15'])));
    const store = new ArchiveStore({ root });
    expect(await store.verifyChain()).toMatchObject({ ok: true, entries: 45, filesChecked: 45 });
    expect((await store.list({ workflowId: 'wf-b' })).length).toBe(15);
  });

  it('takes over a stale lock and times out on a live one', async () => {
    const root = await tempRoot();
    const store = new ArchiveStore({ root, lock: { staleMs: 2_000, timeoutMs: 300 } });
    await store.putDocument(pdfBytes('first'), meta({ fileName: 'a.pdf' }));
    const lock = `${indexFile(root)}.lock`;
    // A lock held by a process on another host that is still refreshing it: we must wait, then give up (transient).
    await writeFile(lock, JSON.stringify({ pid: 1, host: 'other-host', token: 't1', at: new Date().toISOString() }));
    const err = await store.putDocument(pdfBytes('second'), meta({ fileName: 'b.pdf' })).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'LockTimeout', permanent: false });
    // The same lock, no longer refreshed: taken over.
    const { utimes } = await import('node:fs/promises');
    const old = new Date(Date.now() - 10_000);
    await utimes(lock, old, old);
    await store.putDocument(pdfBytes('second'), meta({ fileName: 'b.pdf' }));
    // A lock left by a dead process on this host: taken over at once.
    const dead = await promisify(execFile)(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    const { hostname } = await import('node:os');
    await writeFile(lock, JSON.stringify({ pid: Number(dead.stdout), host: hostname(), token: 't2', at: '' }));
    await store.putDocument(pdfBytes('third'), meta({ fileName: 'c.pdf' }));
    expect(await store.verifyChain()).toMatchObject({ ok: true, entries: 3 });
  });

  it('cuts off a torn last line left by a crashed writer before appending', async () => {
    const root = await tempRoot();
    const store = new ArchiveStore({ root });
    await store.putDocument(pdfBytes('one'), meta({ fileName: 'one.pdf' }));
    await appendFile(indexFile(root), '{"seq":2,"docId":"doc_');
    await new ArchiveStore({ root }).putDocument(pdfBytes('two'), meta({ fileName: 'two.pdf' }));
    expect(await store.verifyChain()).toMatchObject({ ok: true, entries: 2 });
    expect(await readFile(`${indexFile(root)}.torn`, 'utf8')).toContain('doc_');
  });
});
