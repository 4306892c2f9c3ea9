/**
 * Reads the dealer list (经销商) and dealer transactions (往来账) through the table backend and the shared
 * schemas, into the domain's Dealer / DealerTransaction records. Rows the parser refuses are not lost: every
 * problem keeps file, sheet, row and column, and is attributed to the dealer id in its row (read from the
 * raw cells) so that dealer can be held back while the others proceed.
 */
import { basename } from 'node:path';
import type { Dealer, DealerTransaction, RowSource } from '../../domain/dunning';
import type { CellProblem } from '../../domain/errors';
import {
  columnLetter,
  createTableParser,
  displayHeader,
  type KeyedCell,
  parseCode,
  schemas,
  type CellValue,
  type FieldMap,
  type FieldMapping,
  type Schema,
  type TableRow,
  type TableSummary,
} from '../../domain/sheets';
import type { SourceOptions } from '../../domain/sheets/source-options';
import type { TableBackend, TableRef } from '../sheets/types';

export interface TableLocation {
  file: string;
  sheet: string;
}

export interface ParsedTable<R> extends TableLocation {
  rows: R[];
  summary: TableSummary;
  /** Problems by the dealer id found in the offending row ('' when the row names none). */
  problemsByDealer: Map<string, CellProblem[]>;
  /**
   * Dealer id or document number cells of the data rows, valid or refused, for checks across rows and sheets; those
   * `keep` accepts (by key, validity and row), or all. Built on demand: a cell object for each of 180,000 rows, held
   * for the whole read, was most of the month's read memory.
   */
  keyCells(field: KeyField, keep?: KeepCell): KeyedCell[];
}

type KeyField = 'dealerId' | 'docNo';
/** Picks the key cells a check needs: key '' when the cell is not a valid code. */
type KeepCell = (key: string, valid: boolean, row: number) => boolean;

/**
 * Fields with few distinct values among many rows (5,000 dealer ids and a few hundred dates in 180,000 transactions):
 * each row's cell arrives as a string of its own, so equal values are shared while the table is read (~5 MB less at
 * the month's peak). Document numbers are unique and not pooled.
 */
const SHARED_FIELDS = ['dealerId', 'date', 'dueDate', 'type'] as const;

/** File and sheet as a person would name them in a problem report. */
export async function locate(backend: TableBackend, ref: TableRef): Promise<TableLocation> {
  const file = ref.kind === 'excel' ? basename(ref.path) : ref.spreadsheetId;
  const wanted = ref.kind === 'excel' ? ref.sheet : ref.tab;
  if (wanted) return { file, sheet: wanted };
  const sheets = await backend.listSheets(ref);
  return { file, sheet: sheets[0] ?? '' };
}

/**
 * Parses a table, turning each accepted row into a record right away (`toRecord`), so a month's 200,000
 * transactions are held once, not as parser rows and then again as records. `header` is filled with field →
 * header text once the header row is known (records may keep a reference to it).
 */
