import { posix } from 'node:path';
import type { TableRef } from '../../activities/sheets/types';

/** A system-owned journal beside a source: a workbook of its own in the same folder, or a tab of the same spreadsheet. */
export function besideSource(ref: TableRef, fileName: string, tab: string): TableRef {
  return ref.kind === 'excel'
    ? { kind: 'excel', path: posix.join(posix.dirname(ref.path.replace(/\\/g, '/')), fileName), sheet: tab }
    : { kind: 'google', spreadsheetId: ref.spreadsheetId, tab };
}
