/**
 * Writes a result table as a new tab of a workbook (the source itself or a companion file next to it): never over
 * a user's sheet, idempotent by content hash, refused on concurrent edits, atomic with the previous version kept.
 */
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import ExcelJS from 'exceljs';
import { AppError } from '../../../domain/errors';
import { tableContentHash, type WritableCell } from '../content-hash';
import { writeFileAtomically } from './atomic-write';
import { findMeta, META_SHEET, upsertMeta } from './meta-sheet';
import { addTableSheet } from './sheet-builder';
import { newTabPackage, openTabPackage, replaceBlocker, writeTabPackage } from './append-tab-zip';
import { assertNotLocked, assertUnchanged, fileFingerprint } from './source-guard';
import { assertOnlyOwnWritesSince, recordOwnWrite } from './write-lineage';

export interface WriteTabRequest {
  /** Workbook that receives the tab (created when absent). */
  target: string;
  /** Workbook the results were computed from; checked against `expect`. Same as target for in-place writes. */
  source: string;
  tab: string;
  header: readonly string[];
  rows: readonly (readonly WritableCell[])[];
  /** Fingerprint of `source` when it was read. */
  expect?: string;
  now: Date;
  keepBackups?: number;
}

export interface WriteTabResult {
  written: boolean;
  rows: number;
  fingerprint: string;
  backupPath: string | null;
}

/** Excel's rules for sheet names; checked up front so a bad name fails permanently, not after a rewrite. */
export function assertValidTabName(tab: string): void {
  if (!tab.trim() || tab.length > 31 || /[[\]:*?/\\]/.test(tab) || /^'|'$/.test(tab) || tab === META_SHEET) {
    throw new AppError(
      'InvalidTabName',
      `"${tab}" cannot be a sheet name (max 31 characters, none of [ ] : * ? / \\)`,
      { tab },
    );
  }
}

/**
 * Writes the tab. The workbook is patched at the zip level (append-tab-zip.ts: existing parts copied as stored, the
 * new sheet streamed) so earlier tabs are never loaded; workbooks that path does not take — strict OOXML, missing
 * or unrecognised package parts, an unreadable meta sheet, a tab of ours with relationships attached — go through
 * the exceljs rewrite (`writeWithExcelJs`), with the same checks.
 */
export async function writeResultTab(req: WriteTabRequest): Promise<WriteTabResult> {
  assertValidTabName(req.tab);
  const exists = await stat(req.target).then(
    () => true,
    () => false,
  );
  // Taken before reading: the raw copy reads the file again while writing, and the check before the swap then
  // proves it is still the file that was read.
  const before = await fileFingerprint(req.target);
  const opened = exists ? await openTabPackage(req.target) : { pkg: newTabPackage(req.now) };
  if ('fallback' in opened) return writeWithExcelJs(req, exists);
  const { pkg } = opened;
  const hash = tableContentHash(req.tab, req.header, req.rows);
  const sheet = pkg.sheets.find((s) => s.name === req.tab);
  const mine = pkg.meta.find((m) => m.kind === 'tab' && m.name === req.tab);
  if (mine && sheet && mine.contentHash === hash) {
    return { written: false, rows: req.rows.length, fingerprint: before, backupPath: null };
  }
  // Excel sheet names are unique regardless of case: "结果 a" next to "结果 A" would not open.
  const clash = sheet ?? pkg.sheets.find((s) => s.name.toLowerCase() === req.tab.toLowerCase());
  if (clash && !(sheet && mine)) throw tabExists(req, clash.name);
  if (replaceBlocker(pkg, req.tab)) return writeWithExcelJs(req, exists);
  await assertMayWrite(req);
  const record = { kind: 'tab' as const, name: req.tab, contentHash: hash, rows: req.rows.length };
  return commit(req, before, exists, (tmp) =>
    writeTabPackage(pkg, tmp, { ...req, record: { ...record, writtenAt: req.now.toISOString() } }),
  );
}

function tabExists(req: WriteTabRequest, name: string): AppError {
  return new AppError(
    'TabExists',
    `${basename(req.target)} already has a sheet "${name}" that this system did not write; not overwriting it`,
    { path: req.target, tab: req.tab },
  );
}

/** Only once a write is needed, so a retry of a write that already landed succeeds even while the file is open. */
async function assertMayWrite(req: WriteTabRequest): Promise<void> {
  await assertNotLocked(req.source);
  if (req.target !== req.source) await assertNotLocked(req.target);
  if (req.expect) await assertOnlyOwnWritesSince(req.source, req.expect);
}

/** Atomic replace with the last checks before the swap, and the write recorded as our own. */
async function commit(
  req: WriteTabRequest,
  before: string,
  exists: boolean,
  write: (tmp: string) => Promise<void>,
): Promise<WriteTabResult> {
  let after = '';
  const { backupPath } = await writeFileAtomically(req.target, {
    write,
    beforeCommit: async (tmp) => {
      await assertNotLocked(req.target);
      await assertUnchanged(req.target, before);
      if (req.expect && req.source !== req.target) await assertOnlyOwnWritesSince(req.source, req.expect);
      after = await fileFingerprint(tmp);
    },
    now: () => req.now,
    keepBackups: req.keepBackups,
  });
  if (exists) await recordOwnWrite(req.target, before, after, req.now);
  return { written: true, rows: req.rows.length, fingerprint: after, backupPath };
}

/** The exceljs rewrite: the whole workbook loaded, the tab and meta record added, the whole workbook written. */
async function writeWithExcelJs(req: WriteTabRequest, exists: boolean): Promise<WriteTabResult> {
  const hash = tableContentHash(req.tab, req.header, req.rows);
  const before = await fileFingerprint(req.target);
  const wb = new ExcelJS.Workbook();
  if (exists) await wb.xlsx.readFile(req.target);
  const mine = findMeta(wb, 'tab', req.tab);
  const sheet = wb.getWorksheet(req.tab);
  if (mine && sheet && mine.contentHash === hash) {
    return { written: false, rows: req.rows.length, fingerprint: before, backupPath: null };
  }
  if (sheet && !mine) throw tabExists(req, req.tab);
  await assertMayWrite(req);

  if (sheet) wb.removeWorksheet(sheet.id);
  addTableSheet(wb, req.tab, req.header, req.rows);
  upsertMeta(wb, {
    kind: 'tab',
    name: req.tab,
    contentHash: hash,
    rows: req.rows.length,
    writtenAt: req.now.toISOString(),
  });
  return commit(req, before, exists, (tmp) => wb.xlsx.writeFile(tmp));
}
