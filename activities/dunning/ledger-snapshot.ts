/**
 * Read-once views of the dealer list and the transactions, keyed by the source files' fingerprints, so that
 * thousands of child workflows re-reading "their" payments do not each parse a 200k-row workbook: the first
 * look after a change reads and validates the whole table and splits it into work-store shards of ~100
 * dealers; every other look is a fingerprint check and a shard lookup. Validation follows the domain
 * (partitionByValidity): a dealer with any problem is held back, the others proceed.
 */
import { createHash } from 'node:crypto';
import type { Dealer, DealerTransaction } from '../../domain/dunning';
import type { CellProblem } from '../../domain/errors';
import type { DataRef } from '../archive/types';
import type { TableBackend, TableRef } from '../sheets/types';
import { readDealers, type TableLocation } from './read-dealer-tables';
import { readTransactionsSnapshot } from './read-transactions-snapshot';
import { systemCreditsFingerprint } from './system-credits';
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

/**
 * Parsed shards kept at once. Children start in manifest (shard) order, so the month's fan-out (tens of children at
 * a time, 100 dealers a shard) works in one or two shards at a time; a look outside them re-reads one shard from the
 * work store (milliseconds). 64 kept the whole 5,000-dealer month parsed (~50 shards, ~100 MB of objects) for the run.
 */
const SHARDS_KEPT = 8;

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
    return remember(dealerCache, key, 3, () => readDealersSnapshot(backend, sources, defaultTerms, fp));
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
    return remember(txCache, key, 3, () =>
      readTransactionsSnapshot(deps.work, { backend, creditsBackend, sources, ds, dealerRows, key, shardSize }),
    );
  }

  return {
    /** Current dealer list and transactions (re-read only when a source's fingerprint changed). */
    async snapshot(sources: DunningSources, defaultTerms: number) {
      const ds = await dealers(sources, defaultTerms);
      const ts = await transactions(sources, ds, ds.rows);
      return { dealers: ds, transactions: ts };
    },

    async shard(sha256: string): Promise<DealerShard> {
      return remember(shardCache, sha256, SHARDS_KEPT, () => deps.work.getJson<DealerShard>({ sha256 }));
    },
  };
}

export type LedgerSnapshots = ReturnType<typeof createLedgerSnapshots>;

/** Reads and indexes the dealer list: the first row of each id wins; the ids' hash keys the transactions' cache. */
async function readDealersSnapshot(
  backend: TableBackend,
  sources: DunningSources,
  defaultTerms: number,
  fp: string,
): Promise<DealersSnapshot> {
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
}
