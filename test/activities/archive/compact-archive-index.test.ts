import { appendFile, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deriveDocId, type ArchiveRecord } from '../../../activities/archive/archive-entry';
import { ArchiveStore } from '../../../activities/archive/archive-store';
import { sha256Hex } from '../../../activities/archive/canonical-json';
import { type Chained, sealEntry } from '../../../activities/archive/hash-chain';
import { HashChainedLog, type LineSpan } from '../../../activities/archive/hash-chained-log';
import { meta, pdfBytes, tempRoot } from './fixtures/archive-test-helpers';

const indexFile = (root: string) => join(root, 'archive', 'index.jsonl');

/** The archive keeps a compact index in memory and reads entries from the index file by their line. */
describe('compact archive index', () => {
  it('finds every entry by its line (multi-byte text before it) and follows what another process appends', async () => {
    const root = await tempRoot();
    const store = new ArchiveStore({ root });
    const refs = [];
    for (let i = 0; i < 30; i++) {
      const m = meta({
        kind: 'statement',
        dealerId: `D${i}`,
        fileName: `对账单-D${i}.pdf`,
        title: `对账单 经销商${i}`,
      });
      refs.push(await store.putDocument(pdfBytes(`st ${i}`), m));
    }
    const listed = await store.list();
    expect(listed.map((e) => e.seq)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    for (const [i, ref] of refs.entries()) expect(await store.getEntry(ref.docId)).toEqual(listed[i]);

    // Another process (another instance) appends; this one finds the new entries and their versions.
    const other = new ArchiveStore({ root });
    const again = await other.putDocument(
      pdfBytes('st 7'),
      meta({ kind: 'statement', dealerId: 'D7', fileName: '对账单-D7.pdf', title: '对账单 经销商7' }),
    );
    expect(again.docId).toBe(refs[7]?.docId);
    const v2 = await other.putDocument(
      pdfBytes('st 7 corrected'),
      meta({ kind: 'statement', fileName: '对账单-D7.pdf' }),
    );
    expect(await store.getEntry(v2.docId)).toMatchObject({ seq: 31, version: 2, fileName: '对账单-D7.pdf' });
    expect((await store.findBySha256(v2.sha256)).map((e) => e.docId)).toEqual([v2.docId]);
    // The same corrected bytes again, now through the first instance: no third version.
    expect(
      await store.putDocument(pdfBytes('st 7 corrected'), meta({ kind: 'statement', fileName: '对账单-D7.pdf' })),
    ).toEqual(v2);
    expect(await store.verifyChain()).toMatchObject({ ok: true, entries: 31, filesChecked: 31, orphanFiles: [] });
  });

  it('rebuilds itself when the index file is replaced under it, and never returns another line as the entry', async () => {
    const rootA = await tempRoot();
    const rootB = await tempRoot();
    const a = new ArchiveStore({ root: rootA });
    const b = new ArchiveStore({ root: rootB });
    const fromA = await a.putDocument(pdfBytes('a1'), meta({ fileName: 'a1.pdf' }));
    await a.putDocument(pdfBytes('a2'), meta({ fileName: 'a2.pdf' }));
    const fromB = await b.putDocument(pdfBytes('b1 with a longer body'), meta({ fileName: 'b1.pdf', title: '另一份' }));
    expect(await a.getEntry(fromA.docId)).toMatchObject({ fileName: 'a1.pdf' });

    // A restore from a backup, say: the whole index is another one now.
    await writeFile(indexFile(rootA), await readFile(indexFile(rootB)));
    expect(await a.getEntry(fromA.docId)).toBeNull();
    expect(await a.getEntry(fromB.docId)).toMatchObject({ fileName: 'b1.pdf', title: '另一份' });
    expect((await a.list()).map((e) => e.docId)).toEqual([fromB.docId]);
  });

  it('counts an entry whose id was not derived from its key as a version of that key', async () => {
    const root = await tempRoot();
    const store = new ArchiveStore({ root });
    await store.putDocument(pdfBytes('first'), meta({ fileName: 'first.pdf' }));
    // An entry another tool wrote, chained correctly, under an id of its own.
    const [line] = (await readFile(indexFile(root), 'utf8')).trimEnd().split('\n').slice(-1);
    const prev = JSON.parse(line as string) as Chained<ArchiveRecord>;
    const bytes = pdfBytes('foreign');
    const foreign = sealEntry(prev.entryHash, 2, {
      docId: `doc_${'a'.repeat(32)}`,
      version: 1,
      sha256: sha256Hex(bytes),
      size: bytes.length,
      createdAt: '2026-11-30T00:00:00.000Z',
      ...meta({ fileName: 'foreign.pdf' }),
    });
    await appendFile(indexFile(root), `${JSON.stringify(foreign)}\n`);

    expect((await store.putDocument(bytes, meta({ fileName: 'foreign.pdf' }))).docId).toBe(foreign.docId);
    const next = await store.putDocument(pdfBytes('foreign, corrected'), meta({ fileName: 'foreign.pdf' }));
    expect(next.docId).toBe(deriveDocId(meta({ fileName: 'foreign.pdf' }), 2));
    expect(await store.getEntry(next.docId)).toMatchObject({ version: 2, seq: 3 });
  });
});

describe('HashChainedLog with an index', () => {
  it('hands the index each entry with its byte span, also for lines longer than a read chunk', async () => {
    const file = join(await tempRoot('log-'), 'log.jsonl');
    const writer = new HashChainedLog<{ text: string }>(file);
    const texts = ['短', 'x'.repeat(3 << 20), '中文 after the long line', 'last'];
    await writer.transact((_e, append) => texts.slice(0, 2).forEach((text) => append({ text })));
    await writer.transact((_e, append) => texts.slice(2).forEach((text) => append({ text })));

    const spans: LineSpan[] = [];
    let resets = 0;
    const reader = new HashChainedLog<{ text: string }>(file, {
      index: { add: (_entry, at) => spans.push(at), reset: () => resets++ },
    });
    await reader.sync();
    expect(spans).toHaveLength(4);
    for (const [i, at] of spans.entries()) expect((await reader.readAt(at))?.text).toBe(texts[i]);
    expect((await reader.entries()).map((e) => e.text)).toEqual(texts);
    // Appends go on from the last line (seq and chain), and the index is extended, not rebuilt.
    await reader.transact((entries, append) => {
      expect(entries).toEqual([]); // with an index the log holds none
      append({ text: 'appended' });
    });
    await reader.sync();
    expect(spans).toHaveLength(5);
    expect(await reader.readAt(spans[4] as LineSpan)).toMatchObject({ seq: 5, text: 'appended' });
    expect(await reader.verify()).toMatchObject({ ok: true, entries: 5 });
    expect(resets).toBe(0); // extended as the file grew, never rebuilt
  });
});
