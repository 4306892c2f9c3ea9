import { dataPath, type LoadedConfig } from '../../config/load-config';
import type { SourceListConfig } from '../../config/schema';
import { createExcelBackend } from '../../activities/sheets/excel/excel-backend';
import { createGoogleBackend } from '../../activities/sheets/google';
import { googleBackendOptions } from '../../config/google-backend-options';
import { readSource, type PartSummary } from '../../activities/sheets/read-source';
import { type ResolvedPart } from '../../activities/sheets/source-spec';
import type { TableBackend, TableRef } from '../../activities/sheets/types';
import { AppError, type CellProblem } from '../../domain/errors';
import { schemas, type SchemaName } from '../../domain/sheets';
import { assertSourceUses } from './check-source-uses';
import { crossCheckSources, keyFieldsOf, type SheetKeys } from './cross-check-sources';
import { sourceSpecFromConfig } from '../../config/start-inputs/source-spec-from-config';

/** One problem as the JSON report shows it: Excel row, column letter and header, value, stable code, reason. */
export interface ReportedProblem {
  row: number;
  column: string;
  header: string;
  value: string;
  code: string;
  reason: string;
}

/** The dry run of one sheet of one configured source. */
export interface SheetCheck {
  /** Logical table (schema name), e.g. "stockLedger". */
  source: string;
  /** Config key, e.g. `sources.stockLedger` or `sources.qualityEvents.0`. */
  key: string;
  kind: 'excel' | 'google';
  file: string;
  /** Absolute path (Excel) or spreadsheet id. */
  location: string;
  sheet: string;
  headerRow: number | null;
  /** Data rows under the header: valid + refused (skipped rows not included). */
  rowsRead: number;
  valid: number;
  refused: number;
  skipped: { blank: number; total: number; filtered: number };
  problemCount: number;
  problems: ReportedProblem[];
  /** Legacy fields: valid rows, and the sheet could not be read at all. */
  rows: number;
  error?: string;
}

/** A problem found across rows or sheets: where it is, as a ReportedProblem says what it is. */
export interface CrossCheckProblem extends ReportedProblem {
  source: string;
  file: string;
  sheet: string;
}

export interface ValidationReport {
  sources: SheetCheck[];
  crossChecks: CrossCheckProblem[];
}

function configuredSources(cfg: LoadedConfig): { key: string; schema: SchemaName; source: SourceListConfig }[] {
  const out: { key: string; schema: SchemaName; source: SourceListConfig }[] = [];
  for (const [name, value] of Object.entries(cfg.sources) as [string, SourceListConfig | undefined][]) {
    if (!value || !(name in schemas)) continue;
    // Quality events are a list of separate sources; elsewhere a list is one table kept in several places.
    if (name === 'qualityEvents' && Array.isArray(value)) {
      value.forEach((s, i) => out.push({ key: `sources.${name}.${i}`, schema: name, source: s }));
    } else out.push({ key: `sources.${name}`, schema: name as SchemaName, source: value });
  }
  return out;
}

export function reportedProblem(p: CellProblem): ReportedProblem {
  return {
    row: p.row,
    column: p.col ?? '',
    header: p.column,
    value: p.value,
    code: p.code ?? 'invalid',
    reason: p.reason,
  };
}

function sheetCheck(
  key: string,
  schema: string,
  ref: TableRef,
  location: string,
  s: PartSummary,
  max: number,
): SheetCheck {
  const valid = s.validRows;
  return {
    source: schema,
    key,
    kind: ref.kind,
    file: s.file,
    location,
    sheet: s.sheet,
    headerRow: s.headerRow,
    rowsRead: valid + s.invalidRows,
    valid,
    refused: s.invalidRows,
    skipped: {
      blank: s.skipped.blank,
      total: s.skipped.totals,
      filtered: s.skipped.filtered + s.skipped.notes + s.skipped.repeatedHeaders,
    },
    problemCount: s.problemCount,
    problems: s.problems.slice(0, max).map(reportedProblem),
    rows: valid,
    ...(s.fatal ? { error: s.fatal } : {}),
  };
}

