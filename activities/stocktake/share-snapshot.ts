import type { DataRef } from '../archive/types';
import { offerForReuse, shareWhileInUse } from './share-while-in-use';
import type { StocktakeActivityDeps } from './stocktake-deps';
import type { StoredSnapshot } from './types';

/**
 * How long a parsed snapshot nobody uses is kept for the activity the workflow runs right after (snapshot → count
 * sheets, counts → reconcile → recount sheets): each parse of a 43,000-line snapshot costs ~0.4 s and ~40 MB at
 * once. Not longer: between rounds (hours of counting) it is not held.
 */
const SNAPSHOT_LINGER_MS = 3_000;

const keyOf = (ref: DataRef) => `snapshot|${ref.sha256}`;

/**
 * Runs `use` with the stored snapshot, parsed once for every activity using the same snapshot at the same time
 * (both counters of a 43,000-line warehouse submit together) or right after one another. The blob is
 * content-addressed, so a shared parse is always the right one; it is dropped SNAPSHOT_LINGER_MS after the last
 * user is done.
 */
export function withSnapshot<T>(
  deps: StocktakeActivityDeps,
  ref: DataRef,
  use: (snapshot: StoredSnapshot) => Promise<T>,
): Promise<T> {
  return shareWhileInUse(keyOf(ref), () => deps.work.getJson<StoredSnapshot>(ref), use, {
    lingerMs: SNAPSHOT_LINGER_MS,
  });
}

/**
 * The snapshot just stored under `ref`, offered to the activity that comes next (the count sheets) instead of
 * being read back and parsed again. `snapshot` must be what the blob holds (its JSON reads back equal).
 */
export function offerSnapshot(ref: DataRef, snapshot: StoredSnapshot): void {
  offerForReuse(keyOf(ref), snapshot, SNAPSHOT_LINGER_MS);
}
