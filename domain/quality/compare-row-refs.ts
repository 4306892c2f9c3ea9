/**
 * The order rows are taken in when "first seen" matters (which spelling of an unmapped text is shown, which row it
 * cites, which of two equal duplicates is kept): by source, then by business key where the row has one, then by row.
 * Rows appended as work finishes (the inspection results, one per return) land in another order after a retry or a
 * killed worker; their key does not move, so the result depends only on the facts.
 */
import type { RowRef } from './types';

/** Builds the comparator from the sources' order (index of a file and sheet; unknown places sort last). */
export function compareRowRefs(
  sourceIndex: (ref: RowRef) => number,
): (a: RowRef | undefined, b: RowRef | undefined) => number {
  return (a, b) => {
    if (!a || !b) return a ? -1 : b ? 1 : 0;
    const ka = a.key ?? '';
    const kb = b.key ?? '';
    return sourceIndex(a) - sourceIndex(b) || (ka < kb ? -1 : ka > kb ? 1 : 0) || a.row - b.row;
  };
}
