import type { ArchiveEntry } from './archive-entry';
import type { ArchiveMeta } from './types';

const keyOf = (m: Pick<ArchiveMeta, 'workflowId' | 'kind' | 'fileName'>): string =>
  JSON.stringify([m.workflowId, m.kind, m.fileName]);

/**
 * In-memory lookups over the archive index (by id, by (workflowId, kind, fileName), by SHA-256), extended
 * incrementally as the index grows so a put stays O(1) with tens of thousands of entries.
 */
export class ArchiveIndexView {
  private ids = new Map<string, ArchiveEntry>();
  private keys = new Map<string, ArchiveEntry[]>();
  private shas = new Map<string, ArchiveEntry[]>();
  private count = 0;
  private generation = -1;

  sync(entries: readonly ArchiveEntry[], generation: number): this {
    if (generation !== this.generation || entries.length < this.count) {
      this.ids.clear();
      this.keys.clear();
      this.shas.clear();
      this.count = 0;
      this.generation = generation;
    }
    for (; this.count < entries.length; this.count++) {
      const e = entries[this.count] as ArchiveEntry;
      this.ids.set(e.docId, e);
      push(this.keys, keyOf(e), e);
      push(this.shas, e.sha256, e);
    }
    return this;
  }

  byId(docId: string): ArchiveEntry | undefined {
    return this.ids.get(docId);
  }

  bySha(sha: string): ArchiveEntry[] {
    return [...(this.shas.get(sha) ?? [])];
  }

  findVersion(meta: ArchiveMeta, sha: string): ArchiveEntry | undefined {
    return this.keys.get(keyOf(meta))?.find((e) => e.sha256 === sha);
  }

  latestVersion(meta: ArchiveMeta): number {
    return Math.max(0, ...(this.keys.get(keyOf(meta)) ?? []).map((e) => e.version));
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
