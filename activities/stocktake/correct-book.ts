/**
 * The corrected book quantities of a posting, against the ledger as it is today: a line that moved since the
 * snapshot gets the adjustment added to today's book (never a stale overwrite) and is listed as moved.
 */
import { AppError, ValidationError } from '../../domain/errors';
import { keyOfLine, type BookCorrection } from '../../domain/stocktake';
import type { WritableCell } from '../sheets/content-hash';
import { sourceFingerprint } from '../sheets/read-source';
import type { TableRef } from '../sheets/types';
import { readLedgerSource } from './read-ledger-source';
import { backendFor, readGuarded, type StocktakeActivityDeps } from './stocktake-deps';
import type { MovedLine, PostAdjustmentsInput, StoredSnapshot } from './types';

/**
 * Today's book quantity by line key (null: the ledger is unchanged, today's book is the snapshot's), the ledger's
 * fingerprint to write against, and whether it changed.
 */
export async function currentBook(deps: StocktakeActivityDeps, snapshot: StoredSnapshot, input: PostAdjustmentsInput) {
  const ref = input.ledger.ref;
  const backend = backendFor(deps, ref);
  const forRef = (r: TableRef) => backendFor(deps, r);
  // The snapshot's fingerprint covers every part of the ledger; the write goes to the first part's workbook.
  const target = await backend.fingerprint(ref);
  const now = await sourceFingerprint(forRef, input.ledger);
  if (now === input.snapshot.ledgerFingerprint) {
    // Unchanged since the snapshot: today's book is the snapshot's (no map of 43,000 keys to say so).
    return { book: null, fingerprint: target, changed: false };
  }
  try {
    const table = await readGuarded(backend, ref, () => readLedgerSource(forRef, input.ledger));
    const book = new Map<string, number>();
    for (const { row: r } of table.rows) {
      if (r.warehouse !== input.warehouse.id) continue;
      book.set(keyOfLine({ warehouse: snapshot.warehouse.name, location: r.location, partNo: r.partNo }), r.bookQty);
    }
    return {
      book,
      fingerprint: await backend.fingerprint(ref),
      changed: table.fingerprint !== input.snapshot.ledgerFingerprint,
    };
  } catch (err) {
    // A ledger that became unreadable since the snapshot: refuse now, Temporal retries once it is fixed.
    if (err instanceof ValidationError) throw new AppError('LedgerInvalidAtPosting', err.message, err.context, false);
    throw err;
  }
}

/** One corrections-tab row per corrected line (book and/or bin card), in snapshot order, and the lines that moved. */
export function correctionRows(
  snapshot: StoredSnapshot,
  corrections: readonly BookCorrection[],
  book: ReadonlyMap<string, number> | null,
): { cRows: WritableCell[][]; moved: MovedLine[] } {
  const correctionByKey = new Map(corrections.map((c) => [c.key, c]));
  const moved: MovedLine[] = [];
  // One row per corrected line (book and/or bin card), in snapshot order.
  const cRows: WritableCell[][] = [];
  for (const l of snapshot.lines) {
    const key = keyOfLine(l);
    const c = correctionByKey.get(key);
    if (!c) continue;
    const current = book ? (book.get(key) ?? null) : l.bookQty;
    const changedSince = current === null || current !== l.bookQty;
    const adj = c.adjustmentQty;
    // Moved since the snapshot: the adjustment is added to today's book, never a stale overwrite.
    const posted = current === null ? null : current + adj;
    if (changedSince) {
      moved.push({
        key,
        location: l.location,
        partNo: l.partNo,
        partName: l.partName,
        snapshotBookQty: l.bookQty,
        currentBookQty: current,
        adjustmentQty: adj,
        postedBookQty: posted,
      });
    }
    cRows.push([
      l.warehouse,
      l.zone,
      l.location,
      l.partNo,
      l.partName,
      l.bookQty,
      adj,
      current,
      posted,
      l.cardQty,
      c.correctedCardQty,
      c.docNo,
      changedSince ? '是' : '否',
    ]);
  }

  return { cRows, moved };
}
