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

export async function writeResultTab(req: WriteTabRequest): Promise<WriteTabResult> {
  assertValidTabName(req.tab);
  const hash = tableContentHash(req.tab, req.header, req.rows);
  const before = await fileFingerprint(req.target);
  const wb = new ExcelJS.Workbook();
  const exists = await stat(req.target).then(
    () => true,
    () => false,
  );
  if (exists) await wb.xlsx.readFile(req.target);
  const mine = findMeta(wb, 'tab', req.tab);
  const sheet = wb.getWorksheet(req.tab);
  if (mine && sheet && mine.contentHash === hash) {
    return { written: false, rows: req.rows.length, fingerprint: before, backupPath: null };
  }
  if (sheet && !mine) {
    throw new AppError(
      'TabExists',
      `${basename(req.target)} already has a sheet "${req.tab}" that this system did not write; not overwriting it`,
      { path: req.target, tab: req.tab },
    );
  }
  // Only now, so a retry of a write that already landed succeeds even while someone has the file open.
  await assertNotLocked(req.source);
  if (req.target !== req.source) await assertNotLocked(req.target);
  if (req.expect) await assertOnlyOwnWritesSince(req.source, req.expect);

  if (sheet) wb.removeWorksheet(sheet.id);
  addTableSheet(wb, req.tab, req.header, req.rows);
  upsertMeta(wb, {
    kind: 'tab',
    name: req.tab,
    contentHash: hash,
    rows: req.rows.length,
    writtenAt: req.now.toISOString(),
  });

  let after = '';
  const { backupPath } = await writeFileAtomically(req.target, {
    write: (tmp) => wb.xlsx.writeFile(tmp),
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
