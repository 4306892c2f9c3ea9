/**
 * The typed dependencies of the stocktake activities and the small helpers they share: picking the table
 * backend for a ref, reading a source that may be replaced mid-read, and writing + archiving a
 * problem report a person can act on.
 */
import { mkdir, readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { AppError, ConcurrentEditError, type CellProblem } from '../../domain/errors';
import type { ArchiveMeta, ArchiveRef, DataRef } from '../archive/types';
import type { AuditEntry, AuditEvent, AuditFilter } from '../archive/audit-log';
import type { SendMailInput, SendMailResult } from '../mail/send-mail';
import type { ExcelBackend } from '../sheets/excel/excel-backend';
import type { TableBackend, TableRef } from '../sheets/types';
import { writeProblemsWorkbook } from '../sheets/write-problems';
import type { ProblemReportRef, StocktakeLocale } from './types';

export interface StocktakeActivityDeps {
  /** Excel workbooks on the shared folder; count sheets and problem reports are written under its root. */
  excel: ExcelBackend;
  /** Google Sheets, when sources or count tabs live there. */
  google?: TableBackend;
  work: {
    putJson(value: unknown): Promise<DataRef>;
    putCanonicalJson(bytes: Uint8Array): Promise<DataRef>;
    getJson<T>(ref: DataRef): Promise<T>;
  };
  archive: { putDocument(bytes: Uint8Array, meta: ArchiveMeta): Promise<ArchiveRef> };
  audit: {
    record(event: Omit<AuditEvent, 'at'> & { at?: string }): Promise<AuditEntry>;
    list(filter?: AuditFilter): Promise<AuditEntry[]>;
  };
  /** The mail activity's sendMail, called inside the stocktake mail activity. */
  mail: (input: SendMailInput) => Promise<SendMailResult>;
  /** Company time zone (dates of counts and movements). */
  timeZone: string;
  senderName?: string;
  /** URL of a Google spreadsheet for mails; default Google's. */
  googleSheetUrl?: (spreadsheetId: string) => string;
}

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function backendFor(deps: StocktakeActivityDeps, ref: TableRef): TableBackend {
  if (ref.kind === 'excel') return deps.excel;
  if (!deps.google) {
    throw new AppError(
      'GoogleNotConfigured',
      `a Google spreadsheet (${ref.spreadsheetId}) is named but Google access is not configured`,
    );
  }
  return deps.google;
}

/**
 * Reads a source with `read`; if that fails while the source was replaced under it (another posting renamed a new
 * version into place mid-read), the failure is a retryable ConcurrentEditError, not a "corrupt file" verdict.
 */
export async function readGuarded<T>(backend: TableBackend, ref: TableRef, read: () => Promise<T>): Promise<T> {
  const before = await backend.fingerprint(ref).catch(() => null);
  try {
    return await read();
  } catch (err) {
    if (err instanceof AppError && err.permanent) {
      const after = await backend.fingerprint(ref).catch(() => null);
      if (before && after && before.value !== after.value) {
        throw new ConcurrentEditError(
          `${ref.kind === 'excel' ? ref.path : ref.spreadsheetId} changed while it was being read; read again`,
          {
            cause: err.message,
          },
        );
      }
    }
    throw err;
  }
}

/** File and folder names from people's words: no path separators or characters Windows refuses. */
export function safeFileName(s: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
  return s.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_').trim() || '_';
}

/**
 * Writes the problems to an xlsx under the Excel root (rewriting the same report is a no-op) and archives it,
 * so the mail can attach it by document id.
 */
export async function writeProblemReport(
  deps: StocktakeActivityDeps,
  problems: readonly CellProblem[],
  opts: {
    relPath: string;
    meta: Omit<ArchiveMeta, 'fileName' | 'contentType' | 'kind'>;
    locale?: StocktakeLocale;
    problemCount?: number;
  },
): Promise<ProblemReportRef> {
  const abs = deps.excel.resolvePath({ kind: 'excel', path: opts.relPath });
  await mkdir(dirname(abs), { recursive: true });
  await writeProblemsWorkbook(problems, abs, {
    locale: opts.locale ?? 'zh-CN',
    ...(opts.problemCount !== undefined ? { problemCount: opts.problemCount } : {}),
  });
  const doc = await deps.archive.putDocument(await readFile(abs), {
    ...opts.meta,
    kind: 'stocktake-problems',
    fileName: basename(abs),
    contentType: XLSX_TYPE,
  });
  return {
    count: opts.problemCount ?? problems.length,
    doc,
    path: opts.relPath,
    sample: problems.slice(0, 5).map((p) => formatProblem(p, opts.locale ?? 'zh-CN')),
  };
}

/** One problem as a person reads it in a mail: where (file, sheet, row, column), what and the value. */
export function formatProblem(p: CellProblem, locale: StocktakeLocale): string {
  const value = p.value === '' ? '' : locale === 'en' ? ` (value: ${p.value})` : `（单元格内容：${p.value}）`;
  return locale === 'en'
    ? `${p.file} › ${p.sheet} › row ${p.row} › ${p.column}: ${p.reason}${value}`
    : `${p.file} › ${p.sheet} › 第 ${p.row} 行 ›「${p.column}」：${p.reason}${value}`;
}
