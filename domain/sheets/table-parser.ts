/**
 * Turns a stream of raw rows into typed records, pure and incremental so memory stays flat: finds the header row,
 * maps columns, skips (and counts) blank, totals and sign-off rows, parses every mapped cell and collects every
 * problem with file, sheet, row, column, value and reason. Nothing is dropped without being counted.
 */
import type { CellProblem } from '../errors';
import { columnLetter, displayCell, isBlankCell, type CellValue, type RawRowLike } from './cell-value';
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
import { problemCode, reasonText, type Locale, type ReasonCode } from './messages';
import { displayHeader, keyLastChar, normalizeKey } from './normalize-text';
import type { FieldMap, FieldMapping, RecordOf, Schema } from './schema';
import { adaptFields, checkSourceOptions, textMatcher, type SourceOptions } from './source-options';
import { applyDirection, directionMode, type DirectionMode } from './apply-direction';

export type TableRow<F extends FieldMap> = RecordOf<F> & { rowNumber: number };

export interface SkippedCounts {
  blank: number;
  totals: number;
  notes: number;
  repeatedHeaders: number;
  /** Rows a source's row rules skip (e.g. 期初余额 when not read as the opening balance). */
  filtered: number;
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
  /** How this sheet is kept: constants, extra enum words, money convention, row rules. */
  options?: SourceOptions;
  /** Called with each data row that was refused, for checks across rows that also count refused rows. */
  onRefused?: (row: RawRowLike) => void;
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
  letter: string;
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
  const fields = adaptFields(schema, opts.options);
  const constants = new Map<string, unknown>();
  // A constant field has no column, so a header without it is still perfect.
  const perfect =
    perfectScore(schema) -
    Object.keys(opts.options?.set ?? {}).reduce(
      (n, k) => n + (k in schema.fields ? ((schema.fields[k] as AnyFieldDef).required ? 2 : 1) : 0),
      0,
    );
  const rowRules = (opts.options?.rows ?? []).map((r) => ({ test: textMatcher(r.match), action: r.action }));
  let mode: DirectionMode = 'positive';
  const fieldName = (key: string): string => {
    const f = schema.fields[key] as AnyFieldDef;
    return locale === 'zh-CN' ? f.zh : f.en;
  };

  const buffer: RawRowLike[] = [];
  const skipped: SkippedCounts = { blank: 0, totals: 0, notes: 0, repeatedHeaders: 0, filtered: 0 };
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

  const report = (row: number, column: string, value: string, reason: string, code: string, col = ''): void => {
    problemCount++;
    if (problems.length < maxProblems)
      problems.push({ file: opts.file, sheet: opts.sheet, row, column, value, reason, code, col });
  };
  const reportCode = (row: number, column: string, value: string, code: ReasonCode, detail?: string, col = ''): void =>
    report(row, column, value, reasonText(code, locale, detail), problemCode(code), col);

