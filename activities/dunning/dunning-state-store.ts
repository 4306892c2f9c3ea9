/**
 * Where a dealer's dunning stands between runs: one JSON file per dealer (`<dir>/<dealerId>.json`) holding the
 * domain's DealerDunningState (levels sent per document, letters, interest clocks, charges posted, disputes,
 * blocks, the hold this system set) plus a version. Next month's child reads it and continues from there.
 *
 * Writes are compare-and-set on the version under a file lock, so two workflows acting on one dealer (a late
 * follow-up of last month and this month's run) cannot overwrite each other: the loser gets a permanent
 * `DunningStateSuperseded`. Each write carries an operation id; retrying the same operation after a lost reply
 * returns the version it already produced instead of failing.
 *
 * The file also keeps the last few states it replaced (`prior`), so a look can be re-taken as of before an operation
 * that already happened: a dunning child runs its steps as local activities, and a worker killed after the commit but
 * before the workflow task completed loses the markers of the whole look. The re-run must see the dealer as the lost
 * attempt saw it (same decision, same letter, same counts), not as that attempt left it.
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
  /** The records this one replaced, newest first (at most PRIOR_KEPT; absent in files written before it). */
  prior?: StoredRecord[];
}

type StoredRecord = Omit<StoredDunningState, 'prior'>;

/** How many replaced records a file keeps: one look's commit, plus a dispute change in the same workflow task. */
const PRIOR_KEPT = 3;

/** `wf#7` is at or after `wf#5` (same workflow's operation sequence); ids of other workflows never are. */
export function isOpAtOrAfter(op: string, pendingOp: string): boolean {
  const i = op.lastIndexOf('#');
  const j = pendingOp.lastIndexOf('#');
  if (i < 0 || j < 0 || op.slice(0, i) !== pendingOp.slice(0, j)) return false;
  return Number(op.slice(i + 1)) >= Number(pendingOp.slice(j + 1));
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
   * The state as it was before operation `pendingOp` (and later ones of the same workflow) were applied, or the
   * stored state when none was. Falls back to the stored state if the record before it is no longer kept.
   */
  async loadBefore(dealerId: string, pendingOp: string | undefined): Promise<StoredDunningState> {
    const current = await this.load(dealerId);
    if (!pendingOp) return current;
    const chain: StoredRecord[] = [current, ...(current.prior ?? [])];
    let k = 0;
    while (k < chain.length && isOpAtOrAfter(chain[k]!.lastOp, pendingOp)) k++;
    if (k === 0) return current;
    const before = chain[k];
    if (before) return { ...before, prior: chain.slice(k + 1) };
    const first = chain[k - 1]!;
    return first.version === 1
      ? { dealerId, version: 0, updatedAt: '', updatedBy: '', lastOp: '', state: emptyDunningState(dealerId) }
      : current;
  }

  private holdNotePath(dealerId: string): string {
    return join(this.dir, `${safeName(dealerId)}.hold-op.json`);
  }

  /**
   * Notes, before an operation writes 信用冻结 to the dealer sheet, what the cell meant before it. The sheet is outside
   * this store: a look re-taken as of before that operation (its commit lost with the workflow task) must not see the
   * hold the lost attempt wrote, or it would decide and word the letter differently. The first note of an op stays.
   */
  async noteHoldWrite(dealerId: string, op: string, onHoldBefore: boolean): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const path = this.holdNotePath(dealerId);
    await withFileLock(`${path}.lock`, async () => {
      if ((await this.readHoldNote(dealerId))?.op === op) return;
      await writeFileAtomic(path, `${JSON.stringify({ op, onHoldBefore })}\n`);
    });
  }

  /** The dealer's hold as it was before `pendingOp` (or a later op of its workflow) wrote it, if one did. */
  async holdBefore(dealerId: string, pendingOp: string | undefined): Promise<boolean | undefined> {
    if (!pendingOp) return undefined;
    const note = await this.readHoldNote(dealerId);
    return note && isOpAtOrAfter(note.op, pendingOp) ? note.onHoldBefore : undefined;
  }

  private async readHoldNote(dealerId: string): Promise<{ op: string; onHoldBefore: boolean } | undefined> {
    try {
      return JSON.parse(await readFile(this.holdNotePath(dealerId), 'utf8')) as { op: string; onHoldBefore: boolean };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw err;
    }
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
      const { prior = [], ...head } = current;
      // This operation already applied (a retry after a lost reply, or a re-run of a lost workflow task).
      const done = [head, ...prior].find((r) => r.lastOp === opts.opId && r.version === expectVersion + 1);
      if (done) return done.version;
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
        ...(current.version > 0 ? { prior: [head, ...prior].slice(0, PRIOR_KEPT) } : {}),
      };
      await writeFileAtomic(path, `${JSON.stringify(next, null, 1)}\n`);
      return next.version;
    });
  }
}
