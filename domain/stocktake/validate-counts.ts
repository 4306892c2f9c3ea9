import type { CellProblem } from '../errors';
import { stockLineKey } from './stock-line-key';
import type { CountLine, LedgerLine, SourceRef } from './types';

/** Key columns of a count-sheet row as generated (locked); compared with what came back. */
export interface CountRowKeys {
  warehouse: string;
  location: string;
  partNo: string;
  partName?: string;
}

/** One row read back from a count sheet, before any interpretation of the count cell. */
export interface CountRow extends CountRowKeys {
  source: SourceRef;
  /** Raw cell value: number, text ('12', '１２', '1,200'), or empty. */
  countedQty: unknown;
  counter?: string;
  countedAt?: string;
  round?: number;
  /** The locked key columns as written to the sheet for this row (from the generated sheet's record). */
  original?: CountRowKeys;
}

export type CountColumn = 'warehouse' | 'location' | 'partNo' | 'partName' | 'countedQty';

export const DEFAULT_COUNT_COLUMNS: Readonly<Record<CountColumn, string>> = {
  warehouse: '仓库',
  location: '库位',
  partNo: '配件编号',
  partName: '配件名称',
  countedQty: '实盘数量',
};

export type ParsedCount = { ok: true; value: number | null } | { ok: false; reason: string };

/** Reads a count cell: empty = not counted; full-width digits and thousands separators accepted. */
export function parseCountedQty(raw: unknown): ParsedCount {
  if (raw === null || raw === undefined) return { ok: true, value: null };
  let n: number;
  if (typeof raw === 'number') n = raw;
  else if (typeof raw === 'string') {
    const s = raw
      .normalize('NFKC')
      .trim()
      .replace(/(\d),(?=\d{3}(\D|$))/g, '$1');
    if (s === '') return { ok: true, value: null };
    n = /^[-+]?(\d+(\.\d*)?|\.\d+)$/.test(s) ? Number(s) : NaN;
  } else return { ok: false, reason: '不是数字 / not a number' };
  if (!Number.isFinite(n)) return { ok: false, reason: '不是数字 / not a number' };
  if (n < 0) return { ok: false, reason: '盘点数量不能为负 / count cannot be negative' };
  return { ok: true, value: n };
}

/**
 * Every problem in the returned count rows, each with file, sheet, row and column, so nothing is posted
 * until they are fixed: locked key columns edited, missing or unknown part numbers, a count for a line not
 * in the snapshot, the same line twice in one round, negative or non-numeric counts.
 */
export function validateCounts(
  ledger: readonly LedgerLine[],
  rows: readonly CountRow[],
  columns: Partial<Record<CountColumn, string>> = {},
): CellProblem[] {
  const col = { ...DEFAULT_COUNT_COLUMNS, ...columns };
  const partNos = new Set(ledger.map((l) => l.partNo.trim()));
  const keys = new Set(ledger.map((l) => stockLineKey(l.warehouse, l.location, l.partNo)));
  const firstRow = new Map<string, SourceRef>();
  const problems: CellProblem[] = [];
  const at = (r: CountRow, c: CountColumn, value: unknown, reason: string) =>
    problems.push({
      ...r.source,
      column: col[c],
      value: value === null || value === undefined ? '' : String(value),
      reason,
    });

  for (const r of rows) {
    let keysEdited = false;
    if (r.original) {
      for (const c of ['warehouse', 'location', 'partNo', 'partName'] as const) {
        const was = (r.original[c] ?? '').trim();
        const now = (r[c] ?? '').trim();
        if (c === 'partName' && r.original.partName === undefined) continue;
        if (was !== now) {
          at(r, c, r[c], `锁定列被修改，原值 "${was}" / locked column edited, was "${was}"`);
          keysEdited = true;
        }
      }
    }
    const partNo = (r.partNo ?? '').trim();
    if (!keysEdited) {
      const key = stockLineKey(r.warehouse ?? '', r.location ?? '', partNo);
      if (partNo === '') at(r, 'partNo', r.partNo, '配件编号为空 / missing part number');
      else if (!partNos.has(partNo)) at(r, 'partNo', r.partNo, '配件编号不在盘点快照中 / unknown part number');
      else if (!keys.has(key)) {
        at(r, 'location', r.location, `快照中没有该仓库/库位/配件行 / no such line in the snapshot (${key})`);
      } else {
        const dupKey = `${r.round ?? 1}\u0000${key}`;
        const first = firstRow.get(dupKey);
        if (first) {
          at(
            r,
            'partNo',
            r.partNo,
            `重复行，首次出现在第 ${first.row} 行 / duplicate line, first at ${first.sheet} row ${first.row}`,
          );
        } else firstRow.set(dupKey, r.source);
      }
    }
    const parsed = parseCountedQty(r.countedQty);
    if (!parsed.ok) at(r, 'countedQty', r.countedQty, parsed.reason);
  }
  return problems;
}

/** Valid rows as CountLines (call after validateCounts found nothing). */
export function countRowsToCountLines(
  rows: readonly CountRow[],
  defaults: { round: number; counter: string; countedAt: string },
): CountLine[] {
  return rows.map((r) => {
    const parsed = parseCountedQty(r.countedQty);
    // Keys in code-unit order, as canonical JSON stores them: a round's 43,000 counts are stored without a copy.
    return {
      countedAt: r.countedAt || defaults.countedAt,
      countedQty: parsed.ok ? parsed.value : null,
      counter: r.counter?.trim() || defaults.counter,
      key: stockLineKey(r.warehouse, r.location, r.partNo),
      round: r.round ?? defaults.round,
    };
  });
}
