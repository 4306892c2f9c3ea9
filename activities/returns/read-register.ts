/**
 * The returns register (旧件退回登记) as ReturnLines. Rows the parser refuses (a quantity of 0 or "两个", a bad
 * date) come back as problems with file, sheet, row and column; the other rows are still usable.
 */
import type { CellProblem } from '../../domain/errors';
import { verdictFromSheet, type ReturnLine } from '../../domain/returns';
import { schemas } from '../../domain/sheets';
import { readTable } from '../sheets/read-table';
import type { TableBackend, TableRef } from '../sheets/types';

export interface RegisterRead {
  file: string;
  sheet: string;
  fingerprint: string;
  lines: ReturnLine[];
  problems: CellProblem[];
}

export async function readRegister(
  backend: TableBackend,
  ref: TableRef,
  mapping?: Record<string, string>,
): Promise<RegisterRead> {
  const t = await readTable(backend, ref, schemas.returns, {
    policy: 'proceed-with-valid',
    ...(mapping ? { mapping } : {}),
  });
  const columns: Record<string, string> = {};
  for (const c of t.columns) columns[c.field] = c.header;
  const lines = t.rows.map((r): ReturnLine => {
    const verdict = verdictFromSheet(r.verdict);
    return {
      returnNo: r.returnNo,
      date: r.date,
      dealerId: r.dealerId,
      partNo: r.partNo,
      qty: r.qty,
      ...(r.claimNo ? { claimNo: r.claimNo } : {}),
      ...(r.reason ? { reason: r.reason } : {}),
      ...(r.amount !== null ? { claimAmountFen: r.amount } : {}),
      ...(r.received ? { received: r.received } : {}),
      ...(verdict ? { verdict } : {}),
      ...(r.status ? { status: r.status } : {}),
      source: { file: t.file, sheet: t.sheet, row: r.rowNumber, columns },
    };
  });
  return { file: t.file, sheet: t.sheet, fingerprint: t.fingerprint.value, lines, problems: t.problems };
}

/** Caches the last read per register by fingerprint: every waiting return polls the same sheet. */
export function createRegisterCache() {
  const last = new Map<string, RegisterRead>();
  return async (backend: TableBackend, ref: TableRef, mapping?: Record<string, string>): Promise<RegisterRead> => {
    const key = JSON.stringify([ref, mapping ?? null]);
    const fp = (await backend.fingerprint(ref)).value;
    const hit = last.get(key);
    if (hit && hit.fingerprint === fp) return hit;
    const read = await readRegister(backend, ref, mapping);
    last.set(key, read);
    return read;
  };
}
