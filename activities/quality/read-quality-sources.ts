/**
 * Reads the quality sources through the sheets layer (header aliases, typed cells, every problem with file,
 * sheet, row and column): quality events are streamed row by row to a callback (memory flat in row count), the
 * failure-mode catalogue and the production volumes are small and read whole. A source that cannot be read at
 * all (missing file or sheet, no header, a required column missing) is reported as `fatal` instead of failing
 * the activity: the supervisor gets it as a problem to correct. Transient faults (I/O, a file changed while it
 * was read) are thrown for Temporal to retry.
 */
import { basename } from 'node:path';
import { AppError, ValidationError, type CellProblem } from '../../domain/errors';
import { splitSynonyms, type FailureModeEntry, type ProductionVolume, type QualityEvent } from '../../domain/quality';
import { schemas, type QualityEventRow } from '../../domain/sheets';
import { forEachRow, type ReadSummary } from '../sheets/read-table';
import type { TableBackend, TableRef } from '../sheets/types';
import type { QualitySourceReport, QualitySourceSpec } from './types';

type Role = QualitySourceReport['role'];

export function sourceFile(ref: TableRef): string {
  return ref.kind === 'excel' ? basename(ref.path) : ref.spreadsheetId;
}

function sourceSheet(ref: TableRef): string {
  return (ref.kind === 'excel' ? ref.sheet : ref.tab) ?? '';
}

function fatalReport(
  role: Role,
  ref: TableRef,
  err: AppError,
): { report: QualitySourceReport; problems: CellProblem[] } {
  const file = sourceFile(ref);
  const sheet = String((err.context.sheet as string | undefined) ?? sourceSheet(ref));
  const reason = err.message.split('\n')[0] ?? err.message;
  const problems =
    err instanceof ValidationError && err.problems.length > 0
      ? err.problems
      : [{ file, sheet, row: 0, column: '', value: '', reason }];
  return {
    report: {
      role,
      file,
      sheet,
      fingerprint: '',
      validRows: 0,
      invalidRows: 0,
      problemCount: problems.length,
      fatal: reason,
    },
    problems,
  };
}

function okReport(role: Role, s: ReadSummary<never>, extra: Partial<QualitySourceReport> = {}): QualitySourceReport {
  return {
    role,
    file: s.file,
    sheet: s.sheet,
    fingerprint: s.fingerprint.value,
    validRows: s.validRows,
    invalidRows: s.invalidRows,
    problemCount: s.problemCount,
    fatal: null,
    ...extra,
  };
}

/** Runs one read; permanent AppErrors (missing file/sheet/column, unreadable workbook) become a fatal report. */
async function guarded<T>(
  role: Role,
  ref: TableRef,
  read: () => Promise<{ summary: ReadSummary<never>; value: T; extra?: Partial<QualitySourceReport> }>,
  empty: T,
): Promise<{ value: T; report: QualitySourceReport; problems: CellProblem[] }> {
  try {
    const { summary, value, extra } = await read();
    return { value, report: okReport(role, summary, extra), problems: summary.problems };
  } catch (err) {
    if (err instanceof AppError && err.permanent) return { value: empty, ...fatalReport(role, ref, err) };
    throw err;
  }
}

export async function readFailureModeCatalogue(backend: TableBackend, spec: QualitySourceSpec) {
  return guarded<FailureModeEntry[]>(
    'failureModes',
    spec.ref,
    async () => {
      const entries: FailureModeEntry[] = [];
      const summary = await forEachRow(
        backend,
        spec.ref,
        schemas.failureModes,
        { policy: 'proceed-with-valid', mapping: spec.mapping, ...(spec.options ? { options: spec.options } : {}) },
        (r) => {
          entries.push({ code: r.code, name: r.name, category: r.category ?? '', synonyms: splitSynonyms(r.synonyms) });
        },
      );
      return { summary: summary as ReadSummary<never>, value: entries };
    },
    [],
  );
}

export async function readProductionVolumes(backend: TableBackend, spec: QualitySourceSpec) {
  return guarded<ProductionVolume[]>(
    'productionVolumes',
    spec.ref,
    async () => {
      const rows: ProductionVolume[] = [];
      const summary = await forEachRow(
        backend,
        spec.ref,
        schemas.productionVolumes,
        { policy: 'proceed-with-valid', mapping: spec.mapping, ...(spec.options ? { options: spec.options } : {}) },
        (r) => {
          rows.push({ month: r.month, model: r.model, volume: r.volume });
        },
      );
      return { summary: summary as ReadSummary<never>, value: rows };
    },
    [],
  );
}

/** Typed row → domain event; blank optional cells stay absent, a missing quantity means one unit. */
export function toQualityEvent(r: QualityEventRow & { rowNumber: number }, file: string, sheet: string): QualityEvent {
  const e: QualityEvent = {
    date: r.date,
    source: r.source,
    model: r.model,
    partNo: r.partNo ?? '',
    failureMode: r.failureMode ?? '',
    qty: r.qty ?? 1,
    ref: { file, sheet, row: r.rowNumber, ...(r.returnNo ? { key: r.returnNo } : {}) },
  };
  if (r.partName) e.partName = r.partName;
  if (r.supplier) e.supplier = r.supplier;
  if (r.dealerId) e.dealerId = r.dealerId;
  if (r.region) e.region = r.region;
  if (r.vin) e.vin = r.vin;
  if (r.severity) e.severity = r.severity;
  if (r.description) e.description = r.description;
  if (r.closedAt) e.closedAt = r.closedAt;
  return e;
}

/**
 * Streams one quality-event source: rows dated inside [from, to] (ISO dates) go to `onEvent`, others are
 * counted in `outsideWindow`. `onEvent` may be async (it writes to disk); rows are handed over one at a time.
 */
export async function streamQualityEvents(
  backend: TableBackend,
  spec: QualitySourceSpec,
  window: { from: string; to: string },
  onEvent: (e: QualityEvent) => void | Promise<void>,
) {
  return guarded<null>(
    'qualityEvents',
    spec.ref,
    async () => {
      let outsideWindow = 0;
      let where: { file: string; sheet: string } | null = null;
      const summary = await forEachRow(
        backend,
        spec.ref,
        schemas.qualityEvents,
        { policy: 'proceed-with-valid', mapping: spec.mapping, ...(spec.options ? { options: spec.options } : {}) },
        (r) => {
          if (r.date < window.from || r.date.slice(0, 10) > window.to) {
            outsideWindow++;
            return;
          }
          // Synchronous after the first row unless onEvent is waiting for a write: no promise per row.
          if (where) return onEvent(toQualityEvent(r, where.file, where.sheet));
          return locate(backend, spec.ref).then((w) => {
            where = w;
            return onEvent(toQualityEvent(r, w.file, w.sheet));
          });
        },
      );
      return { summary: summary as ReadSummary<never>, value: null, extra: { outsideWindow } };
    },
    null,
  );
}

/** File and sheet as forEachRow names them (the first sheet when the config names none). */
async function locate(backend: TableBackend, ref: TableRef): Promise<{ file: string; sheet: string }> {
  const wanted = sourceSheet(ref);
  return { file: sourceFile(ref), sheet: wanted || ((await backend.listSheets(ref))[0] ?? '') };
}
