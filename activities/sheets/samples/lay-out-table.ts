import { displayHeader } from '../../../domain/sheets/normalize-text';
import type { Rng } from './random';
import type { PlantedError, SampleCell, SampleSchemaName, SampleSheet, SampleValue } from './types';

export interface Column<R> {
  header: string;
  get: (r: R) => SampleCell;
  numFmt?: string;
  hidden?: boolean;
  /** Sum this column in the totals row. */
  total?: boolean;
}

export interface BadRow<R> {
  /** A valid record the bad row starts from. */
  base: R;
  /** Header of the column to spoil (as in `columns`). */
  column: string;
  value: SampleCell;
  why: string;
}

export interface TableLayout<R> {
  schema: SampleSchemaName;
  fileName: string;
  sheetName: string;
  columns: Column<R>[];
  records: R[];
  /** Rows above the header (title, subtitle); the first is merged across the table when `mergeTitle`. */
  titleRows?: SampleCell[][];
  mergeTitle?: boolean;
  /** Blank rows scattered through the data (people leave gaps between blocks). */
  blankRows?: number;
  /** Label written in the first column of a totals row below the data (合计). */
  totalsLabel?: string;
  /** Extra merged ranges (e.g. a merged header cell). */
  merges?: string[];
  badRows?: BadRow<R>[];
}

export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

const valueOf = (c: SampleCell): SampleValue =>
  c !== null && typeof c === 'object' && !(c instanceof Date) ? c.value : c;

/** Lays records out as a sheet grid the way staff do: title rows, header, data with gaps, a totals row. */
export function layOutTable<R>(rng: Rng, t: TableLayout<R>): SampleSheet {
  const rows: SampleCell[][] = [];
  const merges = [...(t.merges ?? [])];
  for (const title of t.titleRows ?? []) rows.push(title);
  if (t.mergeTitle && rows.length > 0) merges.push(`A1:${columnLetter(t.columns.length - 1)}1`);
  rows.push(t.columns.map((c) => c.header));
  const headerRow = rows.length;
  const blankAt = new Set<number>();
  for (let i = 0; i < (t.blankRows ?? 0) && t.records.length > 10; i++) blankAt.add(rng.int(5, t.records.length - 5));
  const firstData = rows.length + 1;
  t.records.forEach((r, i) => {
    if (blankAt.has(i)) rows.push([]);
    rows.push(t.columns.map((c) => c.get(r)));
  });
  const planted: PlantedError[] = [];
  for (const bad of t.badRows ?? []) {
    const col = t.columns.findIndex((c) => c.header === bad.column);
    if (col < 0) throw new Error(`${t.schema}: no column ${bad.column}`);
    const row = t.columns.map((c) => c.get(bad.base));
    row[col] = bad.value;
    rows.push(row);
    planted.push({
      schema: t.schema,
      sheet: t.sheetName,
      row: rows.length,
      column: displayHeader(bad.column),
      value: String(valueOf(bad.value) ?? ''),
      why: bad.why,
    });
  }
  const lastData = rows.length;
  if (t.totalsLabel) {
    const totals: SampleCell[] = t.columns.map(() => null);
    totals[0] = t.totalsLabel;
    t.columns.forEach((c, ci) => {
      if (!c.total) return;
      let sum = 0;
      for (let r = firstData - 1; r < lastData; r++) {
        const v = valueOf(rows[r]?.[ci] ?? null);
        if (typeof v === 'number') sum += v;
      }
      const L = columnLetter(ci);
      totals[ci] = {
        value: Math.round(sum * 100) / 100,
        formula: `SUM(${L}${firstData}:${L}${lastData})`,
        ...(c.numFmt ? { numFmt: c.numFmt } : {}),
      };
    });
    rows.push(totals);
  }
  const columnFormats: Record<number, string> = {};
  t.columns.forEach((c, i) => {
    if (c.numFmt) columnFormats[i] = c.numFmt;
  });
  return {
    schema: t.schema,
    fileName: t.fileName,
    sheetName: t.sheetName,
    rows,
    merges,
    headerRow,
    columnFormats,
    hiddenColumns: t.columns.flatMap((c, i) => (c.hidden ? [i] : [])),
    records: t.records.length,
    planted,
  };
}

const FULL_WIDTH = (s: string): string => s.replace(/[0-9.,]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));

/** How staff type numbers: mostly real numbers, sometimes text, thousands separators, full-width digits. */
export function messyNumber(rng: Rng, n: number, opts: { money?: boolean; mess?: number } = {}): SampleCell {
  if (!rng.chance(opts.mess ?? 0.08)) return n;
  const plain = opts.money ? n.toFixed(2) : String(n);
  const grouped = opts.money
    ? n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })
    : plain;
  const forms = opts.money
    ? [plain, grouped, `¥${grouped}`, FULL_WIDTH(plain), `${grouped}元`]
    : [plain, FULL_WIDTH(plain), ` ${plain} `];
  return rng.pick(forms);
}

const DATE_FORMATS = ['yyyy-mm-dd', 'yyyy/m/d', 'yyyy"年"m"月"d"日"'];

/** Dates as real date cells in several display formats, or typed as text in several styles. */
export function messyDate(rng: Rng, d: Date, mess = 0.15): SampleCell {
  if (!rng.chance(mess)) return d;
  const y = d.getUTCFullYear();
  const m = d.getUTCMonth() + 1;
  const day = d.getUTCDate();
  const pad = (x: number): string => String(x).padStart(2, '0');
  return rng.pick<SampleCell>([
    { value: d, numFmt: rng.pick(DATE_FORMATS.slice(1)) },
    `${y}/${m}/${day}`,
    `${y}-${pad(m)}-${pad(day)}`,
    `${y}年${m}月${day}日`,
    `${y}.${pad(m)}.${pad(day)}`,
  ]);
}
