/**
 * 信用冻结 on the dealer sheet: sets or clears the credit-hold cell of one dealer's row in the staff's own dealer
 * workbook. This is the one place the dunning run writes into a user's table, and only that cell (the column is
 * added, headed 信用冻结, if the sheet has none).
 *
 * Idempotent: a cell that already says what we want is not written. Optimistic concurrency: the workbook's
 * fingerprint is taken before it is read and checked again just before the atomic swap, and a workbook open in
 * Excel/LibreOffice (lock file) is not touched; both raise a retryable ConcurrentEditError, so the activity retries
 * later instead of clobbering a colleague's edit. The previous version is kept in `.bak/`. A workbook exceljs
 * cannot rewrite without loss (charts, pivots, macros…) is refused with a permanent error.
 */
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import ExcelJS from 'exceljs';
import { AppError } from '../../domain/errors';
import { detectHeader, parseCode, schemas, type CellValue, type RawRowLike } from '../../domain/sheets';
import { withFileLock } from '../archive/file-lock';
import { writeFileAtomically } from '../sheets/excel/atomic-write';
import { toCellValue } from '../sheets/excel/cell-value';
import { META_SHEET } from '../sheets/excel/meta-sheet';
import { assertNotLocked, assertUnchanged, fileFingerprint } from '../sheets/excel/source-guard';
import { readWorkbookStructure, rewriteRisks } from '../sheets/excel/workbook-parts';
import type { TableRef } from '../sheets/types';

export interface CreditHoldWrite {
  changed: boolean;
  /** Row of the dealer as the user sees it. */
  row: number;
  /** The cell's value before the write (as shown). */
  previous: string;
}

export interface CreditHoldWriter {
  setCreditHold(
    ref: TableRef,
    dealerId: string,
    hold: boolean,
    opts?: { mapping?: Record<string, string> },
  ): Promise<CreditHoldWrite>;
}

const HEADER = '信用冻结';
const YES = '是';
const NO = '否';

function cellsOf(row: ExcelJS.Row): CellValue[] {
  const out: CellValue[] = [];
  row.eachCell({ includeEmpty: false }, (cell, col) => {
    out[col - 1] = toCellValue(cell.value, cell.numFmt);
  });
  for (let i = 0; i < out.length; i++) if (out[i] === undefined) out[i] = null;
  return out;
}

export function createExcelCreditHoldWriter(deps: {
  resolvePath: (ref: TableRef) => string;
  /** Where lock files go (not beside the user's workbook). */
  lockDir: string;
  now?: () => Date;
  keepBackups?: number;
  /** Runs after the workbook was read, before it is replaced: where a colleague's save would land (tests). */
  afterRead?: (path: string) => Promise<void>;
}): CreditHoldWriter {
  return {
    async setCreditHold(ref, dealerId, hold, opts = {}) {
      const path = deps.resolvePath(ref);
      const file = basename(path);
      await mkdir(deps.lockDir, { recursive: true });
      const lock = join(deps.lockDir, `${createHash('sha256').update(path).digest('hex').slice(0, 24)}.lock`);
      return withFileLock(lock, async () => {
        const before = await fileFingerprint(path);
        if (before === 'absent') throw new AppError('SourceNotFound', `${file} not found`, { path });
        await assertNotLocked(path);
        const risks = await rewriteRisks(path, await readWorkbookStructure(path));
        if (risks.length) {
          throw new AppError(
            'DealerSheetNotRewritable',
            `${file} contains ${risks.join(', ')}; the credit hold of ${dealerId} must be set by hand`,
            { path, dealerId, risks },
          );
        }
        const wb = new ExcelJS.Workbook();
        await wb.xlsx.readFile(path);
        const { row, cell } = holdCellOf(wb, ref, opts.mapping ?? {}, { file, path, dealerId });
        const current = toCellValue(cell.value);
        const parsed = current === null ? null : schemas.dealers.fields.creditHold.parse(current);
        const previous = current === null ? '' : String(current);
        if ((parsed?.ok ? parsed.value : false) === hold && (current !== null || !hold)) {
          return { changed: false, row: row.number, previous };
        }
        cell.value = hold ? YES : NO;
        await deps.afterRead?.(path);
        await writeFileAtomically(path, {
          write: (tmp) => wb.xlsx.writeFile(tmp),
          beforeCommit: async () => {
            await assertNotLocked(path);
            await assertUnchanged(path, before);
          },
          ...(deps.now ? { now: deps.now } : {}),
          ...(deps.keepBackups !== undefined ? { keepBackups: deps.keepBackups } : {}),
        });
        return { changed: true, row: row.number, previous };
      });
    },
  };
}

/**
 * The dealer's 信用冻结 cell: the named sheet (else the first visible one), its dealer header, the dealer's row. A
 * sheet without the column gets it after the last header column (in memory; written only with the change).
 */
function holdCellOf(
  wb: ExcelJS.Workbook,
  ref: TableRef,
  mapping: Record<string, string>,
  at: { file: string; path: string; dealerId: string },
): { row: ExcelJS.Row; cell: ExcelJS.Cell } {
  const { file, path, dealerId } = at;
  const wanted = ref.kind === 'excel' ? ref.sheet : undefined;
  const ws =
    (wanted ? wb.getWorksheet(wanted) : undefined) ??
    wb.worksheets.find((w) => w.name !== META_SHEET && w.state === 'visible') ??
    wb.worksheets[0];
  if (!ws) throw new AppError('SheetNotFound', `${file}: no sheet "${wanted ?? ''}"`, { path });
  const head: RawRowLike[] = [];
  for (let r = 1; r <= Math.min(30, ws.rowCount); r++) head.push({ rowNumber: r, cells: cellsOf(ws.getRow(r)) });
  const header = detectHeader(schemas.dealers, head, mapping);
  const idCol = header?.columns.find((c) => c.field === 'dealerId');
  if (!header || !idCol) {
    throw new AppError('HeaderNotFound', `${file} › ${ws.name}: no 经销商编号 (Dealer ID) header found`, {
      path,
    });
  }
  let holdIndex = header.columns.find((c) => c.field === 'creditHold')?.index;
  let row: ExcelJS.Row | undefined;
  for (let r = header.rowNumber + 1; r <= ws.rowCount && !row; r++) {
    const v = toCellValue(ws.getRow(r).getCell(idCol.index + 1).value);
    const id = v === null ? null : parseCode(v);
    if (id?.ok && id.value === dealerId) row = ws.getRow(r);
  }
  if (!row) {
    throw new AppError('DealerNotFound', `${file} › ${ws.name}: dealer ${dealerId} has no row`, {
      path,
      dealerId,
    });
  }
  if (holdIndex === undefined) {
    holdIndex = header.columns.reduce((m, c) => Math.max(m, c.index), 0) + 1;
    ws.getRow(header.rowNumber).getCell(holdIndex + 1).value = HEADER;
  }
  return { row, cell: row.getCell(holdIndex + 1) };
}
