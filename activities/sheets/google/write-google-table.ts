import { createHash, randomInt } from 'node:crypto';
import type { sheets_v4 } from '@googleapis/sheets';
import { AppError } from '../../../domain/errors';
import { rowsRange } from './a1-range';
import { callWithRetry, type ResolvedRetry } from './call-with-retry';
import type { SheetInfo } from './read-google-rows';

type Cell = string | number | boolean | Date | null;

/** Developer metadata on tabs this system wrote: `{ hash, rows, state }`, invisible to users. */
export const TABLE_METADATA_KEY = 'aftersales.table';

export interface WriteContext {
  api: sheets_v4.Sheets;
  retry: ResolvedRetry;
  chunkRows: number;
  /** Cells per values.batchUpdate call (payload size; Google advises ~2 MB requests). */
  maxCellsPerWrite: number;
}

interface TableStamp {
  hash: string;
  rows: number;
  state: 'writing' | 'complete';
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** Dates go in as text (RAW input cannot carry a date type); UTC wall clock, the exceljs convention. */
function toApiValue(v: Cell): string | number | boolean {
  if (v === null) return '';
  if (v instanceof Date) {
    const day = `${v.getUTCFullYear()}-${pad(v.getUTCMonth() + 1)}-${pad(v.getUTCDate())}`;
    const secs = v.getUTCHours() * 3600 + v.getUTCMinutes() * 60 + v.getUTCSeconds();
    return secs === 0 ? day : `${day} ${pad(v.getUTCHours())}:${pad(v.getUTCMinutes())}:${pad(v.getUTCSeconds())}`;
  }
  if (typeof v === 'number' && !Number.isFinite(v)) return '';
  return v;
}

export function contentHash(header: string[], rows: Cell[][]): string {
  const h = createHash('sha256');
  h.update(JSON.stringify(header));
  for (const row of rows) h.update(`\n${JSON.stringify(row.map(toApiValue))}`);
  return `sha256:${h.digest('hex')}`;
}

function readStamp(sheet: SheetInfo): { stamp: TableStamp | null; metadataIds: number[] } {
  const ours = sheet.developerMetadata.filter((m) => m.metadataKey === TABLE_METADATA_KEY);
  let stamp: TableStamp | null = null;
  for (const m of ours) {
    try {
      stamp = JSON.parse(m.metadataValue ?? '') as TableStamp;
    } catch {
      stamp = { hash: '', rows: 0, state: 'writing' };
    }
  }
  return { stamp, metadataIds: ours.map((m) => m.metadataId ?? -1) };
}

const stampRequest = (sheetId: number, stamp: TableStamp): sheets_v4.Schema$Request => ({
  createDeveloperMetadata: {
    developerMetadata: {
      metadataKey: TABLE_METADATA_KEY,
      metadataValue: JSON.stringify(stamp),
      location: { sheetId },
      visibility: 'DOCUMENT',
    },
  },
});

/**
 * Writes header + rows to tab `tab` (a new tab; never over a tab this system did not create).
 * Idempotent: a tab already holding the same content (hash in its developer metadata, state complete) is left
 * alone; a half-written or outdated tab of ours is replaced by delete+add in one atomic batchUpdate.
 * `beforeWrite` (the optimistic-concurrency check) runs after the idempotency check and before the first change,
 * so a replay of a write that already landed succeeds even if the source has moved on since.
 * Cells are sent with valueInputOption RAW, so user text such as "=HYPERLINK(...)" or "+86..." stays text and
 * can never become a formula.
 */
export async function writeGoogleTable(
  ctx: WriteContext,
  spreadsheetId: string,
  sheets: SheetInfo[],
  table: { tab: string; header: string[]; rows: Cell[][] },
  reload: () => Promise<SheetInfo[]>,
  beforeWrite: () => Promise<void>,
): Promise<{ written: boolean; rows: number }> {
  const { tab, header, rows } = table;
  const hash = contentHash(header, rows);
  const existing = sheets.find((s) => s.title === tab);
  const requests: sheets_v4.Schema$Request[] = [];
  if (existing) {
    const { stamp } = readStamp(existing);
    if (!stamp) {
      throw new AppError(
        'TabNotOurs',
        `Google spreadsheet ${spreadsheetId} already has a tab "${tab}" that this system did not write; refusing to overwrite it`,
        { spreadsheetId, tab },
      );
    }
    if (stamp.hash === hash && stamp.state === 'complete') return { written: false, rows: rows.length };
    requests.push({ deleteSheet: { sheetId: existing.sheetId } });
  }
  await beforeWrite();
  const width = rows.reduce((w, r) => Math.max(w, r.length), Math.max(header.length, 1));
  const used = new Set(sheets.map((s) => s.sheetId));
  let sheetId = randomInt(1, 2 ** 31 - 1);
  while (used.has(sheetId)) sheetId = randomInt(1, 2 ** 31 - 1);
  requests.push(
    {
      addSheet: {
        properties: {
          sheetId,
          title: tab,
          gridProperties: { rowCount: rows.length + 1, columnCount: width, frozenRowCount: 1 },
        },
      },
    },
    stampRequest(sheetId, { hash, rows: rows.length, state: 'writing' }),
  );
  const where = { spreadsheetId, tab };
  let metadataId: number | undefined;
  try {
    const res = await callWithRetry('spreadsheets.batchUpdate', where, ctx.retry, () =>
      ctx.api.spreadsheets.batchUpdate({ spreadsheetId, requestBody: { requests } }),
    );
    metadataId =
      res.data.replies?.[requests.length - 1]?.createDeveloperMetadata?.developerMetadata?.metadataId ?? undefined;
  } catch (err) {
    // A timed-out attempt may have landed before the retry that now reports "already exists": that is our tab.
    const now = await reload();
    const mine = now.find((s) => s.title === tab && s.sheetId === sheetId);
    if (!mine) throw err;
    metadataId = readStamp(mine).metadataIds[0];
  }
  // Rows 1..n+1 in ranges of chunkRows, packed into calls of at most maxCellsPerWrite cells.
  const all = [header as Cell[], ...rows];
  let batch: sheets_v4.Schema$ValueRange[] = [];
  let cellsInBatch = 0;
  const flush = async (): Promise<void> => {
    if (batch.length === 0) return;
    const data = batch;
    batch = [];
    cellsInBatch = 0;
    await callWithRetry('spreadsheets.values.batchUpdate', where, ctx.retry, () =>
      ctx.api.spreadsheets.values.batchUpdate({ spreadsheetId, requestBody: { valueInputOption: 'RAW', data } }),
    );
  };
  const rowsPerRange = Math.max(1, Math.min(ctx.chunkRows, Math.floor(ctx.maxCellsPerWrite / width)));
  for (let start = 0; start < all.length; start += rowsPerRange) {
    const slice = all.slice(start, start + rowsPerRange);
    if (cellsInBatch + slice.length * width > ctx.maxCellsPerWrite) await flush();
    batch.push({
      range: rowsRange(tab, start + 1, start + slice.length, width),
      majorDimension: 'ROWS',
      values: slice.map((r) => r.map(toApiValue)),
    });
    cellsInBatch += slice.length * width;
  }
  await flush();

  // Mark complete only after every value landed: a crash before this leaves a "writing" tab that a retry replaces.
  await callWithRetry('spreadsheets.batchUpdate', where, ctx.retry, () =>
    ctx.api.spreadsheets.batchUpdate({
      spreadsheetId,
      requestBody: {
        requests: [
          ...(metadataId === undefined
            ? []
            : [{ deleteDeveloperMetadata: { dataFilter: { developerMetadataLookup: { metadataId } } } }]),
          stampRequest(sheetId, { hash, rows: rows.length, state: 'complete' }),
        ],
      },
    }),
  );
  return { written: true, rows: rows.length };
}
