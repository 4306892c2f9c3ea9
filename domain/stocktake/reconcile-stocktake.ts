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

function duplicateLedgerKeys(ledger: readonly LedgerLine[]): CellProblem[] {
  const seen = new Map<string, LedgerLine>();
  const problems: CellProblem[] = [];
  for (const l of ledger) {
    const key = keyOfLine(l);
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
  return problems;
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
  const dups = duplicateLedgerKeys(ledger);
  if (dups.length > 0)
    throw new ValidationError('库存台账快照有重复行 / the ledger snapshot has duplicate lines', dups);

  const byKey = new Map(ledger.map((l) => [keyOfLine(l), l]));
  const byLocPart = new Map<string, string[]>();
  for (const l of ledger) {
    const k = `${l.location.trim()}|${l.partNo.trim()}`;
    const list = byLocPart.get(k);
    if (list) list.push(keyOfLine(l));
    else byLocPart.set(k, [keyOfLine(l)]);
  }
  const movementQty = new Map<string, number>();
  const movements: MovementAfterCutoff[] = [];
  const unmatchedMovements: Movement[] = [];
  for (const m of movementsAfterCutoff) {
    const candidates = m.warehouse
      ? [stockLineKey(m.warehouse, m.location, m.partNo)].filter((k) => byKey.has(k))
      : (byLocPart.get(`${m.location.trim()}|${m.partNo.trim()}`) ?? []);
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

  // One object literal per line (no spreads): 50k lines stay in fast, shared-shape objects.
  const lines = ledger.map((l, i): ReconciledLine => {
    const key = keyOfLine(l);
    const c = latest.get(key);
    const counted = c?.countedQty ?? null;
    const moved = movementQty.get(key) ?? 0;
    const tolerance = resolveTolerance(l, tolerances);
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
