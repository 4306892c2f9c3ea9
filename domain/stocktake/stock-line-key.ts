/**
 * The identity of a stock line: warehouse + location + part number, trimmed. Count sheets carry it in a
 * locked (hidden) column, so a count always joins back to exactly one snapshot line.
 */
export function stockLineKey(warehouse: string, location: string, partNo: string): string {
  return `${warehouse.trim()}|${location.trim()}|${partNo.trim()}`;
}

export function keyOfLine(line: { warehouse: string; location: string; partNo: string }): string {
  return stockLineKey(line.warehouse, line.location, line.partNo);
}

/** qty × unit cost in fen, rounded half away from zero (qty may be fractional for bulk stock). */
export function qtyValueFen(qty: number, unitCostFen: number): number {
  const v = qty * unitCostFen;
  return Math.sign(v) * Math.round(Math.abs(v));
}
