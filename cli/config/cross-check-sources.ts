/**
 * The dry run's checks across sheets, over every row read — refused rows included, since a clerk fixing a row
 * still needs to know its document number clashes or its dealer is unknown: unknown dealers (transactions,
 * returns), unknown parts (ledger, movements, returns, when a parts list is configured), duplicate document numbers.
 */
import {
  columnLetter,
  displayHeader,
  duplicateKeys,
  parseCode,
  unknownKeys,
  type KeyedCell,
} from '../../domain/sheets';
import type { CrossCheckProblem } from './validate-sources';

/** Key cells of one sheet: valid rows as parsed, refused rows as raw cells, and where each field's column is. */
export interface SheetKeys {
  source: string;
  file: string;
  sheet: string;
  columns: { field: string; index: number; header: string }[];
  valid: Record<string, unknown>[];
  refused: { rowNumber: number; cells: readonly unknown[] }[];
}

const KEY_FIELDS: Record<string, string[]> = {
  dealers: ['dealerId'],
  dealerTransactions: ['dealerId', 'docNo'],
  parts: ['partNo'],
  stockLedger: ['partNo'],
  stockMovements: ['partNo'],
  returns: ['partNo', 'dealerId'],
};

/** Fields whose values the cross checks need from a table (none: the table takes no part). */
export function keyFieldsOf(schema: string): string[] {
  return KEY_FIELDS[schema] ?? [];
}

function cellsOf(sheets: readonly SheetKeys[], source: string, field: string): KeyedCell[] {
  const out: KeyedCell[] = [];
  for (const s of sheets.filter((x) => x.source === source)) {
    const col = s.columns.find((c) => c.field === field);
    if (!col) continue;
    const base = { file: s.file, sheet: s.sheet, col: columnLetter(col.index), header: displayHeader(col.header) };
    for (const r of s.valid) {
      const v = r[field];
      if (typeof v === 'string' && v) out.push({ ...base, row: r.rowNumber as number, key: v, value: v, valid: true });
    }
    for (const r of s.refused) {
      const raw = r.cells[col.index];
      if (raw === null || raw === undefined || raw === '') continue;
      const code = parseCode(raw as string);
      out.push({ ...base, row: r.rowNumber, key: code.ok ? code.value : '', value: String(raw), valid: false });
    }
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.sheet.localeCompare(b.sheet) || a.row - b.row);
}

export function crossCheckSources(sheets: readonly SheetKeys[]): CrossCheckProblem[] {
  const out: CrossCheckProblem[] = [];
  const push = (source: string, ps: ReturnType<typeof duplicateKeys>): void => {
    for (const p of ps) {
      out.push({
        source,
        file: p.file,
        sheet: p.sheet,
        row: p.row,
        column: p.col ?? '',
        header: p.column,
        value: p.value,
        code: p.code ?? '',
        reason: p.reason,
      });
    }
  };
  const has = (source: string) => sheets.some((s) => s.source === source);
  if (has('dealers')) {
    // A dealer row refused for another reason (a bad email) still names a known dealer.
    const known = new Set(cellsOf(sheets, 'dealers', 'dealerId').map((c) => c.key));
    const what = { code: 'unknown-dealer', zh: '经销商编号', en: 'dealer id' };
    for (const source of ['dealerTransactions', 'returns'])
      push(source, unknownKeys(cellsOf(sheets, source, 'dealerId'), known, what));
  }
  if (has('parts')) {
    const known = new Set(cellsOf(sheets, 'parts', 'partNo').map((c) => c.key));
    const what = { code: 'unknown-part', zh: '配件编号', en: 'part number' };
    for (const source of ['stockLedger', 'stockMovements', 'returns'])
      push(source, unknownKeys(cellsOf(sheets, source, 'partNo'), known, what));
  }
  push('dealerTransactions', duplicateKeys(cellsOf(sheets, 'dealerTransactions', 'docNo')));
  return out;
}
