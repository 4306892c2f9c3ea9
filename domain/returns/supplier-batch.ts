/**
 * Monthly supplier recovery (配套索赔): the supplier-responsible inspections of a month, grouped per
 * supplier into one claim each. Supplier codes come from the supplier directory (config); a supplier the
 * directory does not know gets a stable code derived from its name, so its workflow id never changes.
 */
import type { Fen } from '../money';

export interface SupplierContact {
  code: string;
  name: string;
  email?: string;
  contact?: string;
}

/** One inspection result as written to the inspection results tab. */
export interface InspectionRecord {
  returnNo: string;
  /** Inspection date, yyyy-MM-dd. */
  date: string;
  dealerId: string;
  partNo: string;
  partName: string;
  supplier: string;
  verdict: string;
  qty: number;
  failureMode: string;
  creditFen: Fen;
}

export interface SupplierBatch {
  supplierCode: string;
  supplierName: string;
  lines: InspectionRecord[];
  qty: number;
  totalFen: Fen;
}

/** FNV-1a, 32 bit: a pure, stable hash (no Node builtins here). */
function fnv1a(text: string): number {
  let h = 0x811c9dc5;
  for (const ch of text) {
    h ^= ch.codePointAt(0) ?? 0;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const norm = (s: string): string => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

export function findSupplier(nameOrCode: string, directory: readonly SupplierContact[]): SupplierContact | undefined {
  const k = norm(nameOrCode);
  return directory.find((s) => norm(s.code) === k) ?? directory.find((s) => norm(s.name) === k);
}

/** Directory code, or "S" + 8 hex digits of the name's hash for suppliers not in the directory. */
export function supplierCodeOf(name: string, directory: readonly SupplierContact[]): string {
  const hit = findSupplier(name, directory);
  if (hit) return hit.code;
  return `S${fnv1a(norm(name)).toString(16).toUpperCase().padStart(8, '0')}`;
}

/** Supplier-responsible inspections dated in `period` (yyyy-MM), one batch per supplier, sorted by code. */
export function batchSupplierClaims(
  records: readonly InspectionRecord[],
  period: string,
  directory: readonly SupplierContact[],
): SupplierBatch[] {
  const seen = new Set<string>();
  const byCode = new Map<string, SupplierBatch>();
  for (const r of records) {
    if (r.verdict !== 'supplier-responsible' || !r.date.startsWith(`${period}-`) || !r.supplier.trim()) continue;
    if (seen.has(r.returnNo)) continue;
    seen.add(r.returnNo);
    const code = supplierCodeOf(r.supplier, directory);
    const batch = byCode.get(code) ?? {
      supplierCode: code,
      supplierName: findSupplier(code, directory)?.name ?? r.supplier.trim(),
      lines: [],
      qty: 0,
      totalFen: 0,
    };
    batch.lines.push(r);
    batch.qty += r.qty;
    batch.totalFen += r.creditFen;
    byCode.set(code, batch);
  }
  const out = [...byCode.values()].sort((a, b) => a.supplierCode.localeCompare(b.supplierCode));
  for (const b of out) b.lines.sort((x, y) => x.date.localeCompare(y.date) || x.returnNo.localeCompare(y.returnNo));
  return out;
}
