/**
 * Checks across rows and sheets that no single cell shows: the same document number twice (also when one of the
 * rows was refused for another reason — a clerk would still see the clash), and references to a dealer or part
 * that no master row names (a master row refused for, say, a bad email still names a known dealer).
 */
import type { CellProblem } from '../errors';

/** A key cell of one row, valid or refused, read from the raw cells. */
export interface KeyedCell {
  file: string;
  sheet: string;
  row: number;
  /** Column letter and header as in the sheet. */
  col: string;
  header: string;
  /** Normalised key (e.g. upper-case half-width code). */
  key: string;
  /** The cell as shown. */
  value: string;
  /** The row became a record (false: refused for another reason). */
  valid: boolean;
}

function at(c: KeyedCell, code: string, reason: string): CellProblem {
  return { file: c.file, sheet: c.sheet, row: c.row, column: c.header, col: c.col, value: c.value, reason, code };
}

/**
 * Every occurrence of a key that appears more than once, each naming the other rows. `onlyWithRefused` keeps the
 * groups that contain a refused row (when the valid-only duplicates are already reported elsewhere).
 */
export function duplicateKeys(cells: readonly KeyedCell[], opts: { onlyWithRefused?: boolean } = {}): CellProblem[] {
  const groups = new Map<string, KeyedCell[]>();
  for (const c of cells) if (c.key) groups.set(c.key, [...(groups.get(c.key) ?? []), c]);
  const out: CellProblem[] = [];
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    if (opts.onlyWithRefused && group.every((c) => c.valid)) continue;
    for (const c of group) {
      const others = group
        .filter((o) => o !== c)
        .map((o) => (o.file === c.file && o.sheet === c.sheet ? `${o.row}` : `${o.file} › ${o.sheet} ${o.row}`))
        .join(', ');
      out.push(
        at(c, 'duplicate-doc', `单据号重复（另见第 ${others} 行） / duplicate document number (also row ${others})`),
      );
    }
  }
  return out;
}

/** References whose key no master row names. `what` names the master ("经销商/dealer", "配件/part"). */
export function unknownKeys(
  cells: readonly KeyedCell[],
  known: ReadonlySet<string>,
  what: { code: string; zh: string; en: string },
): CellProblem[] {
  return cells
    .filter((c) => c.key && !known.has(c.key))
    .map((c) => at(c, what.code, `未知的${what.zh}（不在${what.zh}名录中） / unknown ${what.en}`));
}
