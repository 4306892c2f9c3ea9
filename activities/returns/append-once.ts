/**
 * A system-owned journal tab that gains one row per key, never two: credit notes by document number, old-parts
 * receipts by GRN number, inspection results by return number, supplier claims by claim number.
 *
 * Each append reads the tab, returns "already-present" when the key is there, else rewrites the tab with the
 * row added, through the backend's writeTable (atomic, content-hashed, refused with ConcurrentEditError when
 * the file changed since it was read). A lock per journal serialises appenders in this process and on this
 * host, so two returns posting at once cannot lose each other's row; an edit by a person between our read
 * and our write is refused and retried by Temporal.
 */
import { createHash } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AppError } from '../../domain/errors';
import { withFileLock } from '../archive/file-lock';
import type { WritableCell } from '../sheets/content-hash';
import type { RawRow, SourceFingerprint, TableBackend, TableRef } from '../sheets/types';

export interface JournalSpec {
  ref: TableRef;
  header: readonly string[];
  /** Column (0-based) holding the key. */
  keyColumn: number;
}

export interface AppendResult {
  status: 'appended' | 'already-present';
  /** Row number of the key's row as a person sees it (header is row 1). */
  row: number;
  /** The row as it stands in the journal (the first write's values when already present). */
  values: (string | number | boolean | Date | null)[];
}

export function tabOf(ref: TableRef): string {
  const tab = ref.kind === 'excel' ? ref.sheet : ref.tab;
  if (!tab)
    throw new AppError('JournalTabMissing', `journal target ${JSON.stringify(ref)} names no tab/sheet`, { ref });
  return tab;
}

function where(ref: TableRef): string {
  return ref.kind === 'excel' ? `${ref.path} › ${ref.sheet ?? ''}` : `${ref.spreadsheetId} › ${ref.tab ?? ''}`;
}

const text = (v: unknown): string =>
  (v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v)).trim();

async function listSheetsOrNone(backend: TableBackend, ref: TableRef): Promise<string[]> {
  try {
    return await backend.listSheets(ref);
  } catch (e) {
    if (e instanceof AppError && e.code === 'SourceNotFound') return [];
    throw e;
  }
}

/** Current data rows of the journal tab (header checked), or null when the tab does not exist yet. */
export async function readJournal(
  backend: TableBackend,
  spec: JournalSpec,
): Promise<{ rows: RawRow[]; fingerprint: SourceFingerprint } | null> {
  const tab = tabOf(spec.ref);
  if (!(await listSheetsOrNone(backend, spec.ref)).includes(tab)) return null;
  const fingerprint = await backend.fingerprint(spec.ref);
  const rows: RawRow[] = [];
  let header: RawRow | undefined;
  for await (const r of backend.readRows(spec.ref)) {
    if (!header) {
      header = r;
      continue;
    }
    if (r.cells.every((c) => text(c) === '')) continue;
    rows.push(r);
  }
  if (header) {
    const got = spec.header.map((_, i) => text(header!.cells[i]));
    if (got.join('\u0000') !== spec.header.join('\u0000')) {
      throw new AppError(
        'JournalHeaderChanged',
        `${where(spec.ref)}: the header row was changed (expected ${spec.header.join(' | ')}; found ${got.join(' | ')}); not writing — restore the header or point the config at a new tab`,
        { ref: spec.ref },
      );
    }
  }
  return { rows, fingerprint };
}

export async function appendOnce(
  backend: TableBackend,
  spec: JournalSpec,
  row: WritableCell[],
  opts: { lockDir: string },
): Promise<AppendResult> {
  return (await appendEachOnce(backend, spec, [row], opts))[0]!;
}

/**
 * Appends each row whose key is not in the journal yet (nor earlier in `rows`), in one read and one write; a row
 * whose key is present comes back "already-present" with the row as it stands. Same guarantees as appendOnce.
 */
export async function appendEachOnce(
  backend: TableBackend,
  spec: JournalSpec,
  rows: WritableCell[][],
  opts: { lockDir: string },
): Promise<AppendResult[]> {
  for (const row of rows) {
    if (!text(row[spec.keyColumn]))
      throw new AppError('JournalKeyMissing', `${where(spec.ref)}: row has no key in column ${spec.keyColumn + 1}`, {});
    if (row.length !== spec.header.length)
      throw new AppError(
        'JournalRowShape',
        `${where(spec.ref)}: row has ${row.length} cells, header ${spec.header.length}`,
        {},
      );
  }
  await mkdir(opts.lockDir, { recursive: true });
  const lockName = createHash('sha256').update(JSON.stringify(spec.ref)).digest('hex').slice(0, 24);
  return withFileLock(join(opts.lockDir, `journal-${lockName}.lock`), async () => {
    const current = await readJournal(backend, spec);
    const width = spec.header.length;
    const table = (current?.rows ?? []).map((r) => Array.from({ length: width }, (_, i) => r.cells[i] ?? null));
    const rowOfKey = new Map<string, number>();
    table.forEach((cells, i) => {
      const key = text(cells[spec.keyColumn]);
      if (!rowOfKey.has(key)) rowOfKey.set(key, i);
    });
    const results: AppendResult[] = [];
    for (const row of rows) {
      const key = text(row[spec.keyColumn]);
      const at = rowOfKey.get(key);
      if (at !== undefined) {
        const existing = current?.rows[at];
        results.push({ status: 'already-present', row: existing?.rowNumber ?? at + 2, values: [...table[at]!] });
        continue;
      }
      table.push(row);
      rowOfKey.set(key, table.length - 1);
      results.push({ status: 'appended', row: table.length + 1, values: row });
    }
    if (results.every((r) => r.status === 'already-present')) return results;
    const tab = tabOf(spec.ref);
    const res = await backend.writeTable(
      spec.ref,
      tab,
      [...spec.header],
      table,
      current ? { expect: current.fingerprint } : {},
    );
    const target = (res as { target?: TableRef }).target;
    const resolvePath = (backend as { resolvePath?: (r: TableRef) => string }).resolvePath;
    if (target && resolvePath && spec.ref.kind === 'excel' && resolvePath(target) !== resolvePath(spec.ref)) {
      throw new AppError(
        'JournalMoved',
        `${where(spec.ref)}: the workbook could not be rewritten in place, the row went to ${resolvePath(target)}; point the config at a plain workbook of its own`,
        { ref: spec.ref, target },
      );
    }
    return results;
  });
}

/**
 * Creates the journal tab with its header only when it does not exist yet, so the readers of the journal (dunning,
 * quality, stocktake) find it before the first row is posted. Idempotent; never touches an existing tab.
 */
export async function ensureJournal(
  backend: TableBackend,
  spec: JournalSpec,
  opts: { lockDir: string },
): Promise<boolean> {
  const tab = tabOf(spec.ref);
  if ((await listSheetsOrNone(backend, spec.ref)).includes(tab)) return false;
  await mkdir(opts.lockDir, { recursive: true });
  const lockName = createHash('sha256').update(JSON.stringify(spec.ref)).digest('hex').slice(0, 24);
  return withFileLock(join(opts.lockDir, `journal-${lockName}.lock`), async () => {
    if ((await listSheetsOrNone(backend, spec.ref)).includes(tab)) return false;
    await backend.writeTable(spec.ref, tab, [...spec.header], []);
    return true;
  });
}
