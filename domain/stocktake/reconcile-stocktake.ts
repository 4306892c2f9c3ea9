import { ValidationError, type CellProblem } from '../errors';
import { latestCounts } from './merge-recount';
import type {
  CountAgreement,
  LineStatus,
  MovementAfterCutoff,
  ReconciledLine,
  ReconcileResult,
} from './reconciled-line';
import { resolveTolerance, trippedRules, type ToleranceRuleName } from './resolve-tolerance';
import { keyOfLine, qtyValueFen, stockLineKey } from './stock-line-key';
import { summarizeStocktake } from './summarize-stocktake';
import type { CountLine, LedgerLine, Movement, ToleranceConfig } from './types';

/** The lines by key, and a problem for each line whose key an earlier line has. `keys[i]` is `ledger[i]`'s key. */
function indexLedger(
  ledger: readonly LedgerLine[],
  keys: readonly string[],
): { byKey: Map<string, LedgerLine>; problems: CellProblem[] } {
  const seen = new Map<string, LedgerLine>();
  const problems: CellProblem[] = [];
  for (let i = 0; i < ledger.length; i++) {
    const l = ledger[i]!;
    const key = keys[i]!;
    const first = seen.get(key);
    if (!first) seen.set(key, l);
    else
      problems.push({
        file: l.source?.file ?? '(snapshot)',
        sheet: l.source?.sheet ?? '(snapshot)',
        row: l.source?.row ?? 0,
        column: '配件编号',
        value: l.partNo,
        reason: `台账重复行 / duplicate ledger line ${key}${first.source ? ` (first at row ${first.source.row})` : ''}`,
      });
  }
  return { byKey: seen, problems };
}

/** Ledger keys by location and part (trimmed), for movements that name no warehouse. */
function keysByLocationPart(ledger: readonly LedgerLine[], keys: readonly string[]): Map<string, string[]> {
  const byLocPart = new Map<string, string[]>();
  ledger.forEach((l, i) => {
    const k = `${l.location.trim()}|${l.partNo.trim()}`;
    const list = byLocPart.get(k);
    if (list) list.push(keys[i]!);
    else byLocPart.set(k, [keys[i]!]);
  });
  return byLocPart;
}

/**
 * Three-way reconciliation 账/卡/物 of one snapshot. Pure and deterministic: lines keep snapshot order.
 * Throws ValidationError when the snapshot itself has duplicate lines (nothing can be reconciled then).
 */
export function reconcile(
  ledger: readonly LedgerLine[],
  counts: readonly CountLine[],
  movementsAfterCutoff: readonly Movement[],
  tolerances: ToleranceConfig,
): ReconcileResult {
  // Each line's key made once (50,000 lines: the key strings were made four times over).
  const keys = ledger.map(keyOfLine);
  const { byKey, problems: dups } = indexLedger(ledger, keys);
  if (dups.length > 0)
    throw new ValidationError('库存台账快照有重复行 / the ledger snapshot has duplicate lines', dups);
  let byLocPart: Map<string, string[]> | undefined;
  const movementQty = new Map<string, number>();
  const movements: MovementAfterCutoff[] = [];
  const unmatchedMovements: Movement[] = [];
  for (const m of movementsAfterCutoff) {
    const candidates = m.warehouse
      ? [stockLineKey(m.warehouse, m.location, m.partNo)].filter((k) => byKey.has(k))
      : ((byLocPart ??= keysByLocationPart(ledger, keys)).get(`${m.location.trim()}|${m.partNo.trim()}`) ?? []);
    if (candidates.length !== 1) {
      unmatchedMovements.push(m);
      continue;
    }
    const key = candidates[0]!;
    movements.push({ ...m, key });
    movementQty.set(key, (movementQty.get(key) ?? 0) + m.qty);
  }

  const latest = latestCounts(counts);
  const unknownCounts = [...latest.values()].filter((c) => !byKey.has(c.key));

  // The tolerance depends only on the line's warehouse and category: resolved once for each pair.
  const resolvedTolerances = new Map<string, ReturnType<typeof resolveTolerance>>();
  const toleranceOf = (l: LedgerLine) => {
    const k = `${l.warehouse}\u0000${l.category ?? ''}`;
    let t = resolvedTolerances.get(k);
    if (!t) resolvedTolerances.set(k, (t = resolveTolerance(l, tolerances)));
    return t;
  };

  // One object literal per line (no spreads): 50k lines stay in fast, shared-shape objects.
  const lines = ledger.map((l, i): ReconciledLine => {
    const key = keys[i]!;
    const c = latest.get(key);
    const counted = c?.countedQty ?? null;
    const moved = movementQty.get(key) ?? 0;
    const tolerance = toleranceOf(l);
    const bookCardMismatch = l.bookQty !== l.cardQty;
    let atCutoff: number | null = null;
    let varianceQty: number | null = null;
    let varianceValueFen: number | null = null;
    let agreesWith: CountAgreement | null = null;
    let status: LineStatus = 'uncounted';
    let tripped: ToleranceRuleName[] = [];
    if (counted !== null) {
      atCutoff = counted - moved;
      varianceQty = atCutoff - l.bookQty;
      varianceValueFen = qtyValueFen(varianceQty, l.unitCostFen);
      const book = atCutoff === l.bookQty;
      const card = atCutoff === l.cardQty;
      agreesWith = book && card ? 'both' : book ? 'book' : card ? 'card' : 'neither';
      status = !book ? 'variance' : bookCardMismatch ? 'card-mismatch' : 'matched';
      tripped = trippedRules(varianceQty, varianceValueFen, l.bookQty, tolerance.rule);
    }
    const line: ReconciledLine = {
      warehouse: l.warehouse,
      zone: l.zone,
      partNo: l.partNo,
      partName: l.partName,
      location: l.location,
      bookQty: l.bookQty,
      cardQty: l.cardQty,
      unitCostFen: l.unitCostFen,
      key,
      lineNo: i + 1,
      countedQty: counted,
      movementQty: moved,
      countAtCutoffQty: atCutoff,
      varianceQty,
      varianceValueFen,
      cardVarianceQty: atCutoff === null ? null : atCutoff - l.cardQty,
      bookCardMismatch,
      agreesWith,
      status,
      overTolerance: tripped.length > 0,
      trippedRules: tripped,
      tolerance,
      counter: c?.counter ?? null,
      countedAt: c?.countedAt ?? null,
      round: c?.round ?? null,
    };
    if (l.category !== undefined) line.category = l.category;
    if (l.source !== undefined) line.source = l.source;
    return line;
  });

  return { lines, summary: summarizeStocktake(lines), movements, unmatchedMovements, unknownCounts };
}
