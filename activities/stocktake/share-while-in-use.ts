interface Entry {
  users: number;
  value: Promise<unknown>;
  timer?: NodeJS.Timeout;
}
const shared = new Map<string, Entry>();

/** Drops the entry `lingerMs` after its last user (at once without a linger), unless someone uses it meanwhile. */
function release(key: string, e: Entry, lingerMs: number | undefined): void {
  const drop = () => e.users === 0 && shared.get(key) === e && shared.delete(key);
  if (lingerMs) e.timer = setTimeout(drop, lingerMs).unref();
  else drop();
}

/**
 * Runs `use` with the value `load` gives for `key`, loaded once for every caller using the same key at the same
 * time: both warehouses' snapshots read one ledger, both counters of a warehouse share one parsed snapshot. The
 * value is dropped when the last user is done (or `lingerMs` later, for a user known to come right after), so a
 * large table is never kept between the activities that need it. A failed load is not kept. Users must not change
 * the value, and the key must name its content (a hash, a fingerprint): a shared value is always the right one.
 */
export async function shareWhileInUse<V, T>(
  key: string,
  load: () => Promise<V>,
  use: (value: V) => Promise<T>,
  opts: { lingerMs?: number } = {},
): Promise<T> {
  let entry = shared.get(key);
  if (!entry) {
    const created: Entry = { users: 0, value: load() };
    created.value.catch(() => shared.get(key) === created && shared.delete(key));
    shared.set(key, (entry = created));
  }
  clearTimeout(entry.timer);
  entry.users++;
  try {
    return await use((await entry.value) as V);
  } finally {
    if (--entry.users === 0) release(key, entry, opts.lingerMs);
  }
}

/**
 * Offers a value just made (the snapshot an activity has just stored) to whoever asks for `key` in the next
 * `lingerMs`, as if loaded by shareWhileInUse: the activity the workflow runs next need not read it back. Nothing
 * changes when the key is already shared.
 */
export function offerForReuse<V>(key: string, value: V, lingerMs: number): void {
  if (shared.has(key)) return;
  const entry: Entry = { users: 0, value: Promise.resolve(value) };
  shared.set(key, entry);
  release(key, entry, lingerMs);
}
