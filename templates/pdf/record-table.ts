import type { Content } from 'pdfmake/interfaces';
import { formatFen } from '../../domain/money';
import { type DataCell, type DataColumn, dataTable } from './blocks';
import type { PdfLocale } from './labels';

/**
 * One column of a record table: the record field it prints. A `money` column holds fen and prints yuan
 * (formatFen), right-aligned; `'nonzero'` leaves 0 empty (a debit column beside a credit column).
 */
export interface RecordColumn<K extends string> extends DataColumn {
  key: K;
  money?: true | 'nonzero';
}

/** A line of a record table: plain fields; a field a line leaves out (a subtotal's) prints as empty, like any empty cell. */
export type RecordRow = { readonly [field: string]: DataCell };

/** The fields of any kind of line in the table (the records and, say, their subtotal line). */
type FieldOf<R> = R extends unknown ? Extract<keyof R, string> : never;

/**
 * A table of records — claim lines, account movements, open items, incident steps — whose columns name the field they
 * print, so amounts print one way everywhere and a subtotal, opening or closing line is a record naming only the
 * fields it fills (no rows of blanks counted by hand). Drawn by dataTable, so it looks like every other table.
 */
export function recordTable<R extends RecordRow>(opts: {
  locale: PdfLocale;
  fontSize?: number;
  columns: RecordColumn<NoInfer<FieldOf<R>>>[];
  rows: readonly R[];
}): Content {
  return dataTable({
    locale: opts.locale,
    fontSize: opts.fontSize,
    columns: opts.columns.map((c) => ({ header: c.header, width: c.width, align: c.align ?? (c.money && 'right') })),
    rows: opts.rows.map((r) => opts.columns.map((c) => cell(c, (r as RecordRow)[c.key]))),
  });
}

function cell(c: RecordColumn<string>, v: DataCell): DataCell {
  if (!c.money || typeof v !== 'number') return v;
  return c.money === 'nonzero' && v === 0 ? '' : formatFen(v);
}
