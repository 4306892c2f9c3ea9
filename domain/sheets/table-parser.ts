/**
 * Turns a stream of raw rows into typed records, pure and incremental so memory stays flat: finds the header row,
 * maps columns, skips (and counts) blank, totals and sign-off rows, parses every mapped cell and collects every
 * problem with file, sheet, row, column, value and reason. Nothing is dropped without being counted.
 */
import type { CellProblem } from '../errors';
import { displayCell, isBlankCell, type RawRowLike } from './cell-value';
import { classifyRow } from './classify-row';
import {
  assertMappingFields,
  detectHeader,
  matchHeaderRow,
  perfectScore,
  scoreHeader,
  type ColumnMatch,
  type HeaderMatch,
} from './detect-header';
import type { AnyFieldDef } from './field-types';
import { reasonText, type Locale, type ReasonCode } from './messages';
import { displayHeader, normalizeKey } from './normalize-text';
import type { FieldMap, FieldMapping, RecordOf, Schema } from './schema';

export type TableRow<F extends FieldMap> = RecordOf<F> & { rowNumber: number };

export interface SkippedCounts {
  blank: number;
  totals: number;
  notes: number;
  repeatedHeaders: number;
}

export interface TableSummary<K extends string = string> {
  /** Row number of the detected header row, null when none was found. */
  headerRow: number | null;
  columns: ColumnMatch<K>[];
  skipped: SkippedCounts;
  validRows: number;
  invalidRows: number;
  /** Problems kept for reporting (at most `maxProblems`); `problemCount` counts them all. */
  problems: CellProblem[];
  problemCount: number;
  /** A structural problem (no header row, a required column missing): no row could be read. */
  fatal: boolean;
}

export interface TableParserOptions<F extends FieldMap> {
  file: string;
  sheet: string;
  mapping?: FieldMapping<F>;
  locale?: Locale;
  /** How many leading rows may hold titles before the header row (default 30). */
  headerScanRows?: number;
  /** Problems kept in memory for the report (default 50 000); all are counted. */
  maxProblems?: number;
}

export interface TableParser<F extends FieldMap> {
  push(row: RawRowLike): void;
  finish(): TableSummary<keyof F & string>;
  /** True once a structural problem makes further rows pointless; callers may stop reading. */
  readonly fatal: boolean;
}

interface ColumnSpec {
  key: string;
  def: AnyFieldDef;
  index: number;
  header: string;
}

