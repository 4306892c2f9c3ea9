import { sourceFingerprint } from '../sheets/read-source';
import type { LedgerRead } from './read-ledger-source';
import { backendFor, type StocktakeActivityDeps } from './stocktake-deps';
import type { SheetSource } from './types';

const recent = new Map<string, { settledAt: number | null; read: Promise<LedgerRead> }>();
/** How long a finished read is kept for another warehouse's snapshot (they start together). */
const SHARE_MS = 10_000;

/**
 * Both warehouses' stocktakes start together and snapshot the same ledger: one read serves both while the source
 * is unchanged (same fingerprint of every part): whoever asks while it is being read, or within SHARE_MS after. It
 * is not kept longer: every row of the ledger would otherwise stay in memory through the counting (it was 2
 * minutes). Failed reads are not kept.
 */
export async function sharedRead(
  deps: StocktakeActivityDeps,
  spec: SheetSource,
  options: string,
  read: () => Promise<LedgerRead>,
): Promise<LedgerRead> {
  const fp = await sourceFingerprint((ref) => backendFor(deps, ref), spec);
  const key = `${JSON.stringify(spec)}|${options}|${fp}`;
  const now = Date.now();
  for (const [k, v] of recent) if (v.settledAt !== null && now - v.settledAt > SHARE_MS) recent.delete(k);
  const hit = recent.get(key);
  if (hit) return hit.read;
  const entry: { settledAt: number | null; read: Promise<LedgerRead> } = { settledAt: null, read: read() };
  recent.set(key, entry);
  entry.read.then(
    () => {
      entry.settledAt = Date.now();
      // Dropped once nobody can still share it, even if no later snapshot comes to clean up.
      setTimeout(() => recent.get(key) === entry && recent.delete(key), SHARE_MS + 1_000).unref();
    },
    () => recent.delete(key),
  );
  return entry.read;
}
