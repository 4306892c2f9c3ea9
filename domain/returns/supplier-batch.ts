/**
 * Monthly supplier recovery (配套索赔): the supplier-responsible inspections of a month, grouped per
 * supplier into one claim each. Who a line is claimed against comes from the parts catalogue (the part's
 * supplier code, contact and address), else from the supplier directory in config by the supplier's name;
 * a line neither knows is not claimed (no invented codes): it is reported to purchasing as unassigned.
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
  /** 处理方式 from the verdict, when the journal has it. */
  disposition?: string;
}

/** One incident's cost as a claim line; `incidentId` is the line's key. */
export interface IncidentClaimLine {
  incidentId: string;
  /** yyyy-MM-dd the incident was closed (the cost is final then). */
  closedOn: string;
  partNo: string;
  partName: string;
  failureName: string;
  amountFen: Fen;
}

/** A supplier-responsible incident cost whose supplier neither the catalogue nor the directory knows. */
export interface UnassignedIncidentCost {
  incidentId: string;
  partNo: string;
  supplier: string;
  costFen: Fen;
  /** The register row it was read from. */
  row?: number;
}

export interface SupplierBatch {
  supplierCode: string;
  supplierName: string;
  contact?: string;
  email?: string;
  lines: InspectionRecord[];
  qty: number;
  /** Returns lines plus incident lines. */
  totalFen: Fen;
  /** Costs of supplier-responsible batch quality incidents closed in the month (domain/returns/incident-claims). */
  incidents?: IncidentClaimLine[];
  incidentFen?: Fen;
}

export interface SupplierBatches {
  batches: SupplierBatch[];
  /** Supplier-responsible lines of the month whose supplier neither the catalogue nor the directory knows. */
  unassigned: InspectionRecord[];
  /** Supplier-responsible incident costs of the month whose supplier neither the catalogue nor the directory knows. */
  unassignedIncidents?: UnassignedIncidentCost[];
}

const norm = (s: string): string => s.normalize('NFKC').replace(/\s+/g, '').toLowerCase();

export function findSupplier(nameOrCode: string, directory: readonly SupplierContact[]): SupplierContact | undefined {
  const k = norm(nameOrCode);
  if (!k) return undefined;
  return directory.find((s) => norm(s.code) === k) ?? directory.find((s) => norm(s.name) === k);
}

/** A supplier's batch before its first line: who, where to send it, nothing claimed yet. */
export function emptyBatch(who: SupplierContact): SupplierBatch {
  return {
    supplierCode: who.code,
    supplierName: who.name,
    ...(who.contact ? { contact: who.contact } : {}),
    ...(who.email ? { email: who.email } : {}),
    lines: [],
    qty: 0,
    totalFen: 0,
  };
}

/**
 * Supplier-responsible inspections dated in `period` (yyyy-MM), once per return, one batch per supplier sorted by
 * code. `supplierOf` names the supplier of a line (the catalogue's, for its part), or undefined when nobody knows it.
 */
export function batchSupplierClaims(
  records: readonly InspectionRecord[],
  period: string,
  supplierOf: (r: InspectionRecord) => SupplierContact | undefined,
): SupplierBatches {
  const seen = new Set<string>();
  const byCode = new Map<string, SupplierBatch>();
  const unassigned: InspectionRecord[] = [];
  for (const r of records) {
    if (r.verdict !== 'supplier-responsible' || !r.date.startsWith(`${period}-`)) continue;
    if (seen.has(r.returnNo)) continue;
    seen.add(r.returnNo);
    const who = supplierOf(r);
    if (!who) {
      unassigned.push(r);
      continue;
    }
    const batch = byCode.get(who.code) ?? emptyBatch(who);
    batch.lines.push(r);
    batch.qty += r.qty;
    batch.totalFen += r.creditFen;
    byCode.set(who.code, batch);
  }
  const batches = [...byCode.values()].sort((a, b) => a.supplierCode.localeCompare(b.supplierCode));
  for (const b of batches) b.lines.sort((x, y) => x.date.localeCompare(y.date) || x.returnNo.localeCompare(y.returnNo));
  unassigned.sort((x, y) => x.date.localeCompare(y.date) || x.returnNo.localeCompare(y.returnNo));
  return { batches, unassigned };
}