export function createTableParser<F extends FieldMap>(
  schema: Schema<F>,
  opts: TableParserOptions<F>,
  onRow: (row: TableRow<F>) => void,
): TableParser<F> {
  type K = keyof F & string;
  assertMappingFields(schema, opts.mapping);
  const locale = opts.locale ?? 'zh-CN';
  const scanRows = opts.headerScanRows ?? 30;
  const maxProblems = opts.maxProblems ?? 50_000;
  const perfect = perfectScore(schema);
  const fieldName = (key: string): string => {
    const f = schema.fields[key] as AnyFieldDef;
    return locale === 'zh-CN' ? f.zh : f.en;
  };

  const buffer: RawRowLike[] = [];
  const skipped: SkippedCounts = { blank: 0, totals: 0, notes: 0, repeatedHeaders: 0 };
  const problems: CellProblem[] = [];
  let problemCount = 0;
  let validRows = 0;
  let invalidRows = 0;
  let header: HeaderMatch<K> | null = null;
  let headerKeysByIndex: { index: number; key: string }[] = [];
  const specs: ColumnSpec[] = [];
  const absent: string[] = [];
  let fatal = false;
  let lastRow = 0;
  let pendingBlank = 0;

  const report = (row: number, column: string, value: string, reason: string): void => {
    problemCount++;
    if (problems.length < maxProblems)
      problems.push({ file: opts.file, sheet: opts.sheet, row, column, value, reason });
  };
  const reportCode = (row: number, column: string, value: string, code: ReasonCode, detail?: string): void =>
    report(row, column, value, reasonText(code, locale, detail));

  function useHeader(match: HeaderMatch<K> | null, firstRow: number): void {
    if (!match) {
      fatal = true;
      const expected = Object.keys(schema.fields)
        .filter((k) => (schema.fields[k] as AnyFieldDef).required)
        .map(fieldName)
        .join('、');
      reportCode(firstRow, '', '', 'headerNotFound', expected);
      return;
    }
    header = match;
    lastRow = match.rowNumber;
    const byField = new Map(match.columns.map((c) => [c.field as string, c]));
    for (const key of Object.keys(schema.fields)) {
      const def = schema.fields[key] as AnyFieldDef;
      const col = byField.get(key);
      if (col) specs.push({ key, def, index: col.index, header: displayHeader(col.header) });
      else if (def.required) {
        fatal = true;
        reportCode(match.rowNumber, fieldName(key), '', 'missingColumn');
      } else absent.push(key);
    }
    for (const miss of match.mappingMisses) {
      fatal = true;
      reportCode(match.rowNumber, miss.header, '', 'mappedColumnNotFound', fieldName(miss.field));
    }
    // Problems of a row are then listed left to right, as the user reads the sheet.
    specs.sort((a, b) => a.index - b.index);
    headerKeysByIndex = match.columns.map((c) => ({ index: c.index, key: normalizeKey(c.header) }));
  }

  function isRepeatedHeader(row: RawRowLike): boolean {
    let same = 0;
    for (const h of headerKeysByIndex) {
      const v = row.cells[h.index];
      if (typeof v === 'string' && normalizeKey(v) === h.key) same++;
    }
    return same * 2 > headerKeysByIndex.length;
  }

  function dataRow(row: RawRowLike): void {
    if (row.rowNumber > lastRow + 1) pendingBlank += row.rowNumber - lastRow - 1;
    lastRow = row.rowNumber;
    const kind = classifyRow(row.cells);
    if (kind === 'blank') {
      pendingBlank++;
      return;
    }
    // Blank rows only count when data follows them; trailing formatted-but-empty rows are not rows to a person.
    skipped.blank += pendingBlank;
    pendingBlank = 0;
    if (kind) {
      skipped[kind]++;
      return;
    }
    if (isRepeatedHeader(row)) {
      skipped.repeatedHeaders++;
      return;
    }
    const rec: Record<string, unknown> = { rowNumber: row.rowNumber };
    let bad = false;
    for (const s of specs) {
      const v = row.cells[s.index];
      if (v === undefined || isBlankCell(v)) {
        rec[s.key] = null;
        if (s.def.required) {
          bad = true;
          reportCode(row.rowNumber, s.header, '', 'required');
        }
        continue;
      }
      const r = s.def.parse(v as Exclude<typeof v, null>);
      if (r.ok) rec[s.key] = r.value;
      else {
        bad = true;
        reportCode(row.rowNumber, s.header, displayCell(v), r.reason, r.detail);
      }
    }
    for (const key of absent) rec[key] = null;
    if (!bad && schema.checkRow) {
      for (const p of schema.checkRow(rec as RecordOf<F>)) {
        bad = true;
        const spec = specs.find((s) => s.key === p.field);
        report(
          row.rowNumber,
          spec?.header ?? fieldName(p.field),
          displayCell(spec ? row.cells[spec.index] : null),
          p.message[locale],
        );
      }
    }
    if (bad) invalidRows++;
    else {
      validRows++;
      onRow(rec as TableRow<F>);
    }
  }

  function flushBuffer(match: HeaderMatch<K> | null): void {
    useHeader(match, buffer[0]?.rowNumber ?? 1);
    const rest = match && !fatal ? buffer.filter((r) => r.rowNumber > match.rowNumber) : [];
    buffer.length = 0;
    for (const r of rest) dataRow(r);
  }

  return {
    push(row) {
      if (fatal) return;
      if (header) return dataRow(row);
      buffer.push(row);
      const m = matchHeaderRow(schema, row, opts.mapping);
      if (scoreHeader(schema, m) === perfect && m.mappingMisses.length === 0) flushBuffer(m);
      else if (buffer.length >= scanRows) flushBuffer(detectHeader(schema, buffer, opts.mapping));
    },
    finish() {
      if (!header && !fatal) flushBuffer(detectHeader(schema, buffer, opts.mapping));
      const h = header as HeaderMatch<K> | null;
      return {
        headerRow: h?.rowNumber ?? null,
        columns: h?.columns ?? [],
        skipped: { ...skipped },
        validRows,
        invalidRows,
        problems,
        problemCount,
        fatal,
      };
    },
    get fatal() {
      return fatal;
    },
  };
}
