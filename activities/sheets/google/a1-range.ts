/** A1 ranges for the Sheets API. Sheet titles are always quoted, so Chinese titles, spaces and quotes are safe. */
export function quoteTab(title: string): string {
  return `'${title.replace(/'/g, "''")}'`;
}

export function columnLetters(count: number): string {
  let n = count;
  let s = '';
  while (n > 0) {
    const rem = (n - 1) % 26;
    s = String.fromCharCode(65 + rem) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** `'Tab'!A{firstRow}:{lastCol}{lastRow}` with 1-based inclusive rows and a column count. */
export function rowsRange(title: string, firstRow: number, lastRow: number, columns: number): string {
  return `${quoteTab(title)}!A${firstRow}:${columnLetters(Math.max(columns, 1))}${lastRow}`;
}
