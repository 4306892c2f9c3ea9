/**
 * The dunning charge journal (催款费用/利息日记账): every fee and interest charge the dunning run posts, one file
 * per charge at `<dir>/<dealerId>/<docNo>.json`, created exclusively (temp file + hard link, which fails if the
 * name exists). The docNo is derived from what is charged (FEE-<dealer>-<period>-L<n>, INT-<dealer>-<date>), so a
 * retried, replayed or re-run posting finds its own file and never charges twice.
 *
 * Posted charges join the dealer's ledger when it is read (unless staff already copied the row into the
 * transactions sheet, same docNo), and the month's postings are written as a tab beside the finance summary.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, readdir, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DealerTransaction } from '../../domain/dunning';
import { AppError } from '../../domain/errors';
import { safeName } from './dunning-state-store';

export interface PostedCharge {
  charge: DealerTransaction;
  postedAt: string;
  postedBy: string;
  /** The dunning-state operation the posting belongs to (`<workflowId>#<n>`), when posted by a dealer's look. */
  op?: string;
}

export class ChargeJournal {
  readonly dir: string;
  private readonly now: () => Date;

  constructor(opts: { dir: string; now?: () => Date }) {
    this.dir = opts.dir;
    this.now = opts.now ?? (() => new Date());
  }

  /** Posts a charge once. Returns 'already-posted' when the docNo exists with the same dealer and amount. */
  async post(charge: DealerTransaction, by: string, op?: string): Promise<'posted' | 'already-posted'> {
    const dir = join(this.dir, safeName(charge.dealerId));
    const target = join(dir, `${safeName(charge.docNo)}.json`);
    const existing = await this.read(target);
    if (existing) return this.same(existing, charge);
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, `.tmp-${randomBytes(6).toString('hex')}`);
    const { source: _source, ...clean } = charge;
    const record: PostedCharge = {
      charge: clean,
      postedAt: this.now().toISOString(),
      postedBy: by,
      ...(op ? { op } : {}),
    };
    await writeFile(tmp, `${JSON.stringify(record)}\n`, { flag: 'wx' });
    try {
      await link(tmp, target);
      return 'posted';
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const raced = await this.read(target);
      if (!raced) throw err;
      return this.same(raced, charge);
    } finally {
      await unlink(tmp).catch(() => undefined);
    }
  }

  private same(existing: PostedCharge, charge: DealerTransaction): 'already-posted' {
    const e = existing.charge;
    if (e.dealerId !== charge.dealerId || e.amountFen !== charge.amountFen || e.type !== charge.type) {
      throw new AppError(
        'ChargeConflict',
        `charge ${charge.docNo} was already posted with ${e.amountFen} fen for ${e.dealerId}; refusing ${charge.amountFen} fen`,
        { docNo: charge.docNo },
      );
    }
    return 'already-posted';
  }

  private async read(path: string): Promise<PostedCharge | null> {
    try {
      return JSON.parse(await readFile(path, 'utf8')) as PostedCharge;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw err;
    }
  }

  /**
   * Every charge posted for one dealer, oldest docNo first; `unless(op)` leaves out postings of operations that a
   * look re-taken as of before them must not see yet (see DunningStateStore.loadBefore).
   */
  async list(dealerId: string, unless?: (op: string) => boolean): Promise<DealerTransaction[]> {
    const dir = join(this.dir, safeName(dealerId));
    const names = await readdir(dir).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return [] as string[];
      throw err;
    });
    const out: DealerTransaction[] = [];
    for (const n of names.filter((x) => x.endsWith('.json')).sort()) {
      const rec = await this.read(join(dir, n));
      if (rec && !(rec.op && unless?.(rec.op))) out.push(rec.charge);
    }
    return out;
  }

  /** Every posting dated in [from, to] across all dealers (for the month's journal tab). */
  async listDated(from: string, to: string): Promise<PostedCharge[]> {
    const dealers = await readdir(this.dir).catch(() => [] as string[]);
    const out: PostedCharge[] = [];
    for (const d of dealers.sort()) {
      const names = await readdir(join(this.dir, d)).catch(() => [] as string[]);
      for (const n of names.filter((x) => x.endsWith('.json')).sort()) {
        const rec = await this.read(join(this.dir, d, n));
        if (rec && rec.charge.date >= from && rec.charge.date <= to) out.push(rec);
      }
    }
    return out;
  }
}

/** The dealer's ledger with posted charges added, except those staff already copied into the sheet. */
export function withPostedCharges(
  sheetRows: readonly DealerTransaction[],
  posted: readonly DealerTransaction[],
): DealerTransaction[] {
  const known = new Set(sheetRows.map((t) => t.docNo.trim().toUpperCase()));
  return [...sheetRows, ...posted.filter((p) => !known.has(p.docNo.trim().toUpperCase()))];
}
