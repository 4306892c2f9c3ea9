/**
 * The one table interface both spreadsheet backends (Excel on a folder, Google Sheets) implement.
 * Workflows only ever see `TableRef`s and content hashes; rows stay inside activities.
 */
export type TableRef =
  { kind: 'excel'; path: string; sheet?: string } | { kind: 'google'; spreadsheetId: string; tab?: string };

/** A raw row as read: cell values after formula/rich-text/merge resolution, before schema mapping. */
export interface RawRow {
  /** Row number as the user sees it in the spreadsheet (1-based). */
  rowNumber: number;
  cells: (string | number | boolean | Date | null)[];
}

/** Opaque fingerprint of a source used for optimistic concurrency (size/mtime/hash, or a range checksum/revision). */
export interface SourceFingerprint {
  ref: TableRef;
  value: string;
}

/**
 * The rows of one sheet. Where a backend's fingerprint is a hash of the rows themselves (Google: a fingerprint is a
 * full read), a complete read returns the fingerprint of exactly what it yielded as the iterator's return value, so
 * a reader needs no second read for it; other backends return nothing.
 */
export type RowStream = AsyncIterable<RawRow, SourceFingerprint | void, undefined>;

export interface TableBackend {
  /** Sheet/tab names of the workbook/spreadsheet. */
  listSheets(ref: TableRef): Promise<string[]>;
  /** Streams raw rows of one sheet (header rows included), memory flat in row count. */
  readRows(ref: TableRef): RowStream;
  fingerprint(ref: TableRef): Promise<SourceFingerprint>;
  /**
   * True when a fingerprint is a hash of the rows (so taking one costs a full read) and a complete `readRows`
   * returns it: a reader then takes the fingerprint from its own read instead of reading before and after.
   */
  readonly fingerprintsByReading?: boolean;
  /**
   * Writes a whole new tab/sheet (never over user columns). Idempotent: writing the same rows to the same
   * tab twice leaves one copy. Refuses with ConcurrentEditError if `expect` no longer matches the source.
   */
  writeTable(
    ref: TableRef,
    tab: string,
    header: string[],
    rows: (string | number | boolean | Date | null)[][],
    opts?: { expect?: SourceFingerprint },
  ): Promise<{ written: boolean; rows: number; fingerprint?: SourceFingerprint; target?: TableRef }>;
}
