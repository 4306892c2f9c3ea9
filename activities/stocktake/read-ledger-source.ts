/**
 * Reads the stock ledger (库存台账) from however it is kept — one sheet, a sheet per warehouse with the warehouse
 * as a constant, several workbooks — into ledger rows that remember their file and sheet. Shared by the snapshot
 * and the posting so both see the same rows the same way.
 */
import type { StockLedgerRow } from '../../domain/sheets';
import { schemas } from '../../domain/sheets';
import type { Locale } from '../../domain/sheets/messages';
import { readSource, type SourceSummary } from '../sheets/read-source';
import type { SourceSpec } from '../sheets/source-spec';
import type { TableBackend, TableRef } from '../sheets/types';

export interface LedgerRowAt {
  row: StockLedgerRow & { rowNumber: number };
  file: string;
  sheet: string;
}

export interface LedgerRead {
  rows: LedgerRowAt[];
  summary: SourceSummary;
  /** File and sheet names for reports: the one part's, or every part's joined with "、". */
  file: string;
  sheet: string;
  headerRow: number | null;
  fingerprint: string;
}

/** Throws ValidationError listing every problem of every part when any row is refused ('stop-on-error'). */
export async function readLedgerSource(
  backendFor: (ref: TableRef) => TableBackend,
  spec: SourceSpec,
  opts: { locale?: Locale } = {},
): Promise<LedgerRead> {
  const rows: LedgerRowAt[] = [];
  const summary = await readSource(
    backendFor,
    spec,
    schemas.stockLedger,
    { policy: 'stop-on-error', ...(opts.locale ? { locale: opts.locale } : {}) },
    (row, part) => {
      rows.push({ row, file: part.file, sheet: part.sheet });
    },
  );
  const unique = (xs: string[]) => [...new Set(xs)].join('、');
  return {
    rows,
    summary,
    file: unique(summary.parts.map((p) => p.file)),
    sheet: unique(summary.parts.map((p) => p.sheet)),
    headerRow: summary.parts[0]?.headerRow ?? null,
    fingerprint: summary.fingerprint,
  };
}
