/**
 * What is really on the shelves, as the demo's counters find it: the book quantity at the cut-off plus the
 * movements recorded after it up to today, minus the shortages the demo plants on purpose. The demo also
 * plants miscounts (a counter's slip in round 1) so the recount has something to settle.
 */
import { firstSource } from '../../config/schema';
import { DateTime } from 'luxon';
import { dataPath, type LoadedConfig } from '../../config/load-config';
import { createExcelBackend } from '../../activities/sheets/excel/excel-backend';
import { readTable } from '../../activities/sheets/read-table';
import { schemas } from '../../domain/sheets';
import { type Period } from '../../domain/calendar';

export interface ShelfLine {
  warehouse: string;
  location: string;
  partNo: string;
  category: string;
  unitCostFen: number;
  bookQty: number;
  /** Physical quantity on the shelf today. */
  onShelf: number;
}

export interface ShelfPlan {
  lines: Map<string, ShelfLine>;
  /** Round-1 slips: counted this many short, found on the shelf at the recount. */
  slips: Map<string, number>;
  /** Real shortages (the book is wrong): every count finds them. */
  shortages: Map<string, number>;
}

export const shelfKey = (l: { location: string; partNo: string }): string => `${l.location}|${l.partNo}`;

/** Reads the ledger and movements the config names and plants `miscounts` variances in one warehouse. */
export async function planShelf(
  cfg: LoadedConfig,
  opts: { period: Period; warehouseId: string; miscounts: number },
): Promise<ShelfPlan> {
  const ledgerSrc = firstSource(cfg.sources.stockLedger);
  if (ledgerSrc?.kind !== 'excel') throw new Error('the demo stocktake needs an Excel stock ledger');
  const excel = createExcelBackend({ root: cfg.dataDirAbs });
  const ledger = await readTable(
    excel,
    { kind: 'excel', path: dataPath(cfg, ledgerSrc.path), ...(ledgerSrc.sheet ? { sheet: ledgerSrc.sheet } : {}) },
    schemas.stockLedger,
    { policy: 'proceed-with-valid', ...(ledgerSrc.mapping ? { mapping: ledgerSrc.mapping } : {}) },
  );
  const lines = new Map<string, ShelfLine>();
  for (const r of ledger.rows) {
    if (r.warehouse !== opts.warehouseId) continue;
    lines.set(shelfKey(r), {
      warehouse: r.warehouse,
      location: r.location,
      partNo: r.partNo,
      category: r.category ?? '',
      unitCostFen: r.unitCost,
      bookQty: r.bookQty,
      onShelf: r.bookQty,
    });
  }
  const movSrc = firstSource(cfg.sources.stockMovements);
  if (movSrc?.kind === 'excel') {
    const [y, m] = opts.period.split('-').map(Number) as [number, number];
    const cutoff = DateTime.fromObject({ year: y, month: m }, { zone: cfg.timezone }).endOf('month').toISODate()!;
    const today = DateTime.now().setZone(cfg.timezone).toISODate()!;
    const mov = await readTable(
      excel,
      { kind: 'excel', path: dataPath(cfg, movSrc.path), ...(movSrc.sheet ? { sheet: movSrc.sheet } : {}) },
      schemas.stockMovements,
      { policy: 'proceed-with-valid', ...(movSrc.mapping ? { mapping: movSrc.mapping } : {}) },
    );
    for (const r of mov.rows) {
      if (r.warehouse !== opts.warehouseId || r.date <= cutoff || r.date > today) continue;
      const line = r.location ? lines.get(shelfKey({ location: r.location, partNo: r.partNo })) : undefined;
      if (line) line.onShelf += r.qty;
    }
  }
  // Spread the planted variances over the warehouse; cheap parts keep the value within the manager's limit.
  const eligible = [...lines.values()]
    .filter((l) => l.onShelf >= 4 && l.category !== '紧固件' && l.unitCostFen <= 30_000)
    .sort((a, b) => shelfKey(a).localeCompare(shelfKey(b)));
  const slips = new Map<string, number>();
  const shortages = new Map<string, number>();
  const n = Math.min(opts.miscounts, eligible.length);
  for (let i = 0; i < n; i++) {
    const line = eligible[Math.floor(((i + 0.5) * eligible.length) / n)]!;
    if (i % 2 === 0) slips.set(shelfKey(line), 3);
    else {
      shortages.set(shelfKey(line), 1);
      line.onShelf -= 1;
    }
  }
  return { lines, slips, shortages };
}

/** The quantity a counter writes down for a line in a round. */
export function countFor(plan: ShelfPlan, key: string, round: number): number | null {
  const line = plan.lines.get(key);
  if (!line) return null;
  return line.onShelf - (round === 1 ? (plan.slips.get(key) ?? 0) : 0);
}
