import { type ArchiveRecord, deriveDocId } from './archive-entry';
import type { Chained } from './hash-chain';
import type { LineSpan, LogIndex } from './hash-chained-log';
import type { ArchiveMeta } from './types';

/** What the index keeps of one entry: enough to answer a put without reading the file. */
export interface IndexedDocument {
  docId: string;
  version: number;
  sha256: string;
  size: number;
  at: LineSpan;
}

const SHA_BYTES = 32;

/**
 * A compact in-memory index over the archive's index file: document id → where its line is, its SHA-256 (32 bytes
 * in one growing buffer), size and version. ~150–300 bytes per document (measured) instead of the ~1.6 KB the parsed
 * entries and their lookups held: the archive grows by thousands of documents a month and a worker runs for months.
 *
 * The (workflowId, kind, fileName) key needs no map of its own: version n of a key has the id `deriveDocId(key, n)`,
 * so its versions are found by deriving ids 1, 2, … until one is missing. An entry whose id was not derived that way
 * (not written by this code) is kept by its key in `others`, so it still counts as a version.
 */
export class ArchiveIndexView implements LogIndex<ArchiveRecord> {
  private ids = new Map<string, number>();
  private offsets: number[] = [];
  private lengths: number[] = [];
  private sizes: number[] = [];
  private versions: number[] = [];
  private docIds: string[] = [];
  private shas = new Uint8Array(1024 * SHA_BYTES);
  private others = new Map<string, number[]>();

  get count(): number {
    return this.docIds.length;
  }

  add(e: Chained<ArchiveRecord>, at: LineSpan): void {
    const i = this.docIds.length;
    if (this.shas.length < (i + 1) * SHA_BYTES) {
      const grown = new Uint8Array(this.shas.length * 2);
      grown.set(this.shas);
      this.shas = grown;
    }
    this.shas.set(Buffer.from(String(e.sha256), 'hex').subarray(0, SHA_BYTES), i * SHA_BYTES);
    this.ids.set(e.docId, i);
    this.docIds.push(e.docId);
    this.offsets.push(at.offset);
    this.lengths.push(at.length);
    this.sizes.push(e.size);
    this.versions.push(e.version);
    if (deriveDocId(e, e.version) !== e.docId) push(this.others, keyOf(e), i);
  }

  reset(): void {
    this.ids.clear();
    this.others.clear();
    this.offsets = [];
    this.lengths = [];
    this.sizes = [];
    this.versions = [];
    this.docIds = [];
    this.shas = new Uint8Array(1024 * SHA_BYTES);
  }

  has(docId: string): boolean {
    return this.ids.has(docId);
  }

  byId(docId: string): IndexedDocument | undefined {
    const i = this.ids.get(docId);
    return i === undefined ? undefined : this.document(i);
  }

  /** Where the entries with this SHA-256 lie, oldest first (a linear scan of the hashes: rare, and fast). */
  bySha(sha: string): IndexedDocument[] {
    const want = Buffer.from(sha, 'hex');
    const out: IndexedDocument[] = [];
    if (want.length !== SHA_BYTES) return out;
    for (let i = 0; i < this.count; i++) if (this.shaEquals(i, want)) out.push(this.document(i));
    return out;
  }

  /** The version of this key holding these bytes, if any. */
  findVersion(meta: ArchiveMeta, sha: string): IndexedDocument | undefined {
    const want = Buffer.from(sha, 'hex');
    const i = this.versionsOf(meta).find((v) => this.shaEquals(v, want));
    return i === undefined ? undefined : this.document(i);
  }

  latestVersion(meta: ArchiveMeta): number {
    return Math.max(0, ...this.versionsOf(meta).map((i) => this.versions[i] as number));
  }

  private versionsOf(meta: ArchiveMeta): number[] {
    const found = [...(this.others.get(keyOf(meta)) ?? [])];
    for (let v = 1; ; v++) {
      const i = this.ids.get(deriveDocId(meta, v));
      if (i === undefined) return found;
      found.push(i);
    }
  }

  private shaEquals(i: number, want: Uint8Array): boolean {
    const base = i * SHA_BYTES;
    for (let k = 0; k < SHA_BYTES; k++) if (this.shas[base + k] !== want[k]) return false;
    return true;
  }

  private document(i: number): IndexedDocument {
    const base = i * SHA_BYTES;
    return {
      docId: this.docIds[i] as string,
      version: this.versions[i] as number,
      sha256: Buffer.from(this.shas.subarray(base, base + SHA_BYTES)).toString('hex'),
      size: this.sizes[i] as number,
      at: { offset: this.offsets[i] as number, length: this.lengths[i] as number },
    };
  }
}

const keyOf = (m: Pick<ArchiveMeta, 'workflowId' | 'kind' | 'fileName'>): string =>
  JSON.stringify([m.workflowId, m.kind, m.fileName]);

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
