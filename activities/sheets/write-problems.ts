/**
 * Validation reports a person can act on: every problem with file, sheet, row, column, value and reason, as an
 * xlsx to mail back to the sheet's owner or as a new tab next to their data.
 */
import type { CellProblem } from '../../domain/errors';
import type { Locale } from '../../domain/sheets/messages';
import type { SheetSpec } from './excel/sheet-builder';
import { writeWorkbook, type WriteWorkbookResult } from './excel/write-workbook';
import type { SourceFingerprint, TableBackend, TableRef } from './types';

const HEADERS: Record<Locale, string[]> = {
  'zh-CN': ['文件', '工作表', '行号', '列', '单元格内容', '问题'],
  en: ['File', 'Sheet', 'Row', 'Column', 'Value', 'Problem'],
};

export interface ProblemReportOptions {
  locale?: Locale;
  /** Total problems found when `problems` was capped; the report says how many are not listed. */
  problemCount?: number;
}

/** Problem rows in report order: by file, sheet, row, then as found. */
export function problemRows(problems: readonly CellProblem[]): (string | number)[][] {
  return [...problems]
    .map((p, i) => ({ p, i }))
    .sort(
      (a, b) =>
        a.p.file.localeCompare(b.p.file) || a.p.sheet.localeCompare(b.p.sheet) || a.p.row - b.p.row || a.i - b.i,
    )
    .map(({ p }) => [p.file, p.sheet, p.row, p.column, p.value, p.reason]);
}

function truncationNote(shown: number, total: number | undefined, locale: Locale): string[] | null {
  if (total === undefined || total <= shown) return null;
  const text =
    locale === 'zh-CN'
      ? `另有 ${total - shown} 个问题未列出，请先修正以上问题后重新提交`
      : `${total - shown} more problems not listed; fix these and resubmit`;
  return ['', '', '', '', '', text];
}

/**
 * Writes the problems to a new xlsx at `path` (sheet "数据问题"/"Problems"). Side effect: one file, written
 * atomically; rewriting the same report is a no-op and a changed report replaces the previous one this system
 * wrote (kept in .bak/). Never overwrites a file it did not generate.
 */
export async function writeProblemsWorkbook(
  problems: readonly CellProblem[],
  path: string,
  opts: ProblemReportOptions & { now?: () => Date } = {},
): Promise<WriteWorkbookResult> {
  const locale = opts.locale ?? 'zh-CN';
  const keys = ['file', 'sheet', 'row', 'column', 'value', 'reason'];
  const rows = problemRows(problems).map((r) => Object.fromEntries(keys.map((k, i) => [k, r[i] ?? null])));
  const note = truncationNote(problems.length, opts.problemCount, locale);
  if (note) rows.push(Object.fromEntries(keys.map((k, i) => [k, note[i] ?? null])));
  const spec: SheetSpec = {
    name: locale === 'zh-CN' ? '数据问题' : 'Problems',
    columns: HEADERS[locale].map((header, i) => ({
      header,
      key: keys[i] as string,
      ...(i === 4 ? { width: 30 } : i === 5 ? { width: 50 } : {}),
    })),
    rows,
  };
  return writeWorkbook(path, [spec], { replace: true, ...(opts.now ? { now: opts.now } : {}) });
}

/**
 * Writes the problems as a new tab through a backend (e.g. next to the user's data in their Google Sheet).
 * Idempotent and concurrency-checked as the backend's writeTable is.
 */
export async function writeProblemsTab(
  backend: TableBackend,
  ref: TableRef,
  problems: readonly CellProblem[],
  opts: ProblemReportOptions & { tab: string; expect?: SourceFingerprint },
): Promise<{ written: boolean; rows: number }> {
  const locale = opts.locale ?? 'zh-CN';
  const rows: (string | number | null)[][] = problemRows(problems);
  const note = truncationNote(problems.length, opts.problemCount, locale);
  if (note) rows.push(note);
  return backend.writeTable(ref, opts.tab, HEADERS[locale], rows, opts.expect ? { expect: opts.expect } : {});
}
