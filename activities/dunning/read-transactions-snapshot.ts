/**
 * One read of the transactions (plus the system's own credits), validated against the dealer list and split into
 * work-store shards of valid dealers; the problems kept by dealer id (see ledger-snapshot.ts).
 */
import { partitionByValidity, type Dealer, type DealerTransaction } from '../../domain/dunning';
import type { CellProblem } from '../../domain/errors';
import { duplicateKeys } from '../../domain/sheets/cross-checks';
import type { DataRef } from '../archive/types';
import type { TableBackend } from '../sheets/types';
import type { DealerShard, DealersSnapshot, TransactionsSnapshot } from './ledger-snapshot';
import { readTransactions } from './read-dealer-tables';
import { readSystemCredits, withSystemCredits } from './system-credits';
import type { DunningSources } from './types';

type Work = { putJson(value: unknown): Promise<DataRef> };

function add(map: Map<string, CellProblem[]>, id: string, problems: readonly CellProblem[]): void {
  if (problems.length) map.set(id, [...(map.get(id) ?? []), ...problems]);
}

export async function readTransactionsSnapshot(
  work: Work,
  io: {
    backend: TableBackend;
    creditsBackend: TableBackend;
    sources: DunningSources;
    ds: DealersSnapshot;
    dealerRows: readonly Dealer[];
    key: string;
    shardSize: number;
  },
): Promise<TransactionsSnapshot> {
  const { backend, creditsBackend, sources, ds, dealerRows, key, shardSize } = io;
  const t = await readTransactions(backend, sources.transactions, {
    ...(sources.transactionsMapping ? { mapping: sources.transactionsMapping } : {}),
    ...(sources.transactionsOptions ? { options: sources.transactionsOptions } : {}),
  });
  const credits = await readSystemCredits(creditsBackend, sources.credits);
  const problems = new Map<string, CellProblem[]>();
  for (const [id, ps] of t.problemsByDealer) add(problems, id, ps);
  for (const [id, ps] of credits.problemsByDealer) add(problems, id, ps);
  // Parser-refused rows of a dealer hold it back too: partition only what parsed, then merge. A dealer whose own
  // row was refused (say, for a bad email) is still a known dealer: its email problem is reported once, on the
  // dealer row, and its transactions are not "unknown dealer".
  const validIds = new Set(dealerRows.map((d) => d.dealerId));
  const refusedDealers = [...ds.problems.keys()]
    .filter((id) => id !== '' && !validIds.has(id))
    .map((dealerId) => ({ dealerId }));
  const part = partitionByValidity([...dealerRows, ...refusedDealers], withSystemCredits(t.rows, credits.rows), {
    file: t.file,
    sheet: t.sheet,
  });
  // Duplicate document numbers where one of the rows was refused for another reason: the valid one is held too.
  // Only documents a refused row names can be such a duplicate, so only their cells are built (valid duplicates
  // were found by partitionByValidity above).
  const refusedDocs = new Set(t.keyCells('docNo', (k, valid) => k !== '' && !valid).map((c) => c.key));
  const dups = refusedDocs.size
    ? duplicateKeys(
        t.keyCells('docNo', (k) => refusedDocs.has(k)),
        { onlyWithRefused: true },
      )
    : [];
  const dupRows = new Set(dups.map((p) => p.row));
  const byRow = new Map(t.keyCells('dealerId', (_k, _v, row) => dupRows.has(row)).map((k) => [k.row, k.key]));
  for (const p of dups) add(problems, byRow.get(p.row) ?? '', [p]);
  for (const [id, ps] of part.heldBack) add(problems, id, ps);
  const shardOf = await shardValidDealers(work, ds, part.valid, problems, shardSize);
  // Only the location is kept: the parsed table (every row of the month) would stay in this cache for the run.
  return {
    key,
    location: { file: t.file, sheet: t.sheet },
    shardOf,
    problems,
    fatal: t.summary.fatal,
    rows: t.rows.length,
  };
}

/** Puts the valid dealers without problems, in sheet order, into shards of `shardSize`; returns dealer → shard. */
async function shardValidDealers(
  work: Work,
  ds: DealersSnapshot,
  valid: ReadonlyMap<string, readonly DealerTransaction[]>,
  problems: ReadonlyMap<string, CellProblem[]>,
  shardSize: number,
): Promise<Map<string, string>> {
  const shardOf = new Map<string, string>();
  let batch: DealerShard = {};
  let members: string[] = [];
  const flush = async (): Promise<void> => {
    if (!members.length) return;
    const ref = await work.putJson(batch);
    for (const id of members) shardOf.set(id, ref.sha256);
    batch = {};
    members = [];
  };
  for (const id of ds.order) {
    const rows = valid.get(id);
    if (!rows || problems.has(id)) continue;
    const { source: _d, ...dealer } = ds.byId.get(id)!;
    batch[id] = { dealer, transactions: rows.map(({ source: _s, ...tx }) => tx) };
    members.push(id);
    if (members.length >= shardSize) await flush();
  }
  await flush();
  return shardOf;
}