  // Constants are parsed once like a cell; a constant the field refuses is a configuration problem (fatal).
  for (const msg of checkSourceOptions(schema, opts.options)) {
    fatal = true;
    report(0, '', '', msg, 'config');
  }
  for (const [key, text] of Object.entries(opts.options?.set ?? {})) {
    const def = fields[key];
    if (!def) continue;
    const r = def.parse(text);
    if (r.ok) constants.set(key, r.value);
    else {
      fatal = true;
      reportCode(0, fieldName(key), text, r.reason, r.detail);
    }
  }

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
    mode = directionMode(schema.ledger, opts.options?.money?.sign, (k) => byField.has(k));
    const lifted = liftedFields(schema, mode);
    for (const key of Object.keys(schema.fields)) {
      const def = fields[key] as AnyFieldDef;
      if (constants.has(key)) continue;
      const col = byField.get(key);
      const required = def.required && !lifted.has(key);
      if (col) {
        specs.push({
          key,
          def: required === def.required ? def : { ...def, required },
          index: col.index,
          header: displayHeader(col.header),
          letter: columnLetter(col.index),
        });
      } else if (required) {
        fatal = true;
        reportCode(match.rowNumber, fieldName(key), '', 'missingColumn');
      } else absent.push(key);
    }
    if (
      mode === 'debit-credit' &&
      !byField.has(schema.ledger?.debit ?? '') &&
      !byField.has(schema.ledger?.credit ?? '')
    ) {
      fatal = true;
      reportCode(
        match.rowNumber,
        `${fieldName(schema.ledger?.debit ?? '')}/${fieldName(schema.ledger?.credit ?? '')}`,
        '',
        'missingColumn',
      );
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
    // More than half the header cells must match: stop at the first miss that makes that impossible. Cells that
    // are not text are counted first, since they miss without normalising anything (a data row's dates, numbers).
    const need = Math.floor(headerKeysByIndex.length / 2) + 1;
    let misses = headerKeysByIndex.length - need + 1;
    let same = 0;
    for (const h of headerKeysByIndex) {
      if (typeof row.cells[h.index] !== 'string' && --misses === 0) return false;
    }
    for (const h of headerKeysByIndex) {
      const v = row.cells[h.index];
      if (typeof v !== 'string') continue;
      const last = keyLastChar(v);
      if ((last === -1 || last === h.key.charCodeAt(h.key.length - 1)) && normalizeKey(v) === h.key) {
        if (++same >= need) return true;
      } else if (--misses === 0) return false;
    }
    return false;
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
    let opening = false;
    for (const rule of rowRules) {
      if (!row.cells.some((c) => typeof c === 'string' && rule.test(c))) continue;
      if (rule.action === 'skip') {
        skipped.filtered++;
        return;
      }
      opening = true;
    }
    const rec: Record<string, unknown> = { rowNumber: row.rowNumber };
    let bad = false;
    const relaxed = opening ? openingRelaxed(schema) : null;
    for (const s of specs) {
      const v = row.cells[s.index];
      if (v === undefined || isBlankCell(v)) {
        rec[s.key] = null;
        if (s.def.required && !relaxed?.has(s.key)) {
          bad = true;
          reportCode(row.rowNumber, s.header, '', 'required', undefined, s.letter);
        }
        continue;
      }
      const r = s.def.parse(v as Exclude<typeof v, null>);
      if (r.ok) rec[s.key] = r.value;
      else {
        bad = true;
        reportCode(row.rowNumber, s.header, displayCell(v), r.reason, r.detail, s.letter);
      }
    }
    for (const key of absent) rec[key] = null;
    for (const [key, value] of constants) rec[key] = value;
    if (!bad && schema.ledger && (mode !== 'positive' || opening)) {
      const cell = (key: string): { header: string; letter: string; value: CellValue } => {
        const spec = specs.find((x) => x.key === key);
        return spec
          ? { header: spec.header, letter: spec.letter, value: row.cells[spec.index] ?? null }
          : { header: fieldName(key), letter: '', value: null };
      };
      for (const p of applyDirection(schema.ledger, mode, rec, opening, locale)) {
        bad = true;
        const c = cell(p.field);
        report(row.rowNumber, c.header, displayCell(c.value), p.reason, p.code, c.letter);
      }
    }
    if (!bad && schema.checkRow) {
      for (const p of schema.checkRow(rec as RecordOf<F>)) {
        bad = true;
        const spec = specs.find((s) => s.key === p.field);
        report(
          row.rowNumber,
          spec?.header ?? fieldName(p.field),
          displayCell(spec ? row.cells[spec.index] : null),
          p.message[locale],
          'row-rule',
          spec?.letter ?? '',
        );
      }
    }
    if (bad) {
      invalidRows++;
      opts.onRefused?.(row);
    } else {
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
      if (scoreHeader(schema, m) >= perfect && m.mappingMisses.length === 0) flushBuffer(m);
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

/** Fields a direction convention derives, so their columns may be absent or blank. */
function liftedFields<F extends FieldMap>(schema: Schema<F>, mode: DirectionMode): Set<string> {
  const l = schema.ledger;
  if (!l || mode === 'positive') return new Set();
  return new Set(mode === 'debit-credit' ? [l.type, l.amount] : [l.type]);
}

/** An opening-balance row needs no type, document number or due date: the reader supplies them. */
function openingRelaxed<F extends FieldMap>(schema: Schema<F>): Set<string> {
  const l = schema.ledger;
  return new Set(l ? [l.type, l.docNo, l.dueDate] : []);
}
