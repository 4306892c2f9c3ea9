/**
 * A1 notation as the Sheets v4 API accepts it: `'Sheet 1'!A1:L1000`, `Sheet1!A:C`, `Sheet1!5:9`, `A1:B2`
 * (first sheet), `Sheet1` (whole sheet). Written independently of the backend's range builder so a bug in
 * one cannot hide in the other.
 */
export interface A1Bounds {
  /** 0-based, inclusive. */
  startRow: number;
  startCol: number;
  /** 0-based, exclusive; undefined = to the end of the grid. */
  endRow?: number;
  endCol?: number;
}

export interface ParsedA1 {
  /** Sheet title, or null when the range names no sheet (Google then uses the first visible sheet). */
  sheet: string | null;
  bounds: A1Bounds;
}

export class A1Error extends Error {}

export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export function columnLetters(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    s = String.fromCharCode(65 + rem) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** Google quotes a sheet name in returned ranges unless it is a plain identifier that cannot be read as a cell. */
export function quoteSheetTitle(title: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(title) && !/^[A-Za-z]{1,3}[0-9]+$/.test(title)) return title;
  return `'${title.replace(/'/g, "''")}'`;
}

interface Ref {
  col?: number;
  row?: number;
}

function parseRef(s: string): Ref | null {
  const m = /^\$?([A-Za-z]{0,3})\$?([0-9]*)$/.exec(s);
  if (!m || (m[1] === '' && m[2] === '')) return null;
  const ref: Ref = {};
  if (m[1]) ref.col = columnIndex(m[1]);
  if (m[2]) {
    const row = Number(m[2]);
    if (row < 1) return null;
    ref.row = row - 1;
  }
  return ref;
}

function parseCells(s: string): A1Bounds | null {
  const parts = s.split(':');
  if (parts.length > 2) return null;
  const a = parseRef(parts[0] ?? '');
  if (!a) return null;
  if (parts.length === 1) {
    if (a.col === undefined || a.row === undefined) return null;
    return { startRow: a.row, startCol: a.col, endRow: a.row + 1, endCol: a.col + 1 };
  }
  const b = parseRef(parts[1] ?? '');
  if (!b) return null;
  // A column-only side (A:C, A5:C) leaves the rows open; a row-only side (5:9) leaves the columns open.
  if (b.col === undefined && b.row === undefined) return null;
  return {
    startRow: Math.min(a.row ?? 0, b.row ?? Infinity),
    startCol: Math.min(a.col ?? 0, b.col ?? Infinity),
    endRow: b.row === undefined ? undefined : Math.max(a.row ?? 0, b.row) + 1,
    endCol: b.col === undefined ? undefined : Math.max(a.col ?? 0, b.col) + 1,
  };
}

/**
 * Parses a range. `titles` lets an unquoted bare name resolve as a whole sheet (Google's behaviour when a
 * range without `!` equals a sheet title).
 */
export function parseA1(range: string, titles: readonly string[]): ParsedA1 {
  const whole: A1Bounds = { startRow: 0, startCol: 0 };
  let sheet: string | null = null;
  let cells: string | null = range;
  if (range.startsWith("'")) {
    let i = 1;
    let title = '';
    for (; i < range.length; i++) {
      const ch = range[i];
      if (ch === "'") {
        if (range[i + 1] === "'") {
          title += "'";
          i++;
          continue;
        }
        break;
      }
      title += ch;
    }
    if (i >= range.length) throw new A1Error(`Unable to parse range: ${range}`);
    sheet = title;
    const rest = range.slice(i + 1);
    if (rest === '') cells = null;
    else if (rest.startsWith('!')) cells = rest.slice(1);
    else throw new A1Error(`Unable to parse range: ${range}`);
  } else {
    const bang = range.lastIndexOf('!');
    if (bang >= 0) {
      sheet = range.slice(0, bang);
      cells = range.slice(bang + 1);
    } else if (titles.includes(range)) {
      return { sheet: range, bounds: whole };
    }
  }
  if (cells === null || cells === '') return { sheet, bounds: whole };
  const bounds = parseCells(cells);
  if (!bounds) throw new A1Error(`Unable to parse range: ${range}`);
  return { sheet, bounds };
}

export function formatA1(title: string, b: Required<A1Bounds>): string {
  return `${quoteSheetTitle(title)}!${columnLetters(b.startCol)}${b.startRow + 1}:${columnLetters(b.endCol - 1)}${b.endRow}`;
}
