/**
 * Reads a table through either backend into typed records of a logical schema: header row found under titles,
 * columns mapped by alias or config, every problem collected at once with file/sheet/row/column, blank/totals rows
 * skipped and counted. `forEachRow` streams (memory flat in row count); `readTable` collects the rows.
 */
import { basename } from 'node:path';
import { ConcurrentEditError, ValidationError, type CellProblem } from '../../domain/errors';
import type { Locale } from '../../domain/sheets/messages';
import type { ColumnMatch } from '../../domain/sheets/detect-header';
import type { FieldMap, FieldMapping, Schema } from '../../domain/sheets/schema';
import type { SourceOptions } from '../../domain/sheets/source-options';
import { createTableParser, type SkippedCounts, type TableRow } from '../../domain/sheets/table-parser';
import type { RawRow, SourceFingerprint, TableBackend, TableRef } from './types';

export type ErrorPolicy = 'proceed-with-valid' | 'stop-on-error';

export interface ReadTableOptions<F extends FieldMap> {
  /** Field → header text for headers no alias matches (from config). */
  mapping?: FieldMapping<F>;
  policy: ErrorPolicy;
  /** Name of the file/spreadsheet as people know it, for problem reports; defaults to the file name or id. */
  label?: string;
  locale?: Locale;
  headerScanRows?: number;
  maxProblems?: number;
  /**
   * Re-check the fingerprint after reading and fail (retryably) if the source changed mid-read; default true. A
   * backend whose fingerprint is a hash of the rows (Google) gives the read's own fingerprint instead.
   */
  verifyStable?: boolean;
  /** How the sheet is kept: constants, vocabularies, money convention, row rules (config `sources`). */
  options?: SourceOptions;
  /** Each refused data row's raw cells (for checks across rows that count refused rows too). */
  onRefused?: (row: RawRow) => void;
}

export interface ReadSummary<F extends FieldMap> {
  file: string;
  sheet: string;
  headerRow: number | null;
  columns: ColumnMatch<keyof F & string>[];
  /** Problems found (capped at maxProblems; `problemCount` counts all). */
  problems: CellProblem[];
  problemCount: number;
  skipped: SkippedCounts;
  validRows: number;
  invalidRows: number;
  /** Fingerprint of the source as read, for optimistic concurrency on a later write. */
  fingerprint: SourceFingerprint;
}

export interface ReadTableResult<F extends FieldMap> extends ReadSummary<F> {
  rows: TableRow<F>[];
}

function labelOf(ref: TableRef): string {
  return ref.kind === 'excel' ? basename(ref.path) : ref.spreadsheetId;
}

function withSheet(ref: TableRef, sheet: string): TableRef {
  return ref.kind === 'excel' ? { ...ref, sheet } : { ...ref, tab: sheet };
}

/**
 * Streams valid rows to `onRow` as they are read. Throws ValidationError when the sheet cannot be read at all
 * (no header row, a required column missing) and, with 'stop-on-error', after the whole sheet was read if any
 * row had a problem; in that case rows already delivered must be discarded by the caller. Throws
 * ConcurrentEditError (retryable) if the source changed while it was read.
 */
export async function forEachRow<F extends FieldMap>(
  backend: TableBackend,
  ref: TableRef,
  schema: Schema<F>,
  opts: ReadTableOptions<F>,
  onRow: (row: TableRow<F>) => void | Promise<void>,
): Promise<ReadSummary<F>> {
  const requested = ref.kind === 'excel' ? ref.sheet : ref.tab;
  const sheet = requested ?? (await backend.listSheets(ref))[0] ?? '';
  const sheetRef = withSheet(ref, sheet);
  const file = opts.label ?? labelOf(ref);
  // Where a fingerprint is itself a full read (Google), the read's own fingerprint is used instead (below).
  const ownFingerprint = backend.fingerprintsByReading === true;
  const before = ownFingerprint ? undefined : await backend.fingerprint(sheetRef);

  const ready: TableRow<F>[] = [];
  const parser = createTableParser(
    schema,
    {
      file,
      sheet,
      mapping: opts.mapping,
      locale: opts.locale,
      headerScanRows: opts.headerScanRows,
      maxProblems: opts.maxProblems,
      ...(opts.options ? { options: opts.options } : {}),
      ...(opts.onRefused
        ? { onRefused: opts.onRefused as (row: { rowNumber: number; cells: readonly unknown[] }) => void }
        : {}),
    },
    (row) => ready.push(row),
  );
  // Iterated by hand (not for-await) to keep the stream's return value: the fingerprint of a complete read.
  const rows = backend.readRows(sheetRef)[Symbol.asyncIterator]();
  let complete = false;
  let read: SourceFingerprint | void = undefined;
  try {
    for (let next = await rows.next(); ; next = await rows.next()) {
      if (next.done) {
        complete = true;
        read = next.value;
        break;
      }
      parser.push(next.value);
      if (parser.fatal) break;
      // Rows are handed over one at a time (async callbacks included) so memory stays flat; a callback that
      // returns nothing is not awaited (a microtask turn per row).
      while (ready.length) {
        const pending = onRow(ready.shift() as TableRow<F>);
        if (pending) await pending;
      }
    }
  } finally {
    if (!complete) await rows.return?.();
  }
  const summary = parser.finish();
  while (ready.length) await onRow(ready.shift() as TableRow<F>);

  if (before && opts.verifyStable !== false) {
    const after = await backend.fingerprint(sheetRef);
    if (after.value !== before.value) {
      throw new ConcurrentEditError(`${file} › ${sheet} changed while it was being read; read again`, {
        file,
        sheet,
        before: before.value,
        after: after.value,
      });
    }
  }
  if (summary.fatal || (opts.policy === 'stop-on-error' && summary.problemCount > 0)) {
    const what = summary.fatal
      ? 'cannot be read'
      : `has ${summary.problemCount} problem(s) in ${summary.invalidRows} row(s)`;
    const err = new ValidationError(`${file} › ${sheet} ${what}`, summary.problems);
    Object.assign(err.context, {
      file,
      sheet,
      headerRow: summary.headerRow,
      invalidRows: summary.invalidRows,
      validRows: summary.validRows,
    });
    throw err;
  }
  return {
    file,
    sheet,
    headerRow: summary.headerRow,
    columns: summary.columns,
    problems: summary.problems,
    problemCount: summary.problemCount,
    skipped: summary.skipped,
    validRows: summary.validRows,
    invalidRows: summary.invalidRows,
    // A read that changed mid-way has a hash no later state of the tab matches, so the next check of this
    // fingerprint (a write's `expect`, the sources hash a correction wait polls) refuses it.
    fingerprint: before ?? read ?? (await backend.fingerprint(sheetRef)),
  };
}

/**
 * Reads the whole table into memory. With 'proceed-with-valid' the problems are returned next to the valid rows
 * (nothing dropped silently: every invalid row has its problems, skipped rows are counted); with 'stop-on-error'
 * any problem throws a ValidationError listing all of them.
 */
export async function readTable<F extends FieldMap>(
  backend: TableBackend,
  ref: TableRef,
  schema: Schema<F>,
  opts: ReadTableOptions<F>,
): Promise<ReadTableResult<F>> {
  const rows: TableRow<F>[] = [];
  const summary = await forEachRow(backend, ref, schema, opts, (row) => {
    rows.push(row);
  });
  return { ...summary, rows };
}
