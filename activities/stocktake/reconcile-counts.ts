/**
 * Three-way reconciliation 账/卡/物 of the counts so far against the snapshot, netting out the movements
 * recorded after the cut-off (read from the movements table, reported separately, never variances), and the
 * plan for the next recount round. Both are stored in the work store; the workflow gets counts and refs.
 */
import { DateTime } from 'luxon';
import { schemas } from '../../domain/sheets';
import { reconcile, selectRecount, type CountLine, type Movement, type ReconcileResult } from '../../domain/stocktake';
import { readTable } from '../sheets/read-table';
import { withSnapshot } from './share-snapshot';
import { backendFor, type StocktakeActivityDeps } from './stocktake-deps';
import type { ReconcileInput, ReconcileOutput, StoredCounts, StoredSnapshot } from './types';

async function readMovements(
  deps: StocktakeActivityDeps,
  input: ReconcileInput,
  snapshot: StoredSnapshot,
): Promise<{ movements: Movement[]; invalidRows: number }> {
  if (!input.movements) return { movements: [], invalidRows: 0 };
  const table = await readTable(backendFor(deps, input.movements.ref), input.movements.ref, schemas.stockMovements, {
    policy: 'proceed-with-valid',
    ...(input.movements.mapping ? { mapping: input.movements.mapping } : {}),
  });
  const through = DateTime.fromISO(input.countedThrough, { zone: deps.timeZone }).toISODate() ?? input.cutoffDate;
  const locationsByPart = new Map<string, Set<string>>();
  const known = new Set<string>();
  for (const l of snapshot.lines) {
    known.add(`${l.location}|${l.partNo}`);
    const set = locationsByPart.get(l.partNo) ?? new Set<string>();
    set.add(l.location);
    locationsByPart.set(l.partNo, set);
  }
  const movements: Movement[] = [];
  for (const r of table.rows) {
    if (r.warehouse !== input.warehouse.id || r.date <= input.cutoffDate || r.date > through) continue;
    // A movement without a bin names its line when the part has only one bin in the snapshot.
    const only = locationsByPart.get(r.partNo);
    const location = r.location ?? (only?.size === 1 ? [...only][0]! : '');
    if (snapshot.scope && !known.has(`${location}|${r.partNo}`)) continue;
    movements.push({
      date: r.date,
      warehouse: input.warehouse.name,
      partNo: r.partNo,
      location,
      qty: r.qty,
      docNo: r.docNo ?? `${table.file} › ${table.sheet} › ${r.rowNumber}`,
    });
  }
  return { movements, invalidRows: table.invalidRows };
}

export async function reconcileCounts(deps: StocktakeActivityDeps, input: ReconcileInput): Promise<ReconcileOutput> {
  return withSnapshot(deps, input.snapshot, (snapshot) => reconcileWith(deps, input, snapshot));
}

async function reconcileWith(
  deps: StocktakeActivityDeps,
  input: ReconcileInput,
  snapshot: StoredSnapshot,
): Promise<ReconcileOutput> {
  const counts: CountLine[] = [];
  for (const ref of input.counts) counts.push(...(await deps.work.getJson<StoredCounts>(ref)).counts);
  const { movements, invalidRows } = await readMovements(deps, input, snapshot);
  const result = reconcile(snapshot.lines, counts, movements, input.tolerances);
  const plan = selectRecount(result, input.round, input.recount, input.counters);
  const byCounter = new Map<string, number>();
  for (const l of plan.lines) byCounter.set(l.counter, (byCounter.get(l.counter) ?? 0) + 1);
  let journalRows = 0;
  let corrections = 0;
  for (const l of result.lines) {
    if (l.countAtCutoffQty === null) continue;
    if (l.varianceQty !== 0) journalRows++;
    if (l.varianceQty !== 0 || l.cardQty !== l.countAtCutoffQty) corrections++;
  }
  // Stored: the summary of every line, and only the lines that are not 账=卡=物 (the ones a report lists or a
  // posting touches), so a 50,000-line month does not write 30 MB of matched lines per round.
  const stored: ReconcileResult = {
    ...result,
    lines: result.lines.filter((l) => l.status !== 'matched' && (l.status !== 'uncounted' || l.bookCardMismatch)),
  };
  return {
    result: await deps.work.putJson(stored),
    summary: result.summary.total,
    plan: {
      ref: await deps.work.putJson(plan),
      nextRound: plan.nextRound,
      lines: plan.lines.length,
      escalate: plan.escalate,
      escalated: plan.escalated.length,
      done: plan.done,
      byCounter: [...byCounter].map(([counter, lines]) => ({ counter, lines })),
    },
    movements: { matched: result.movements.length, unmatched: result.unmatchedMovements.length, invalidRows },
    journalRows,
    corrections,
  };
}
