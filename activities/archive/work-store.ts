import { mkdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../domain/errors';
import { writeFileAtomic } from './atomic-write';
import { canonicalJson, isSha256Hex, sha256Hex } from './canonical-json';
import type { DataRef } from './types';

/**
 * Content-addressed blobs for intermediate data (snapshots, aggregates, rendered bytes) under `<root>/work/`, so
 * workflow history carries a `DataRef` (a SHA-256) instead of tables. JSON is stored as canonical JSON and
 * addressed by the hash of those bytes: equal values share one file, and a put is idempotent by construction.
 * Reads re-hash the file, so a damaged blob is reported instead of silently used.
 */
export class WorkStore {
  readonly dir: string;

  constructor(opts: { root: string }) {
    this.dir = join(opts.root, 'work');
  }

  /** Stores `value` (must be JSON-serialisable; non-finite numbers and BigInt are refused). Idempotent. */
  async putJson(value: unknown): Promise<DataRef> {
    return this.put(Buffer.from(canonicalJson(value), 'utf8'), 'json');
  }

  /**
   * Stores the UTF-8 bytes of `canonicalJson(value)` already made by the caller (who also archives them), as
   * `putJson(value)` would: the same blob and ref, without encoding a large value twice.
   */
  async putCanonicalJson(bytes: Uint8Array): Promise<DataRef> {
    return this.put(bytes, 'json');
  }

  async getJson<T>(ref: DataRef): Promise<T> {
    return JSON.parse((await this.get(ref, 'json')).toString('utf8')) as T;
  }

  /** Stores raw bytes (e.g. a rendered PDF waiting to be archived and mailed). Idempotent. */
  async putBytes(bytes: Uint8Array): Promise<DataRef> {
    return this.put(bytes, 'bin');
  }

  async getBytes(ref: DataRef): Promise<Buffer> {
    return this.get(ref, 'bin');
  }

  private async put(bytes: Uint8Array, ext: 'json' | 'bin'): Promise<DataRef> {
    const sha256 = sha256Hex(bytes);
    const file = this.pathOf(sha256, ext);
    const existing = await stat(file).catch(() => null);
    if (existing?.size !== bytes.length) {
      await mkdir(join(this.dir, sha256.slice(0, 2)), { recursive: true });
      await writeFileAtomic(file, bytes);
    }
    return { sha256 };
  }

  private async get(ref: DataRef, ext: 'json' | 'bin'): Promise<Buffer> {
    if (!isSha256Hex(ref?.sha256)) {
      throw new AppError('WorkRefInvalid', `not a work-store reference: ${JSON.stringify(ref)}`, { ref });
    }
    let bytes: Buffer;
    try {
      bytes = await readFile(this.pathOf(ref.sha256, ext));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      throw new AppError('WorkBlobMissing', `work-store blob ${ref.sha256}.${ext} not found in ${this.dir}`, { ref });
    }
    if (sha256Hex(bytes) !== ref.sha256) {
      throw new AppError('WorkBlobCorrupt', `work-store blob ${ref.sha256}.${ext} does not match its hash`, { ref });
    }
    return bytes;
  }

  private pathOf(sha256: string, ext: string): string {
    return join(this.dir, sha256.slice(0, 2), `${sha256}.${ext}`);
  }
}
