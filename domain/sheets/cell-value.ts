/**
 * A cell value as both backends deliver it (after formula, rich-text and merge resolution). Mirrors the cell type of
 * `RawRow` in activities/sheets/types.ts, restated here because domain code may not depend on activities.
 * Dates follow the exceljs convention: the wall-clock date/time is stored in the Date's UTC fields.
 */
export type CellValue = string | number | boolean | Date | null;

/** A row of cells with the row number the user sees (1-based); structurally the same as `RawRow`. */
export interface RawRowLike {
  rowNumber: number;
  cells: readonly CellValue[];
}

/** Text shown for a cell in problem reports: what the user would recognise in the sheet. */
export function displayCell(value: CellValue | undefined): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return 'Invalid Date';
    const iso = value.toISOString();
    return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.slice(0, 19).replace('T', ' ');
  }
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  return String(value);
}

/** True when the cell holds nothing a person would see (null, empty or whitespace-only text). */
export function isBlankCell(value: CellValue | undefined): boolean {
  if (value === null || value === undefined) return true;
  if (typeof value === 'string') {
    // Hot path: text starting with a visible ASCII character or a CJK ideograph cannot trim to nothing.
    const c = value.charCodeAt(0);
    if ((c > 32 && c < 127) || (c >= 0x4e00 && c <= 0x9fff)) return false;
    return value.trim() === '';
  }
  return false;
}

/** Spreadsheet column letters for a 0-based column index (0 → A, 26 → AA). */
export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
