/**
 * Reads a logical table from all its parts (workbooks × sheets) through the same schema, options and problem
 * reporting as one sheet: rows stream to `onRow` with the part they came from, every problem of every part is
 * collected, and a part that cannot be read at all (no header, a required column missing, not a readable .xlsx)
 * is reported with the others instead of hiding them.
 */
import { AppError, ValidationError, type CellProblem } from '../../domain/errors';
import type { FieldMap, FieldMapping, Schema } from '../../domain/sheets/schema';
import type { TableRow } from '../../domain/sheets/table-parser';
import { forEachRow, type ErrorPolicy, type ReadSummary, type ReadTableOptions } from './read-table';
import { resolveSourceParts, type ResolvedPart, type SourceSpec } from './source-spec';
import type { RawRow, TableBackend, TableRef } from './types';

export interface PartSummary extends Omit<ReadSummary<FieldMap>, 'fingerprint' | 'columns'> {
  ref: TableRef;
  columns: { field: string; index: number; header: string }[];
  fingerprint: string;
  /** The part could not be read at all: why (its problems say where). */
  fatal: string | null;
}

export interface SourceSummary {
  parts: PartSummary[];
  problems: CellProblem[];
  problemCount: number;
  validRows: number;
  invalidRows: number;
  fatal: boolean;
  /** The part's fingerprint, or for several parts all of them joined: changes when any part (or the set) changes. */
  fingerprint: string;
}

export interface ReadSourceOptions
  extends Omit<ReadTableOptions<FieldMap>, 'mapping' | 'options' | 'label' | 'policy' | 'onRefused'> {
  /** 'stop-on-error' throws after every part was read when any row has a problem; 'collect' never throws for data. */
  policy: ErrorPolicy | 'collect';
  /** Each refused data row's raw cells with its part; the part's columns are in the summary after it was read. */
  onRefused?: (row: RawRow, part: ResolvedPart) => void;
}

const EMPTY_SKIPPED = { blank: 0, totals: 0, notes: 0, repeatedHeaders: 0, filtered: 0 };

/**
 * Streams the valid rows of every part. Throws ValidationError (all parts' problems) when a part cannot be read or,
 * with 'stop-on-error', when any row was refused; rows already delivered must then be discarded by the caller.
 * Transient faults (I/O, a file changed while read) are thrown as they come, for the activity to be retried.
 */
export async function readSource<F extends FieldMap>(
  backendFor: (ref: TableRef) => TableBackend,
  spec: SourceSpec,
  schema: Schema<F>,
  opts: ReadSourceOptions,
  onRow: (row: TableRow<F>, part: ResolvedPart) => void | Promise<void>,
): Promise<SourceSummary> {
  const { onRefused, policy: _policy, ...readOpts } = opts;
  const resolved = await resolveSourceParts(backendFor, spec);
  const parts: PartSummary[] = [];
  const problems: CellProblem[] = [];
  let problemCount = 0;
  for (const part of resolved) {
    const base = { ref: part.ref, file: part.file, sheet: part.sheet };
    const nameProblems: CellProblem[] = part.unresolved.map((u) => ({
      file: part.file,
      sheet: part.sheet,
      row: 0,
      column: u.field,
      value: u.name,
      reason: `${u.from === 'sheet' ? '工作表名' : '文件名'}“${u.name}”不符合配置的规则，无法得到 ${u.field} / the ${u.from} name does not match the configured pattern`,
      code: 'constant',
      col: '',
    }));
    let summary: PartSummary;
    if (nameProblems.length) {
      summary = {
        ...base,
        ...emptyCounts(),
        problems: nameProblems,
        problemCount: nameProblems.length,
        fatal: 'constant',
      };
    } else {
      try {
        const s = await forEachRow(
          backendFor(part.ref),
          part.ref,
          schema,
          {
            ...readOpts,
            policy: 'proceed-with-valid',
            label: part.file,
            ...(part.mapping ? { mapping: part.mapping as FieldMapping<F> } : {}),
            options: part.options,
            ...(onRefused ? { onRefused: (raw: RawRow) => onRefused(raw, part) } : {}),
          },
          (row) => onRow(row, part),
        );
        summary = { ...s, ...base, columns: s.columns, fingerprint: s.fingerprint.value, fatal: null };
      } catch (err) {
        if (err instanceof ValidationError) {
          summary = {
            ...base,
            ...emptyCounts(),
            headerRow: (err.context.headerRow as number | null | undefined) ?? null,
            problems: err.problems,
            problemCount: Number(err.context.count ?? err.problems.length),
            fatal: err.message.split('\n')[0] ?? err.message,
          };
        } else if (err instanceof AppError && err.permanent) {
          const problem: CellProblem = {
            ...{ file: part.file, sheet: part.sheet, row: 0, column: '', value: '' },
            reason: err.message,
            code:
              err.code === 'UnreadableWorkbook'
                ? 'unreadable-file'
                : err.code.replace(/[A-Z]/g, (c, i: number) => (i ? '-' : '') + c.toLowerCase()),
          };
          summary = { ...base, ...emptyCounts(), problems: [problem], problemCount: 1, fatal: err.message };
        } else throw err;
      }
    }
    parts.push(summary);
    problems.push(...summary.problems);
    problemCount += summary.problemCount;
  }
  const result: SourceSummary = {
    parts,
    problems,
    problemCount,
    validRows: parts.reduce((n, p) => n + p.validRows, 0),
    invalidRows: parts.reduce((n, p) => n + p.invalidRows, 0),
    fatal: parts.some((p) => p.fatal !== null),
    fingerprint: joinFingerprints(parts),
  };
  if (opts.policy !== 'collect' && (result.fatal || (opts.policy === 'stop-on-error' && problemCount > 0))) {
    const where = parts.map((p) => `${p.file} › ${p.sheet}`).join(', ');
    const what = result.fatal ? 'cannot be read' : `has ${problemCount} problem(s) in ${result.invalidRows} row(s)`;
    const err = new ValidationError(`${where} ${what}`, problems);
    Object.assign(err.context, { count: problemCount, invalidRows: result.invalidRows, validRows: result.validRows });
    throw err;
  }
  return result;
}

function emptyCounts(): Omit<PartSummary, 'ref' | 'file' | 'sheet' | 'problems' | 'problemCount' | 'fatal'> {
  return { headerRow: null, columns: [], skipped: { ...EMPTY_SKIPPED }, validRows: 0, invalidRows: 0, fingerprint: '' };
}

function joinFingerprints(parts: readonly { file: string; sheet: string; fingerprint: string }[]): string {
  if (parts.length === 1) return parts[0]?.fingerprint ?? '';
  return parts.map((p) => `${p.file}#${p.sheet}@${p.fingerprint}`).join('|');
}

/** The fingerprint `readSource` would report for a spec now, without reading rows (same format). */
export async function sourceFingerprint(
  backendFor: (ref: TableRef) => TableBackend,
  spec: SourceSpec,
): Promise<string> {
  const parts = [];
  for (const p of await resolveSourceParts(backendFor, spec)) {
    parts.push({ file: p.file, sheet: p.sheet, fingerprint: (await backendFor(p.ref).fingerprint(p.ref)).value });
  }
  return joinFingerprints(parts);
}
