import { createHash } from 'node:crypto';
import { AppError, ConcurrentEditError } from '../../../domain/errors';
import type { RawRow, SourceFingerprint, TableBackend, TableRef } from '../types';
import { resolveRetry, type RetryOptions } from './call-with-retry';
import { createSheetsClient, type GoogleAuthConfig } from './create-sheets-client';
import { loadSheets, pickSheet, readSheetRows, type ReadContext } from './read-google-rows';
import { writeGoogleTable } from './write-google-table';

export interface GoogleBackendDeps {
  auth: GoogleAuthConfig;
  /** API root; the default is Google's. Tests and benchmarks pass the local stand-in's URL. */
  rootUrl?: string;
  /** Rows per A1 range in reads and writes (default 20 000). */
  chunkRows?: number;
  /** Ranges per values.batchGet call (default 3, so one call reads up to 60 000 rows). */
  rangesPerCall?: number;
  /** Cells per values.batchGet call (default 600 000: 50 000 rows of 12 columns, ~60 MB parsed). */
  maxCellsPerRead?: number;
  /** Cells per values.batchUpdate call (default 100 000, about 1–2 MB of JSON). */
  maxCellsPerWrite?: number;
  retry?: RetryOptions;
}

type GoogleRef = Extract<TableRef, { kind: 'google' }>;

export interface GoogleBackend extends TableBackend {
  /**
   * Fingerprint of exactly the rows the last complete `readRows(ref)` yielded: the value `fingerprint(ref)` gives
   * for that content. A reader can use it instead of a separate fingerprint read (each one is a full read here).
   */
  fingerprintOfLastRead(ref: TableRef): SourceFingerprint | undefined;
}

/** Content hash of a tab's rows; the same for a fingerprint read and for the rows a reader consumed. */
function rowHasher(title: string): { add(row: RawRow): void; value(): string } {
  const h = createHash('sha256');
  h.update(title);
  return {
    add: (row) => h.update(`\n${row.rowNumber}:${JSON.stringify(row.cells)}`),
    value: () => `sha256:${h.digest('hex')}`,
  };
}

const readKey = (g: GoogleRef, tab: string | undefined): string => `${g.spreadsheetId}\u0000${tab ?? ''}`;

function asGoogle(ref: TableRef): GoogleRef {
  if (ref.kind !== 'google')
    throw new AppError(
      'WrongBackend',
      `The Google Sheets backend cannot read ${ref.kind} table ${JSON.stringify(ref)}`,
      { ref },
    );
  return ref;
}

/**
 * Google Sheets through Google's own client (`@googleapis/sheets`). Reads are chunked and batched
 * (values.batchGet), writes are batched (values.batchUpdate) into new tabs only. Every API call retries 429/5xx
 * and timeouts with exponential backoff + full jitter, honouring Retry-After; other 4xx raise a permanent
 * AppError. Fingerprints are a SHA-256 of the tab's values; writeTable with `expect` refuses with
 * ConcurrentEditError when the source changed since it was read. User text is written with
 * valueInputOption RAW, so it never turns into a formula.
 */
export function createGoogleBackend(deps: GoogleBackendDeps): GoogleBackend {
  const retry = resolveRetry(deps.retry);
  const api = createSheetsClient({
    auth: deps.auth,
    timeoutMs: retry.timeoutMs,
    ...(deps.rootUrl ? { rootUrl: deps.rootUrl } : {}),
  });
  const ctx: ReadContext = {
    api,
    retry,
    chunkRows: deps.chunkRows ?? 20_000,
    rangesPerCall: deps.rangesPerCall ?? 3,
    maxCellsPerRead: deps.maxCellsPerRead ?? 600_000,
  };

  const lastRead = new Map<string, string>();

  /** Returns, once every row was yielded, the fingerprint of exactly those rows (what `fingerprint` would give). */
  async function* readRows(ref: TableRef): AsyncGenerator<RawRow, SourceFingerprint, undefined> {
    const g = asGoogle(ref);
    const sheet = pickSheet(await loadSheets(ctx, g.spreadsheetId), g.spreadsheetId, g.tab);
    lastRead.delete(readKey(g, g.tab));
    const hash = rowHasher(sheet.title);
    for await (const row of readSheetRows(ctx, g.spreadsheetId, sheet)) {
      hash.add(row);
      yield row;
    }
    const value = hash.value();
    lastRead.set(readKey(g, g.tab), value);
    return { ref, value };
  }

  async function fingerprint(ref: TableRef): Promise<SourceFingerprint> {
    const g = asGoogle(ref);
    const sheet = pickSheet(await loadSheets(ctx, g.spreadsheetId), g.spreadsheetId, g.tab);
    const hash = rowHasher(sheet.title);
    for await (const row of readSheetRows(ctx, g.spreadsheetId, sheet)) hash.add(row);
    return { ref, value: hash.value() };
  }

  return {
    async listSheets(ref) {
      const g = asGoogle(ref);
      return (await loadSheets(ctx, g.spreadsheetId)).filter((s) => !s.hidden).map((s) => s.title);
    },
    readRows,
    fingerprint,
    fingerprintsByReading: true,
    fingerprintOfLastRead(ref) {
      const g = asGoogle(ref);
      const value = lastRead.get(readKey(g, g.tab));
      return value === undefined ? undefined : { ref, value };
    },
    async writeTable(ref, tab, header, rows, opts) {
      const g = asGoogle(ref);
      const expect = opts?.expect;
      // Checked after the idempotency check: a replay of a write that already landed must not be refused.
      const assertSourceUnchanged = expect
        ? async (): Promise<void> => {
            const now = await fingerprint(expect.ref);
            if (now.value === expect.value) return;
            const src = asGoogle(expect.ref);
            throw new ConcurrentEditError(
              `Google spreadsheet ${src.spreadsheetId} tab "${src.tab ?? '(first)'}" changed since it was read; not writing "${tab}" — read it again and retry`,
              { ref: expect.ref, expected: expect.value, actual: now.value, tab },
            );
          }
        : async (): Promise<void> => undefined;
      const reload = (): Promise<Awaited<ReturnType<typeof loadSheets>>> => loadSheets(ctx, g.spreadsheetId);
      const writeCtx = { api, retry, chunkRows: ctx.chunkRows, maxCellsPerWrite: deps.maxCellsPerWrite ?? 100_000 };
      return writeGoogleTable(
        writeCtx,
        g.spreadsheetId,
        await reload(),
        { tab, header, rows },
        reload,
        assertSourceUnchanged,
      );
    },
  };
}
