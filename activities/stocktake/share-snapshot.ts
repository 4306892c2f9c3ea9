import type { DataRef } from '../archive/types';
import { shareWhileInUse } from './share-while-in-use';
import type { StocktakeActivityDeps } from './stocktake-deps';
import type { StoredSnapshot } from './types';

/**
 * Runs `use` with the stored snapshot, parsed once for every activity using the same snapshot at the same time
 * (both counters of a 43,000-line warehouse submit together: each parse held ~40 MB and took ~0.4 s). The blob is
 * content-addressed, so a shared parse is always the right one; it is dropped as soon as the last user is done.
 */
export function withSnapshot<T>(
  deps: StocktakeActivityDeps,
  ref: DataRef,
  use: (snapshot: StoredSnapshot) => Promise<T>,
): Promise<T> {
  return shareWhileInUse(`snapshot|${ref.sha256}`, () => deps.work.getJson<StoredSnapshot>(ref), use);
}
