/**
 * 退货抵扣 credits the return workflows post to their system-owned journal (activities/returns/journals.ts, the
 * dealerTransactions layout) reach dunning without anyone copying them: the journal is read beside 往来账 and its
 * rows are added to the month's transactions. Staff may also key the same credit into 往来账 by hand; the document
 * number (CR-<退回单号>) identifies it, so a credit keyed in both places counts once (往来账's row wins, it is the
 * ledger staff reconcile against). A journal that does not exist yet (no return credited so far) adds nothing.
 */
import type { DealerTransaction } from '../../domain/dunning';
import type { CellProblem } from '../../domain/errors';
import { AppError } from '../../domain/errors';
import type { TableBackend, TableRef } from '../sheets/types';
import { readTransactions } from './read-dealer-tables';

export interface SystemCredits {
  /** The journal's fingerprint ('absent' when there is none yet): part of the snapshot's cache key. */
  fingerprint: string;
  rows: DealerTransaction[];
  problemsByDealer: Map<string, CellProblem[]>;
}

const NONE: SystemCredits = { fingerprint: 'absent', rows: [], problemsByDealer: new Map() };

const absent = (err: unknown): boolean =>
  err instanceof AppError && (err.code === 'SourceNotFound' || err.code === 'SheetNotFound');

/** The journal's current fingerprint, or 'absent'. */
export async function systemCreditsFingerprint(backend: TableBackend, ref: TableRef | undefined): Promise<string> {
  if (!ref) return 'none';
  try {
    return (await backend.fingerprint(ref)).value;
  } catch (err) {
    if (absent(err)) return 'absent';
    throw err;
  }
}

/** Reads the credit journal; its problems (a row the parser refuses) hold that dealer back like 往来账's do. */
export async function readSystemCredits(backend: TableBackend, ref: TableRef | undefined): Promise<SystemCredits> {
  if (!ref) return NONE;
  try {
    const fingerprint = (await backend.fingerprint(ref)).value;
    const t = await readTransactions(backend, ref);
    return { fingerprint, rows: t.rows, problemsByDealer: t.problemsByDealer };
  } catch (err) {
    if (absent(err)) return NONE;
    throw err;
  }
}

/** 往来账's rows plus the journal's credits whose document number 往来账 does not have. */
export function withSystemCredits(
  ledger: readonly DealerTransaction[],
  credits: readonly DealerTransaction[],
): DealerTransaction[] {
  const keyed = new Set(ledger.map((t) => t.docNo));
  return [...ledger, ...credits.filter((c) => !keyed.has(c.docNo))];
}
