/**
 * Read-once views of the dealer list and the transactions, keyed by the source files' fingerprints, so that
 * thousands of child workflows re-reading "their" payments do not each parse a 200k-row workbook: the first
 * look after a change reads and validates the whole table and splits it into work-store shards of ~100
 * dealers; every other look is a fingerprint check and a shard lookup. Validation follows the domain
 * (partitionByValidity): a dealer with any problem is held back, the others proceed.
 */
import { createHash } from 'node:crypto';
import { partitionByValidity, type Dealer, type DealerTransaction } from '../../domain/dunning';
import type { CellProblem } from '../../domain/errors';
import { duplicateKeys } from '../../domain/sheets/cross-checks';
import type { DataRef } from '../archive/types';
import type { TableBackend, TableRef } from '../sheets/types';
import { readDealers, readTransactions, type TableLocation } from './read-dealer-tables';
import { readSystemCredits, systemCreditsFingerprint, withSystemCredits } from './system-credits';
import type { DunningSources } from './types';

export interface DealersSnapshot {
  fingerprint: string;
  location: TableLocation;
  byId: Map<string, Dealer>;
  /** Every parsed row, duplicates included (they are reported and held back). */
  rows: Dealer[];
  /** Dealer ids in sheet order (first occurrence). */
  order: string[];
  /** Problems in the dealer rows themselves, by the id in the row. */
  problems: Map<string, CellProblem[]>;
  fatal: boolean;
  idsHash: string;
}

export interface TransactionsSnapshot {
  key: string;
  location: TableLocation;
  /** Valid dealer → shard (work-store sha256) holding its rows. */
  shardOf: Map<string, string>;
  /** Problems by dealer id ('' for rows naming none); ids of unknown dealers included. */
  problems: Map<string, CellProblem[]>;
  fatal: boolean;
  rows: number;
}

/** ~100 dealers of a validated month: each dealer's row as read and its transactions (sources stripped). */
export type DealerShard = Record<string, { dealer: Dealer; transactions: DealerTransaction[] }>;

export interface SnapshotDeps {
  backendFor: (ref: TableRef) => TableBackend;
  work: { putJson(value: unknown): Promise<DataRef>; getJson<T>(ref: DataRef): Promise<T> };
  shardSize?: number;
}

function remember<T>(cache: Map<string, Promise<T>>, key: string, max: number, make: () => Promise<T>): Promise<T> {
  const hit = cache.get(key);
  if (hit) {
    cache.delete(key);
    cache.set(key, hit);
    return hit;
  }
  const p = make();
  cache.set(key, p);
  p.catch(() => cache.delete(key));
  while (cache.size > max) cache.delete(cache.keys().next().value as string);
  return p;
}

function add(map: Map<string, CellProblem[]>, id: string, problems: readonly CellProblem[]): void {
  if (problems.length) map.set(id, [...(map.get(id) ?? []), ...problems]);
}

export function createLedgerSnapshots(deps: SnapshotDeps) {
  const shardSize = deps.shardSize ?? 100;
  const dealerCache = new Map<string, Promise<DealersSnapshot>>();
  const txCache = new Map<string, Promise<TransactionsSnapshot>>();
  const shardCache = new Map<string, Promise<DealerShard>>();

  async function dealers(sources: DunningSources, defaultTerms: number): Promise<DealersSnapshot> {
    const backend = deps.backendFor(sources.dealers);
    const fp = (await backend.fingerprint(sources.dealers)).value;
    const key = JSON.stringify([
      sources.dealers,
      sources.dealersMapping ?? null,
      sources.dealersOptions ?? null,
      fp,
      defaultTerms,
    ]);
    return remember(dealerCache, key, 3, async () => {
      const t = await readDealers(backend, sources.dealers, {
        defaultPaymentTermsDays: defaultTerms,
        ...(sources.dealersMapping ? { mapping: sources.dealersMapping } : {}),
        ...(sources.dealersOptions ? { options: sources.dealersOptions } : {}),
      });
      const byId = new Map<string, Dealer>();
      const order: string[] = [];
      for (const d of t.rows) {
        if (byId.has(d.dealerId)) continue;
        byId.set(d.dealerId, d);
        order.push(d.dealerId);
      }
      const ids = t.rows.map((d) => d.dealerId);
      const idsHash = createHash('sha256').update(JSON.stringify(ids)).digest('hex');
      return {
        fingerprint: fp,
        location: { file: t.file, sheet: t.sheet },
        byId,
        rows: t.rows,
        order,
        problems: t.problemsByDealer,
        fatal: t.summary.fatal,
        idsHash,
      };
    });
  }

  async function transactions(sources: DunningSources, ds: DealersSnapshot, dealerRows: readonly Dealer[]) {
    const backend = deps.backendFor(sources.transactions);
    const fp = (await backend.fingerprint(sources.transactions)).value;
    const creditsBackend = sources.credits ? deps.backendFor(sources.credits) : backend;
    const creditsFp = await systemCreditsFingerprint(creditsBackend, sources.credits);
    const key = JSON.stringify([
      sources.transactions,
      sources.transactionsMapping ?? null,
      sources.transactionsOptions ?? null,
      fp,
      ds.idsHash,
      sources.credits ?? null,
      creditsFp,
    ]);
    return remember(txCache, key, 3, async (): Promise<TransactionsSnapshot> => {
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
      const byRow = new Map(t.keys.dealerId.map((k) => [k.row, k.key]));
      for (const p of duplicateKeys(t.keys.docNo, { onlyWithRefused: true }))
        add(problems, byRow.get(p.row) ?? '', [p]);
      for (const [id, ps] of part.heldBack) add(problems, id, ps);
      const shardOf = new Map<string, string>();
      let batch: DealerShard = {};
      let members: string[] = [];
      const flush = async (): Promise<void> => {
        if (!members.length) return;
        const ref = await deps.work.putJson(batch);
        for (const id of members) shardOf.set(id, ref.sha256);
        batch = {};
        members = [];
      };
      for (const id of ds.order) {
        const rows = part.valid.get(id);
        if (!rows || problems.has(id)) continue;
        const { source: _d, ...dealer } = ds.byId.get(id)!;
        batch[id] = { dealer, transactions: rows.map(({ source: _s, ...tx }) => tx) };
        members.push(id);
        if (members.length >= shardSize) await flush();
      }
      await flush();
      // Only the location is kept: the parsed table (every row of the month) would stay in this cache for the run.
      return {
        key,
        location: { file: t.file, sheet: t.sheet },
        shardOf,
        problems,
        fatal: t.summary.fatal,
        rows: t.rows.length,
      };
    });
  }

  return {
    /** Current dealer list and transactions (re-read only when a source's fingerprint changed). */
    async snapshot(sources: DunningSources, defaultTerms: number) {
      const ds = await dealers(sources, defaultTerms);
      const ts = await transactions(sources, ds, ds.rows);
      return { dealers: ds, transactions: ts };
    },

    async shard(sha256: string): Promise<DealerShard> {
      return remember(shardCache, sha256, 64, () => deps.work.getJson<DealerShard>({ sha256 }));
    },
  };
}

export type LedgerSnapshots = ReturnType<typeof createLedgerSnapshots>;
