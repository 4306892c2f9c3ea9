/**
 * The looks a dealer's child has taken, by look id (`<workflowId>/look-<n>`), so a look is taken once. A child runs
 * its steps as local activities; a worker killed before the workflow task completed loses their markers and the
 * re-run takes the same look again. Between the two, others may have changed the sheets (a return's credit posted,
 * staff typing a payment) and the lost attempt may have acted already (letter sent, hold written): the re-run must
 * see what the lost attempt saw, or it decides, words and counts differently. One small file per dealer keeps the
 * last few looks (facts are small; the reconciliation stays in the work store, content-addressed).
 *
 * The memo is written without fsync: it covers a killed worker (the page cache outlives the process), which is the
 * common fault and costs one small write per look. A machine that goes down loses it with the page cache; for that
 * rarer case the look is re-taken "as of before the pending operation" (the dunning state's `prior`, the charge
 * journal's `op`, the hold note: see DunningStateStore.loadBefore), which is slower but needs no extra write.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../archive/atomic-write';
import { safeName } from './dunning-state-store';

/** A look re-run after a lost task is always one of the last few: one per workflow task at most, in practice. */
const LOOKS_KEPT = 4;

interface Remembered {
  lookId: string;
  value: unknown;
}

export class LookMemo {
  constructor(private readonly dir: string) {}

  private pathOf(dealerId: string): string {
    return join(this.dir, `${safeName(dealerId)}.json`);
  }

  private async all(dealerId: string): Promise<Remembered[]> {
    try {
      return JSON.parse(await readFile(this.pathOf(dealerId), 'utf8')) as Remembered[];
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw err;
    }
  }

  /** The look's result when it was taken before, else `take()`'s, remembered. Without a look id, just `take()`. */
  async once<T>(dealerId: string, lookId: string | undefined, take: () => Promise<T>): Promise<T> {
    if (!lookId) return take();
    const looks = await this.all(dealerId);
    const hit = looks.find((r) => r.lookId === lookId);
    if (hit) return hit.value as T;
    const value = await take();
    // One child per dealer and month looks at a time; a rare overlap of two months' children only costs a re-take.
    const kept = looks.slice(-(LOOKS_KEPT - 1));
    await mkdir(this.dir, { recursive: true });
    await writeFileAtomic(this.pathOf(dealerId), JSON.stringify([...kept, { lookId, value }]), { sync: false });
    return value;
  }
}
