import { createReadStream } from 'node:fs';
import { mkdir, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { AppError } from '../../domain/errors';
import { isTempFileName, writeTempFile } from './atomic-write';
import { isSha256Hex, sha256Hex } from './canonical-json';
import type { FileLockOptions } from './file-lock';
import { HashChainedLog } from './hash-chained-log';
import { ArchiveIndexView, type IndexedDocument } from './archive-index-view';
import { validateArchiveMeta } from './validate-archive-meta';
import type { ArchiveMeta, ArchiveRef } from './types';
import {
  type ArchiveEntry,
  type ArchiveFilter,
  type ArchiveRecord,
  type ArchiveVerification,
  deriveDocId,
  isDocId,
} from './archive-entry';

export { type ArchiveEntry, type ArchiveFilter, type ArchiveRecord, type ArchiveVerification, isDocId };

/**
 * The document archive: a folder `<root>/archive/` with `docs/<docId>` (bytes, named by id only, never by a
 * caller's path) and `index.jsonl`, an append-only hash-chained index (see hash-chain.ts). Safe for concurrent
 * callers in one process and across processes on the host (lock file with stale-lock takeover). When workers run
 * on several machines, route archive activities to a task queue served only by the host that owns this folder.
 * In memory it keeps a compact index (archive-index-view.ts), not the entries: a put or a document's lookup by id
 * costs no file read beyond its one index line, and memory does not grow by ~1.6 KB per document archived.
 */
export class ArchiveStore {
  readonly dir: string;
  private readonly docsDir: string;
  private readonly log: HashChainedLog<ArchiveRecord>;
  private readonly view = new ArchiveIndexView();
  private readonly now: () => Date;

  constructor(opts: { root: string; now?: () => Date; lock?: FileLockOptions }) {
    this.dir = join(opts.root, 'archive');
    this.docsDir = join(this.dir, 'docs');
    this.log = new HashChainedLog<ArchiveRecord>(join(this.dir, 'index.jsonl'), { ...opts.lock, index: this.view });
    this.now = opts.now ?? (() => new Date());
  }

  /**
   * Stores a document and appends its index entry. The bytes are written first (temp file, fsync, rename to
   * `docs/<docId>`), then the index line, so an entry never points at a missing or partial file.
   *
   * Idempotent per (workflowId, kind, fileName): if any version with the same SHA-256 exists, its ref is returned
   * and nothing is written (activity retries and workflow replays are harmless). Different bytes under the same
   * key append a new version n+1 with its own docId; earlier versions stay downloadable. The docId is derived
   * from (key, version), so a retry after a crash between file and index reuses the same file name.
   * Invalid metadata or empty content throw a permanent AppError; I/O errors and lock timeouts are transient.
   */
  async putDocument(bytes: Uint8Array, meta: ArchiveMeta): Promise<ArchiveRef> {
    const clean = validateArchiveMeta(meta);
    if (!(bytes instanceof Uint8Array) || bytes.length === 0) {
      throw new AppError('ArchiveContentInvalid', `refusing to archive empty content for "${clean.fileName}"`, {
        workflowId: clean.workflowId,
        kind: clean.kind,
        fileName: clean.fileName,
      });
    }
    const sha256 = sha256Hex(bytes);
    await this.log.sync();
    const known = this.view.findVersion(clean, sha256);
    if (known) return refOf(known, clean);

    await mkdir(this.docsDir, { recursive: true });
    const tmp = await writeTempFile(this.docsDir, bytes, 'doc');
    let renamed = false;
    try {
      return await this.log.transact(async (_none, append) => {
        const existing = this.view.findVersion(clean, sha256);
        if (existing) return refOf(existing, clean);
        const version = this.view.latestVersion(clean) + 1;
        const docId = deriveDocId(clean, version);
        await rename(tmp, join(this.docsDir, docId));
        renamed = true;
        const entry = append({
          docId,
          version,
          sha256,
          size: bytes.length,
          createdAt: this.now().toISOString(),
          ...clean,
        });
        return toRef(entry);
      });
    } finally {
      if (!renamed) await unlink(tmp).catch(() => undefined);
    }
  }

  /** The index entry for `docId`, or null for an unknown or malformed id. Reads its one line of the index file. */
  async getEntry(docId: string): Promise<ArchiveEntry | null> {
    if (!isDocId(docId)) return null;
    await this.log.sync();
    const found = this.view.byId(docId);
    return found ? this.entryAt(found) : null;
  }

  /**
   * The entry on the index line the view points at. The line is where the view was built from unless the file was
   * replaced since (then the next sync rebuilds the view): read after a sync, and once more after a second one.
   */
  private async entryAt(doc: IndexedDocument): Promise<ArchiveEntry | null> {
    const entry = await this.log.readAt(doc.at);
    if (entry?.docId === doc.docId) return entry;
    await this.log.sync();
    const again = this.view.byId(doc.docId);
    const retry = again ? await this.log.readAt(again.at) : null;
    return retry?.docId === doc.docId ? retry : null;
  }

  /** Entry and bytes of an indexed document, or null. Only ids present in the index ever reach the file system. */
  async getDocument(docId: string): Promise<{ entry: ArchiveEntry; bytes: Buffer } | null> {
    const entry = await this.getEntry(docId);
    if (!entry) return null;
    try {
      return { entry, bytes: await readFile(join(this.docsDir, entry.docId)) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      throw new AppError('ArchiveFileMissing', `archived file for ${docId} is missing from ${this.docsDir}`, { docId });
    }
  }

  /** Entries matching every given filter, oldest first (reads the index file: the portal's lists, not a hot path). */
  async list(filter: ArchiveFilter = {}): Promise<ArchiveEntry[]> {
    const text = filter.text?.trim().toLowerCase();
    return (await this.log.entries()).filter(
      (e) =>
        (!filter.period || e.period === filter.period) &&
        (!filter.workflowId || e.workflowId === filter.workflowId) &&
        (!filter.kind || e.kind === filter.kind) &&
        (!filter.dealerId || e.dealerId === filter.dealerId) &&
        (!text || matchesText(e, text)),
    );
  }

  /** All entries whose recorded SHA-256 equals `sha` (the same bytes may be archived under several keys). */
  async findBySha256(sha: string): Promise<ArchiveEntry[]> {
    const s = sha.trim().toLowerCase();
    if (!isSha256Hex(s)) return [];
    await this.log.sync();
    const found: ArchiveEntry[] = [];
    for (const doc of this.view.bySha(s)) {
      const entry = await this.entryAt(doc);
      if (entry) found.push(entry);
    }
    return found;
  }

  /** Entries sharing `fileName`, to tell an auditor "this file was archived, but with different content". */
  async findByFileName(fileName: string): Promise<ArchiveEntry[]> {
    return (await this.log.entries()).filter((e) => e.fileName === fileName);
  }

  /**
   * Re-reads the index and checks the chain (altered, removed, reordered entries, cut-off tail), then hashes
   * every document file and compares it with its entry. Stops at the first problem. Read-only.
   */
  async verifyChain(): Promise<ArchiveVerification> {
    const { verification: chain, entries } = await this.log.inspect();
    let filesChecked = 0;
    for (const e of entries) {
      const actual = await hashFile(join(this.docsDir, e.docId));
      filesChecked++;
      const problem =
        actual === null
          ? `document file ${e.docId} is missing`
          : actual.sha256 !== e.sha256 || actual.size !== e.size
            ? `document file ${e.docId} no longer matches its recorded SHA-256 (the file was altered)`
            : null;
      if (problem) {
        const { headHash: _unused, ...rest } = chain;
        return {
          ...rest,
          ok: false,
          firstBadSeq: e.seq,
          code: 'file',
          reason: `seq ${e.seq}: ${problem}`,
          filesChecked,
          orphanFiles: [],
        };
      }
    }
    await this.log.sync();
    const names = await readdir(this.docsDir).catch(() => [] as string[]);
    const orphanFiles = names.filter((n) => !isTempFileName(n) && !this.view.has(n));
    return { ...chain, filesChecked, orphanFiles };
  }

  /** Distinct filter values for the portal's drop-downs. */
  async facets(): Promise<{ periods: string[]; workflowIds: string[]; kinds: string[]; dealerIds: string[] }> {
    const entries = await this.log.entries();
    const distinct = (pick: (e: ArchiveEntry) => string | undefined) =>
      [...new Set(entries.map(pick).filter((v): v is string => !!v))].sort();
    return {
      periods: distinct((e) => e.period).reverse(),
      workflowIds: distinct((e) => e.workflowId),
      kinds: distinct((e) => e.kind),
      dealerIds: distinct((e) => e.dealerId),
    };
  }
}

/** The ref of an indexed version of `meta`'s key (its file name is the key's). */
function refOf(doc: IndexedDocument, meta: ArchiveMeta): ArchiveRef {
  return { docId: doc.docId, sha256: doc.sha256, size: doc.size, fileName: meta.fileName };
}

function toRef(e: ArchiveRecord): ArchiveRef {
  return { docId: e.docId, sha256: e.sha256, size: e.size, fileName: e.fileName };
}

function matchesText(e: ArchiveEntry, text: string): boolean {
  if (/^[0-9a-f]{6,64}$/.test(text) && e.sha256.startsWith(text)) return true;
  const hay = [
    e.fileName,
    e.title,
    e.docId,
    e.dealerId,
    e.workflowId,
    e.kind,
    e.warehouse,
    e.department,
    ...e.recipients,
    `${e.workflowId}/${e.fileName}`, // the reference printed in every PDF footer
  ];
  return hay.some((v) => v?.toLowerCase().includes(text));
}

async function hashFile(path: string): Promise<{ sha256: string; size: number } | null> {
  const hash = createHash('sha256');
  let size = 0;
  try {
    for await (const chunk of createReadStream(path)) {
      hash.update(chunk as Buffer);
      size += (chunk as Buffer).length;
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  return { sha256: hash.digest('hex'), size };
}