async function parseTable<F extends FieldMap, R>(
  backend: TableBackend,
  ref: TableRef,
  schema: Schema<F>,
  mapping: Record<string, string> | undefined,
  options: SourceOptions | undefined,
  toRecord: (row: TableRow<F>, where: TableLocation, header: Record<string, string>) => R,
): Promise<ParsedTable<R>> {
  const where = await locate(backend, ref);
  const rows: R[] = [];
  const header: Record<string, string> = {};
  // Raw cells of rows that did not become records, to find the dealer a refused row belongs to.
  const refused = new Map<number, readonly CellValue[]>();
  // Dealer id and document number of the accepted rows (the records may not keep them as read), column-wise: one
  // object per row cost ~40 bytes each at 200k rows for values the arrays hold as well.
  const acceptedKeys = { row: [] as number[], dealerId: [] as unknown[], docNo: [] as unknown[] };
  let accepted = -1;
  // One string per distinct value of the SHARED_FIELDS, for this read only.
  const shared = new Map<string, string>();
  const parser = createTableParser(
    schema,
    { ...where, ...(mapping ? { mapping: mapping as FieldMapping<F> } : {}), ...(options ? { options } : {}) },
    (r) => {
      const cells = r as Record<string, unknown>;
      for (const f of SHARED_FIELDS) {
        const v = cells[f];
        if (typeof v !== 'string') continue;
        const known = shared.get(v);
        if (known === undefined) shared.set(v, v);
        else cells[f] = known;
      }
      rows.push(toRecord(r, where, header));
      acceptedKeys.row.push(r.rowNumber);
      acceptedKeys.dealerId.push(cells.dealerId);
      acceptedKeys.docNo.push(cells.docNo);
      accepted = r.rowNumber;
      refused.delete(r.rowNumber);
    },
  );
  for await (const raw of backend.readRows(ref)) {
    accepted = -1;
    parser.push(raw);
    if (accepted !== raw.rowNumber) refused.set(raw.rowNumber, raw.cells);
    if (parser.fatal) break;
  }
  const summary = parser.finish();
  for (const c of summary.columns) header[c.field as string] = c.header;
  const idColumn = summary.columns.find((c) => c.field === 'dealerId')?.index;
  // Refused rows only (skipped blank/totals/filtered rows are not data and name nobody).
  const withProblems = new Set(summary.problems.map((p) => p.row));
  const keyCells = (field: KeyField, keep?: KeepCell): KeyedCell[] => {
    const col = summary.columns.find((c) => c.field === field);
    if (!col) return [];
    const out: KeyedCell[] = [];
    const letter = columnLetter(col.index);
    const header = displayHeader(col.header);
    const add = (row: number, value: unknown, valid: boolean): void => {
      if (value === null || value === undefined || value === '') return;
      const code =
        typeof value === 'string' && valid ? { ok: true as const, value } : parseCode(value as CellValue & {});
      const key = code.ok ? code.value : '';
      if (keep && !keep(key, valid, row)) return;
      out.push({ ...where, row, col: letter, header, key, value: String(value), valid });
    };
    for (let i = 0; i < acceptedKeys.row.length; i++) add(acceptedKeys.row[i]!, acceptedKeys[field][i], true);
    for (const [row, cells] of refused) {
      if (summary.headerRow === null || row <= summary.headerRow || !withProblems.has(row)) continue;
      add(row, cells[col.index], false);
    }
    return out;
  };
  const problemsByDealer = new Map<string, CellProblem[]>();
  for (const p of summary.problems) {
    // Header-level problems (missing column, no header) belong to no dealer.
    const dataRow = summary.headerRow !== null && p.row > summary.headerRow;
    const cell = idColumn === undefined || !dataRow ? undefined : refused.get(p.row)?.[idColumn];
    const id = cell === undefined || cell === null ? null : parseCode(cell);
    const dealerId = id?.ok ? id.value : '';
    problemsByDealer.set(dealerId, [...(problemsByDealer.get(dealerId) ?? []), p]);
  }
  return { ...where, rows, summary, problemsByDealer, keyCells };
}

export async function readDealers(
  backend: TableBackend,
  ref: TableRef,
  opts: { mapping?: Record<string, string>; options?: SourceOptions; defaultPaymentTermsDays: number },
): Promise<ParsedTable<Dealer>> {
  return parseTable(backend, ref, schemas.dealers, opts.mapping, opts.options, (r, where, columns): Dealer => ({
    dealerId: r.dealerId,
    name: r.name,
    region: r.region ?? '',
    email: r.email.split(',')[0]!.trim(),
    ...(r.contact ? { contact: r.contact } : {}),
    creditLimitFen: r.creditLimit ?? 0,
    paymentTermsDays: r.paymentTermsDays ?? opts.defaultPaymentTermsDays,
    creditHold: r.creditHold ?? false,
    dunningBlock: r.dunningBlock ?? false,
    source: { file: where.file, sheet: where.sheet, row: r.rowNumber, columns },
  }));
}

export async function readTransactions(
  backend: TableBackend,
  ref: TableRef,
  opts: { mapping?: Record<string, string>; options?: SourceOptions } = {},
): Promise<ParsedTable<DealerTransaction>> {
  return parseTable(backend, ref, schemas.dealerTransactions, opts.mapping, opts.options, (r, where, columns) => ({
    date: r.date,
    dealerId: r.dealerId,
    type: r.type,
    docNo: r.docNo,
    amountFen: r.amount,
    ...(r.dueDate ? { dueDate: r.dueDate } : {}),
    ...(r.refDocNo ? { refDocNo: r.refDocNo } : {}),
    ...(r.note ? { note: r.note } : {}),
    source: { file: where.file, sheet: where.sheet, row: r.rowNumber, columns: columns as RowSource['columns'] },
  }));
}
