import type { ReconciledLine } from './reconciled-line';
import { qtyValueFen } from './stock-line-key';

export interface StocktakeSummaryRow {
  warehouse: string;
  /** Absent on warehouse rows and the total. */
  zone?: string;
  lines: number;
  counted: number;
  uncounted: number;
  /** 账 = 卡 = 物 */
  matched: number;
  /** 物 ≠ 账 */
  variances: number;
  /** 账 ≠ 卡 (whatever the count) */
  cardMismatches: number;
  overTolerance: number;
  /** Lines with movements after the cut-off. */
  movedAfterCutoff: number;
  bookValueFen: number;
  /** Sum of positive variance values (盘盈), ≥ 0. */
  gainValueFen: number;
  /** Sum of negative variance values (盘亏), ≤ 0. */
  lossValueFen: number;
  /** gain + loss: the net value impact. */
  netValueFen: number;
  /** gain − loss: the gross (absolute) value moved, what approval limits look at. */
  absValueFen: number;
}

export interface StocktakeSummary {
  total: StocktakeSummaryRow;
  byWarehouse: StocktakeSummaryRow[];
  byZone: StocktakeSummaryRow[];
}

function empty(warehouse: string, zone?: string): StocktakeSummaryRow {
  return {
    warehouse,
    ...(zone !== undefined ? { zone } : {}),
    lines: 0,
    counted: 0,
    uncounted: 0,
    matched: 0,
    variances: 0,
    cardMismatches: 0,
    overTolerance: 0,
    movedAfterCutoff: 0,
    bookValueFen: 0,
    gainValueFen: 0,
    lossValueFen: 0,
    netValueFen: 0,
    absValueFen: 0,
  };
}

function add(row: StocktakeSummaryRow, l: ReconciledLine): void {
  row.lines++;
  if (l.status === 'uncounted') row.uncounted++;
  else row.counted++;
  if (l.status === 'matched') row.matched++;
  if (l.status === 'variance') row.variances++;
  if (l.bookCardMismatch) row.cardMismatches++;
  if (l.overTolerance) row.overTolerance++;
  if (l.movementQty !== 0) row.movedAfterCutoff++;
  row.bookValueFen += qtyValueFen(l.bookQty, l.unitCostFen);
  const v = l.varianceValueFen ?? 0;
  if (v > 0) row.gainValueFen += v;
  else row.lossValueFen += v;
  row.netValueFen = row.gainValueFen + row.lossValueFen;
  row.absValueFen = row.gainValueFen - row.lossValueFen;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Totals overall, per warehouse and per warehouse/zone (sorted by name). */
export function summarizeStocktake(lines: readonly ReconciledLine[]): StocktakeSummary {
  const total = empty('*');
  const wh = new Map<string, StocktakeSummaryRow>();
  const zones = new Map<string, StocktakeSummaryRow>();
  for (const l of lines) {
    add(total, l);
    let w = wh.get(l.warehouse);
    if (!w) wh.set(l.warehouse, (w = empty(l.warehouse)));
    add(w, l);
    const zk = `${l.warehouse}\u0000${l.zone}`;
    let z = zones.get(zk);
    if (!z) zones.set(zk, (z = empty(l.warehouse, l.zone)));
    add(z, l);
  }
  return {
    total,
    byWarehouse: [...wh.values()].sort((a, b) => cmp(a.warehouse, b.warehouse)),
    byZone: [...zones.values()].sort((a, b) => cmp(a.warehouse, b.warehouse) || cmp(a.zone!, b.zone!)),
  };
}
