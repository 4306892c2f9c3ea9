import { basename } from 'node:path';
import { dataPath, type LoadedConfig } from '../../config/load-config';
import type { SourceConfig } from '../../config/schema';
import { createExcelBackend } from '../../activities/sheets/excel/excel-backend';
import { createGoogleBackend, type GoogleAuthConfig } from '../../activities/sheets/google';
import { forEachRow } from '../../activities/sheets/read-table';
import type { TableBackend, TableRef } from '../../activities/sheets/types';
import { ValidationError, type CellProblem } from '../../domain/errors';
import { schemas, type FieldMap, type FieldMapping, type SchemaName } from '../../domain/sheets';

export interface SourceCheck {
  /** Config key, e.g. `sources.dealers` or `sources.qualityEvents.0`. */
  key: string;
  kind: SourceConfig['kind'];
  /** File path or spreadsheet id as configured (resolved for Excel). */
  location: string;
  sheet?: string;
  rows: number;
  invalidRows: number;
  problemCount: number;
  problems: CellProblem[];
  /** The source could not be opened or read at all. */
  error?: string;
}

function googleAuth(cfg: LoadedConfig): GoogleAuthConfig | null {
  const g = cfg.google;
  if (!g) return null;
  if ('serviceAccountKeyFile' in g) return { kind: 'service-account', keyFile: g.serviceAccountKeyFile };
  return { kind: 'oauth', ...g.oauth };
}

function configuredSources(cfg: LoadedConfig): { key: string; schema: SchemaName; source: SourceConfig }[] {
  const out: { key: string; schema: SchemaName; source: SourceConfig }[] = [];
  for (const [name, value] of Object.entries(cfg.sources)) {
    if (!value || !(name in schemas)) continue;
    const list = Array.isArray(value) ? value : [value];
    list.forEach((source, i) => {
      out.push({
        key: Array.isArray(value) ? `sources.${name}.${i}` : `sources.${name}`,
        schema: name as SchemaName,
        source,
      });
    });
  }
  return out;
}

/**
 * Opens every spreadsheet the config points at and reads it through the same schema mapping and validation the
 * workflows use, collecting every problem (file, sheet, row, column) instead of stopping at the first. The
 * backends are built as worker.ts builds them (Excel paths inside the data dir, the Google key file as given), so
 * a path the worker would refuse is refused here too. Read-only: nothing is written anywhere. `googleRootUrl`
 * points the Google client at another API root (tests).
 */
export async function validateSources(
  cfg: LoadedConfig,
  opts: { maxProblems?: number; googleRootUrl?: string } = {},
): Promise<SourceCheck[]> {
  const excel = createExcelBackend({ root: cfg.dataDirAbs });
  let google: TableBackend | null | undefined;
  const checks: SourceCheck[] = [];
  for (const { key, schema, source } of configuredSources(cfg)) {
    const ref: TableRef =
      source.kind === 'excel'
        ? { kind: 'excel', path: source.path, ...(source.sheet ? { sheet: source.sheet } : {}) }
        : { kind: 'google', spreadsheetId: source.spreadsheetId, ...(source.tab ? { tab: source.tab } : {}) };
    const check: SourceCheck = {
      key,
      kind: source.kind,
      location: ref.kind === 'excel' ? dataPath(cfg, ref.path) : ref.spreadsheetId,
      rows: 0,
      invalidRows: 0,
      problemCount: 0,
      problems: [],
    };
    checks.push(check);
    let backend: TableBackend | null = excel;
    if (source.kind === 'google') {
      if (google === undefined) {
        const auth = googleAuth(cfg);
        google = auth
          ? createGoogleBackend({ auth, ...(opts.googleRootUrl ? { rootUrl: opts.googleRootUrl } : {}) })
          : null;
      }
      backend = google;
      if (!backend) {
        check.error = `${key} is a Google sheet, but the config has no "google" credentials`;
        continue;
      }
    }
    try {
      const summary = await forEachRow(
        backend,
        ref,
        schemas[schema] as never,
        {
          policy: 'proceed-with-valid',
          ...(source.mapping ? { mapping: source.mapping as FieldMapping<FieldMap> } : {}),
          label: ref.kind === 'excel' ? basename(ref.path) : ref.spreadsheetId,
          locale: cfg.locale,
          maxProblems: opts.maxProblems ?? 500,
          verifyStable: false,
        },
        () => undefined,
      );
      Object.assign(check, {
        sheet: summary.sheet,
        rows: summary.validRows,
        invalidRows: summary.invalidRows,
        problemCount: summary.problemCount,
        problems: summary.problems,
      });
    } catch (err) {
      if (err instanceof ValidationError) {
        check.problems = err.problems;
        check.problemCount = Number(err.context.count ?? err.problems.length);
        check.sheet = typeof err.context.sheet === 'string' ? err.context.sheet : undefined;
        if (!err.problems.length) check.error = err.message;
      } else check.error = (err as Error).message;
    }
  }
  return checks;
}
