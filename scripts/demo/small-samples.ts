/**
 * A smaller month for the end-to-end test: the same generated sample sheets (same seed, same mess: title rows,
 * merged headers, blank rows, totals), with fewer dealers, fewer returns and fewer stock lines. Rows are kept
 * consistent: transactions and returns only of kept dealers, movements only of kept stock lines.
 */
import { buildSampleSheets, type SampleCell, type SampleSheet } from '../../activities/sheets/samples';
import { type Period } from '../../domain/calendar';

export interface SmallMonth {
  dealers: number;
  returns: number;
  /** Stock ledger lines kept per warehouse. */
  stockLinesPerWarehouse: number;
}

export const SMALL_MONTH: SmallMonth = { dealers: 12, returns: 6, stockLinesPerWarehouse: 24 };

const text = (c: SampleCell | undefined): string => {
  const v = c !== null && typeof c === 'object' && !(c instanceof Date) ? c.value : c;
  return v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v).trim();
};

/** Keeps the data rows `keep` accepts (by header text), and fixes the totals row's sums and formulas. */
function filterRows(sheet: SampleSheet, keep: (get: (header: string) => string) => boolean): SampleSheet {
  const header = sheet.rows[sheet.headerRow - 1] ?? [];
  const col = new Map(header.map((h, i) => [text(h), i]));
  const isTotals = (r: SampleCell[]) => text(r[0]) === '合计';
  const head = sheet.rows.slice(0, sheet.headerRow);
  const body = sheet.rows.slice(sheet.headerRow);
  const data = body.filter((r) => {
    if (r.length === 0 || isTotals(r)) return r.length === 0;
    return keep((h) => {
      const i = col.get(h);
      if (i === undefined) throw new Error(`${sheet.fileName}: no column ${h}`);
      return text(r[i]);
    });
  });
  const totals = body.find(isTotals);
  const rows = [...head, ...data];
  if (totals) {
    const first = sheet.headerRow + 1;
    const last = rows.length;
    rows.push(
      totals.map((c, ci) => {
        if (c === null || typeof c !== 'object' || c instanceof Date || !c.formula) return c;
        let sum = 0;
        for (const r of data) {
          const v = r[ci];
          const n = v !== null && typeof v === 'object' && !(v instanceof Date) ? v.value : v;
          if (typeof n === 'number') sum += n;
        }
        const letter = c.formula.replace(/^SUM\(([A-Z]+)\d+.*$/, '$1');
        return { ...c, value: Math.round(sum * 100) / 100, formula: `SUM(${letter}${first}:${letter}${last})` };
      }),
    );
  }
  return { ...sheet, rows, records: data.filter((r) => r.length > 0).length };
}

/** Readers of the sheet's data rows (not blank, not totals), by header text. */
function dataRows(sheet: SampleSheet): ((header: string) => string)[] {
  const header = sheet.rows[sheet.headerRow - 1] ?? [];
  const col = new Map(header.map((h, i) => [text(h), i]));
  return sheet.rows
    .slice(sheet.headerRow)
    .filter((r) => r.length > 0 && text(r[0]) !== '合计')
    .map((r) => (h: string) => text(r[col.get(h) ?? -1]));
}

/** Every sample sheet for the period, cut down to a small month. */
export function buildSmallMonth(seed: number | string, period: Period, size: SmallMonth = SMALL_MONTH) {
  const all = buildSampleSheets({ seed, period });
  const dealerIds = new Set<string>();
  const dealers = filterRows(all.dealers, (get) => {
    if (dealerIds.size >= size.dealers) return false;
    dealerIds.add(get('经销商编号'));
    return true;
  });
  // Returns of kept dealers, none settled earlier: a mix of not yet received, received and already inspected.
  const open = dataRows(all.returns).filter((get) => dealerIds.has(get('经销商编号')) && get('状态') !== '已结算');
  const pick = (status: string, n: number) => open.filter((get) => get('状态') === status).slice(0, n);
  const wanted = [...pick('待收货', 2), ...pick('已收货', Math.max(0, size.returns - 3)), ...pick('已鉴定', 1)].map(
    (get) => get('退回单号'),
  );
  for (const get of open)
    if (wanted.length < size.returns && !wanted.includes(get('退回单号'))) wanted.push(get('退回单号'));
  const returns = filterRows(all.returns, (get) => wanted.includes(get('退回单号')));
  const perWarehouse = new Map<string, number>();
  const stockKeys = new Set<string>();
  const stockLedger = filterRows(all.stockLedger, (get) => {
    const wh = get('仓库');
    const n = perWarehouse.get(wh) ?? 0;
    if (n >= size.stockLinesPerWarehouse) return false;
    perWarehouse.set(wh, n + 1);
    stockKeys.add(`${wh}|${get('配件编号')}`);
    return true;
  });
  return {
    ...all,
    dealers,
    returns,
    stockLedger,
    dealerTransactions: filterRows(all.dealerTransactions, (get) => dealerIds.has(get('经销商编号'))),
    stockMovements: filterRows(all.stockMovements, (get) => stockKeys.has(`${get('仓库')}|${get('配件编号')}`)),
  };
}
