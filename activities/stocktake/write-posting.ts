/**
 * Where a posting goes. Excel ledger: a NEW workbook next to it (`盘点调整 2026-11 新件库.xlsx`) holding the
 * journal and the corrected book as two sheets, written together atomically — the staff's ledger file is never
 * rewritten. Google ledger: two new tabs in the spreadsheet. Either way the write is refused (retryably) while
 * the ledger is open in Excel or changed since it was read for this posting.
 */
import { mkdir } from 'node:fs/promises';
import { dirname, posix } from 'node:path';
import { ConcurrentEditError } from '../../domain/errors';
import type { WritableCell } from '../sheets/content-hash';
import type { SheetSpec } from '../sheets/excel/sheet-builder';
import { assertNotLocked } from '../sheets/excel/source-guard';
import { writeWorkbook } from '../sheets/excel/write-workbook';
import type { SourceFingerprint, TableRef } from '../sheets/types';
import { backendFor, safeFileName, type StocktakeActivityDeps } from './stocktake-deps';

export interface PostingTable {
  tab: string;
  header: string[];
  rows: WritableCell[][];
}

function spec(t: PostingTable): SheetSpec {
  const key = (i: number) => `c${i}`;
  return {
    name: t.tab,
    columns: t.header.map((header, i) => ({ header, key: key(i) })),
    rows: t.rows.map((r) => Object.fromEntries(r.map((v, i) => [key(i), v]))),
  };
}

async function assertLedgerUnchanged(
  deps: StocktakeActivityDeps,
  ledger: TableRef,
  expect: SourceFingerprint,
): Promise<void> {
  const now = await backendFor(deps, ledger).fingerprint(ledger);
  if (now.value !== expect.value) {
    throw new ConcurrentEditError(
      '库存台账在过账时被修改，稍后重试 / the ledger changed during the posting; retrying later',
      {
        ledger,
      },
    );
  }
}

/** Writes the posting's tables; returns where they went. Idempotent: the same tables again write nothing. */
export async function writePosting(
  deps: StocktakeActivityDeps,
  ledger: TableRef,
  expect: SourceFingerprint,
  tables: PostingTable[],
): Promise<TableRef> {
  if (ledger.kind === 'google') {
    const backend = backendFor(deps, ledger);
    for (const t of tables) await backend.writeTable(ledger, t.tab, t.header, t.rows, { expect });
    return { kind: 'google', spreadsheetId: ledger.spreadsheetId };
  }
  await assertNotLocked(deps.excel.resolvePath(ledger));
  const rel = posix.join(posix.dirname(ledger.path.replace(/\\/g, '/')), safeFileName(`${tables[0]!.tab}.xlsx`));
  const abs = deps.excel.resolvePath({ kind: 'excel', path: rel });
  await mkdir(dirname(abs), { recursive: true });
  await assertLedgerUnchanged(deps, ledger, expect);
  // Replacing is allowed only for a file this system wrote (e.g. an attempt whose audit record was not written).
  await writeWorkbook(abs, tables.map(spec), { replace: true });
  await assertLedgerUnchanged(deps, ledger, expect);
  return { kind: 'excel', path: rel };
}
