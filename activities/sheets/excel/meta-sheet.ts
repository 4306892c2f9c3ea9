/**
 * A very hidden sheet in every workbook this system writes to, recording which tabs (or the whole workbook) it
 * generated and their content hash. It makes writes idempotent and tells our tabs apart from the user's.
 */
import type ExcelJS from 'exceljs';

export const META_SHEET = '_aftersales_meta';

export interface MetaRecord {
  kind: 'tab' | 'workbook';
  name: string;
  contentHash: string;
  rows: number;
  writtenAt: string;
}

export const META_SHEET_HEADER = ['kind', 'name', 'contentHash', 'rows', 'writtenAt'] as const;

export function readMeta(wb: ExcelJS.Workbook): MetaRecord[] {
  const ws = wb.getWorksheet(META_SHEET);
  if (!ws) return [];
  const out: MetaRecord[] = [];
  ws.eachRow((row, n) => {
    if (n === 1) return;
    const [kind, name, contentHash, rows, writtenAt] = (row.values as unknown[]).slice(1);
    if ((kind === 'tab' || kind === 'workbook') && typeof contentHash === 'string') {
      out.push({
        kind,
        name: String(name ?? ''),
        contentHash,
        rows: Number(rows ?? 0),
        writtenAt: String(writtenAt ?? ''),
      });
    }
  });
  return out;
}

export function findMeta(wb: ExcelJS.Workbook, kind: MetaRecord['kind'], name: string): MetaRecord | undefined {
  return readMeta(wb).find((m) => m.kind === kind && m.name === name);
}

/** Replaces the record for (kind, name), keeping the meta sheet last and very hidden. */
export function upsertMeta(wb: ExcelJS.Workbook, record: MetaRecord): void {
  const others = readMeta(wb).filter((m) => !(m.kind === record.kind && m.name === record.name));
  const old = wb.getWorksheet(META_SHEET);
  if (old) wb.removeWorksheet(old.id);
  const ws = wb.addWorksheet(META_SHEET, { state: 'veryHidden' });
  ws.addRow([...META_SHEET_HEADER]);
  for (const m of [...others, record]) ws.addRow([m.kind, m.name, m.contentHash, m.rows, m.writtenAt]);
}
