import type { DataRef } from '../archive/types';
import type { StocktakeActivityDeps } from './stocktake-deps';
import type { StoredSnapshot } from './types';

const inUse = new Map<string, { users: number; snapshot: Promise<StoredSnapshot> }>();

/**
 * Runs `use` with the stored snapshot, parsed once for every activity using the same snapshot at the same time
 * (both counters of a 43,000-line warehouse submit together: each parse held ~40 MB and took ~0.4 s). The blob is
 * content-addressed, so a shared parse is always the right one; it is dropped as soon as the last user is done,
 * and users must not change it. A failed parse is not kept.
 */
export async function withSnapshot<T>(
  deps: StocktakeActivityDeps,
  ref: DataRef,
  use: (snapshot: StoredSnapshot) => Promise<T>,
): Promise<T> {
  let entry = inUse.get(ref.sha256);
  if (!entry) {
    entry = { users: 0, snapshot: deps.work.getJson<StoredSnapshot>(ref) };
    inUse.set(ref.sha256, entry);
  }
  entry.users++;
  try {
    return await use(await entry.snapshot);
  } finally {
    if (--entry.users === 0 && inUse.get(ref.sha256) === entry) inUse.delete(ref.sha256);
  }
}
