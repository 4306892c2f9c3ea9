/**
 * The failure-mode classification journal (故障模式归类): a system-owned tab that gains one row per failure text the
 * customer supervisor classified on the draft review ("开裂 → FM07 裂纹"), never two (appendEachOnce, keyed by the
 * text). Every compilation reads it and folds its rows into the catalogue as synonyms, so a text classified in
 * November folds from the next read on. By default it is a workbook beside the catalogue (Excel) or a tab of the
 * catalogue's spreadsheet (Google); the workflow input's `sources.classifications` points elsewhere.
 */
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { AppError } from '../../domain/errors';
import { normalizeText, type FailureModeClassification } from '../../domain/quality';
import { appendEachOnce, readJournal, type JournalSpec } from '../returns/append-once';
import type { TableBackend, TableRef } from '../sheets/types';
import type { QualitySourceReport, QualitySources } from './types';

export const CLASSIFICATION_TAB = '故障模式归类';
export const CLASSIFICATION_HEADER = [
  '故障描述',
  '故障代码',
  '故障模式',
  '归类人',
  '归类时间',
  '期间',
  '流程',
] as const;

/** The journal's place: configured, or beside the catalogue. */
export function classificationJournalRef(sources: QualitySources): TableRef {
  if (sources.classifications) return sources.classifications.ref;
  const catalogue = sources.failureModes.ref;
  return catalogue.kind === 'excel'
    ? { kind: 'excel', path: join(dirname(catalogue.path), `${CLASSIFICATION_TAB}.xlsx`), sheet: CLASSIFICATION_TAB }
    : { kind: 'google', spreadsheetId: catalogue.spreadsheetId, tab: CLASSIFICATION_TAB };
}

const journalOf = (ref: TableRef): JournalSpec => ({
  ref:
    ref.kind === 'excel'
      ? { ...ref, sheet: ref.sheet ?? CLASSIFICATION_TAB }
      : { ...ref, tab: ref.tab ?? CLASSIFICATION_TAB },
  header: CLASSIFICATION_HEADER,
  keyColumn: 0,
});

const cellText = (v: unknown): string =>
  v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v).trim();

/**
 * The journal's rows as classifications (none while it does not exist). A journal whose header a person changed is
 * a `fatal` report (the compilation lists it as blocking); I/O faults are thrown for Temporal to retry.
 */
export async function readClassificationJournal(
  backend: TableBackend,
  ref: TableRef,
): Promise<{ classifications: FailureModeClassification[]; report: QualitySourceReport }> {
  const spec = journalOf(ref);
  const file = spec.ref.kind === 'excel' ? spec.ref.path.split(/[\\/]/).pop()! : spec.ref.spreadsheetId;
  const sheet = spec.ref.kind === 'excel' ? spec.ref.sheet! : spec.ref.tab!;
  const report = (fields: Partial<QualitySourceReport>): QualitySourceReport => ({
    role: 'classifications',
    file,
    sheet,
    fingerprint: '',
    validRows: 0,
    invalidRows: 0,
    problemCount: 0,
    fatal: null,
    ...fields,
  });
  try {
    const journal = await readJournal(backend, spec);
    const classifications = (journal?.rows ?? [])
      .map((r) => ({ text: cellText(r.cells[0]), code: cellText(r.cells[1]), row: r.rowNumber }))
      .filter((c) => c.text !== '' || c.code !== '');
    return {
      classifications,
      report: report({ fingerprint: journal?.fingerprint.value ?? '', validRows: classifications.length }),
    };
  } catch (err) {
    if (!(err instanceof AppError && err.permanent)) throw err;
    return { classifications: [], report: report({ problemCount: 1, fatal: err.message.split('\n')[0]! }) };
  }
}

export interface RecordClassificationsInput {
  sources: QualitySources;
  workflowId: string;
  period: string;
  /** Who classified (the deciding e-mail) and when (the decision's time from history). */
  by: string;
  at: string;
  items: { text: string; code: string; name: string }[];
}

export interface RecordClassificationsResult {
  target: TableRef;
  appended: number;
  alreadyPresent: number;
}

/**
 * Appends each classified text once (a text already in the journal keeps its first classification). One read and
 * one write of the journal; a journal edited meanwhile is refused and the activity retried.
 */
export async function recordClassifications(
  deps: { backendFor: (ref: TableRef) => TableBackend; lockDir?: string; tmpDir?: string },
  input: RecordClassificationsInput,
): Promise<RecordClassificationsResult> {
  const target = classificationJournalRef(input.sources);
  const spec = journalOf(target);
  const rows = input.items.map((i) => [
    normalizeText(i.text),
    i.code,
    i.name,
    input.by,
    input.at,
    input.period,
    input.workflowId,
  ]);
  const results = await appendEachOnce(deps.backendFor(target), spec, rows, {
    lockDir: deps.lockDir ?? join(deps.tmpDir ?? tmpdir(), 'locks'),
  });
  const appended = results.filter((r) => r.status === 'appended').length;
  return { target: spec.ref, appended, alreadyPresent: results.length - appended };
}
