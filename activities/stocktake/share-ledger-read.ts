import { sourceFingerprint } from '../sheets/read-source';
import type { LedgerRead } from './read-ledger-source';
import { shareWhileInUse } from './share-while-in-use';
import { backendFor, type StocktakeActivityDeps } from './stocktake-deps';
import type { SheetSource } from './types';

/** How long a read nobody uses any more is kept for another warehouse's snapshot (they start together). */
const SHARE_MS = 1_000;

/**
 * Both warehouses' stocktakes start together and snapshot the same ledger: one read serves both while the source
 * is unchanged (same fingerprint of every part): whoever asks while it is being read or used, or within SHARE_MS
 * after the last user is done. It is not kept longer: every row of the ledger would otherwise stay in memory while
 * the count sheets are written (it was 10 s, most of a 50,000-line run). Failed reads are not kept.
 */
export async function withSharedRead<T>(
  deps: StocktakeActivityDeps,
  spec: SheetSource,
  options: string,
  read: () => Promise<LedgerRead>,
  use: (table: LedgerRead) => Promise<T>,
): Promise<T> {
  const fp = await sourceFingerprint((ref) => backendFor(deps, ref), spec);
  return shareWhileInUse(`ledger|${JSON.stringify(spec)}|${options}|${fp}`, read, use, { lingerMs: SHARE_MS });
}
