/**
 * Where a dealer's dunning stands between runs: one JSON file per dealer (`<dir>/<dealerId>.json`) holding the
 * domain's DealerDunningState (levels sent per document, letters, interest clocks, charges posted, disputes,
 * blocks, the hold this system set) plus a version. Next month's child reads it and continues from there.
 *
 * Writes are compare-and-set on the version under a file lock, so two workflows acting on one dealer (a late
 * follow-up of last month and this month's run) cannot overwrite each other: the loser gets a permanent
 * `DunningStateSuperseded`. Each write carries an operation id; retrying the same operation after a lost reply
 * returns the version it already produced instead of failing.
 */
import { readFile } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { emptyDunningState, type DealerDunningState } from '../../domain/dunning';
import { AppError } from '../../domain/errors';
import { writeFileAtomic } from '../archive/atomic-write';
import { withFileLock } from '../archive/file-lock';

export interface StoredDunningState {
  dealerId: string;
  version: number;
  updatedAt: string;
  /** Workflow that wrote it last. */
  updatedBy: string;
  /** Id of the last operation applied (idempotent retries). */
  lastOp: string;
  state: DealerDunningState;
}

export function safeName(id: string): string {
  return encodeURIComponent(id).replace(/\./g, '%2E');
}

export class DunningStateStore {
  readonly dir: string;
  private readonly now: () => Date;

  constructor(opts: { dir: string; now?: () => Date }) {
    this.dir = opts.dir;
    this.now = opts.now ?? (() => new Date());
  }

  private pathOf(dealerId: string): string {
    return join(this.dir, `${safeName(dealerId)}.json`);
  }

  /** The stored state, or version 0 with an empty state for a dealer never dunned. */
  async load(dealerId: string): Promise<StoredDunningState> {
    let text: string;
    try {
      text = await readFile(this.pathOf(dealerId), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      return { dealerId, version: 0, updatedAt: '', updatedBy: '', lastOp: '', state: emptyDunningState(dealerId) };
    }
    const parsed = JSON.parse(text) as StoredDunningState;
    if (parsed.dealerId !== dealerId || !Number.isInteger(parsed.version)) {
      throw new AppError('DunningStateCorrupt', `dunning state file of ${dealerId} is not valid`, { dealerId });
    }
    return parsed;
  }

  /**
   * Saves `state` if the stored version is still `expectVersion`; returns the new version. Idempotent per `opId`.
   * Throws a permanent AppError `DunningStateSuperseded` when someone else wrote in between.
   */
  async save(
    dealerId: string,
    expectVersion: number,
    state: DealerDunningState,
    opts: { opId: string; by: string },
  ): Promise<number> {
    await mkdir(this.dir, { recursive: true });
    const path = this.pathOf(dealerId);
    return withFileLock(`${path}.lock`, async () => {
      const current = await this.load(dealerId);
      if (current.lastOp === opts.opId && current.version === expectVersion + 1) return current.version;
      if (current.version !== expectVersion) {
        throw new AppError(
          'DunningStateSuperseded',
          `dunning state of ${dealerId} is at version ${current.version} (written by ${current.updatedBy}), expected ${expectVersion}`,
          { dealerId, expectVersion, version: current.version, updatedBy: current.updatedBy },
        );
      }
      const next: StoredDunningState = {
        dealerId,
        version: expectVersion + 1,
        updatedAt: this.now().toISOString(),
        updatedBy: opts.by,
        lastOp: opts.opId,
        state,
      };
      await writeFileAtomic(path, `${JSON.stringify(next, null, 1)}\n`);
      return next.version;
    });
  }
}