/**
 * Opens every spreadsheet the config points at and reads it through the same schema mapping, source options and
 * validation the workflows use, per sheet (a source kept in several workbooks or sheets gives one entry each), then
 * checks across sheets over all rows, refused ones included: unknown dealers and parts, duplicate document numbers.
 * The backends are built as worker.ts builds them (Excel paths inside the data dir), so a path the worker would
 * refuse is refused here too; a source the workflows would read only in part (a list, glob, several sheets or setFrom
 * where one sheet is read) is a ConfigError naming each key before anything is opened. Read-only: nothing is
 * written. `googleRootUrl` points the Google client at another API root (tests).
 */
export async function validateSources(
  cfg: LoadedConfig,
  opts: { maxProblems?: number; googleRootUrl?: string } = {},
): Promise<ValidationReport> {
  assertSourceUses(cfg);
  const excel = createExcelBackend({ root: cfg.dataDirAbs });
  let google: TableBackend | null | undefined;
  const googleBackend = (): TableBackend | null => {
    if (google === undefined) {
      const options = googleBackendOptions(cfg.google);
      google = options
        ? createGoogleBackend({ ...options, ...(opts.googleRootUrl ? { rootUrl: opts.googleRootUrl } : {}) })
        : null;
    }
    return google;
  };
  const max = opts.maxProblems ?? 500;
  const checks: SheetCheck[] = [];
  const keys: SheetKeys[] = [];
  for (const { key, schema, source } of configuredSources(cfg)) {
    const spec = sourceSpecFromConfig(source, (p) => dataPath(cfg, p));
    const first = Array.isArray(source) ? source[0] : source;
    const fail = (message: string): void => {
      const ref = spec.ref;
      checks.push({
        source: schema,
        key,
        kind: ref.kind,
        file: ref.kind === 'excel' ? (ref.path.split('/').pop() ?? '') : ref.spreadsheetId,
        location: ref.kind === 'excel' ? ref.path : ref.spreadsheetId,
        sheet: (ref.kind === 'excel' ? ref.sheet : ref.tab) ?? '',
        headerRow: null,
        rowsRead: 0,
        valid: 0,
        refused: 0,
        skipped: { blank: 0, total: 0, filtered: 0 },
        problemCount: 1,
        problems: [{ row: 0, column: '', header: '', value: '', code: 'unreadable', reason: message }],
        rows: 0,
        error: message,
      });
    };
    if (first?.kind === 'google' && !googleBackend()) {
      fail(`${key} is a Google sheet, but the config has no "google" credentials`);
      continue;
    }
    const backendFor = (ref: TableRef): TableBackend =>
      ref.kind === 'google' ? (googleBackend() as TableBackend) : excel;
    const fields = keyFieldsOf(schema);
    const valid = new Map<ResolvedPart, Record<string, unknown>[]>();
    const refused = new Map<ResolvedPart, { rowNumber: number; cells: readonly unknown[] }[]>();
    try {
      const summary = await readSource(
        backendFor,
        spec,
        schemas[schema] as never,
        {
          policy: 'collect',
          locale: cfg.locale,
          maxProblems: Math.max(max, 5000),
          verifyStable: false,
          ...(fields.length
            ? { onRefused: (raw, part) => refused.set(part, [...(refused.get(part) ?? []), raw]) }
            : {}),
        },
        (row, part) => {
          if (!fields.length) return;
          const r = row as Record<string, unknown>;
          const picked: Record<string, unknown> = { rowNumber: r.rowNumber };
          for (const f of fields) picked[f] = r[f];
          valid.set(part, [...(valid.get(part) ?? []), picked]);
        },
      );
      for (const part of summary.parts) {
        const location = part.ref.kind === 'excel' ? part.ref.path : part.ref.spreadsheetId;
        checks.push(sheetCheck(key, schema, part.ref, location, part, max));
        const resolved = [...new Set([...valid.keys(), ...refused.keys()])].find(
          (p) => p.file === part.file && p.sheet === part.sheet,
        );
        if (fields.length && !part.fatal) {
          keys.push({
            source: schema,
            file: part.file,
            sheet: part.sheet,
            columns: part.columns,
            valid: resolved ? (valid.get(resolved) ?? []) : [],
            refused: resolved ? (refused.get(resolved) ?? []) : [],
          });
        }
      }
    } catch (err) {
      if (err instanceof AppError && err.permanent) fail(err.message);
      else fail((err as Error).message);
    }
  }
  return { sources: checks, crossChecks: crossCheckSources(keys) };
}
