/**
 * Supplier-responsible incident costs in the month's supplier claims (issue 18): every batch quality incident closed
 * in the month whose root cause found the supplier responsible (domain/early-warning supplierIncidentCosts) is one
 * claim line of that supplier, beside its returns lines, keyed by the incident id — one line per incident however
 * often the month is built. Who is claimed is the register's 供应商 (the root-cause decision) read as a supplier code
 * or name; when the register names nobody, the part's supplier in the catalogue. An incident whose supplier nobody
 * knows is not claimed under an invented code: it is listed, like an unassigned returns line.
 */
import type { SupplierIncidentCost } from '../early-warning/incident-month';
import {
  emptyBatch,
  type IncidentClaimLine,
  type SupplierBatch,
  type SupplierBatches,
  type SupplierContact,
  type UnassignedIncidentCost,
} from './supplier-batch';

/**
 * The month's batches with the incident costs added: a line per incident in its supplier's batch (a batch is opened
 * for a supplier with incidents only), `totalFen` = returns lines + incident lines, batches sorted by code.
 */
export function addIncidentCosts(
  base: SupplierBatches,
  costs: readonly SupplierIncidentCost[],
  supplierOf: (c: SupplierIncidentCost) => SupplierContact | undefined,
): SupplierBatches {
  const byCode = new Map<string, SupplierBatch>(base.batches.map((b) => [b.supplierCode, { ...b }]));
  const unassigned: UnassignedIncidentCost[] = [...(base.unassignedIncidents ?? [])];
  const claimed = new Set(base.batches.flatMap((b) => (b.incidents ?? []).map((i) => i.incidentId)));
  for (const c of costs) {
    if (claimed.has(c.incidentId)) continue;
    claimed.add(c.incidentId);
    const who = supplierOf(c);
    if (!who) {
      unassigned.push({
        incidentId: c.incidentId,
        partNo: c.partNo,
        supplier: c.supplier,
        costFen: c.costFen,
        ...(c.row !== undefined ? { row: c.row } : {}),
      });
      continue;
    }
    const batch = byCode.get(who.code) ?? emptyBatch(who);
    const line: IncidentClaimLine = {
      incidentId: c.incidentId,
      closedOn: c.closedOn,
      partNo: c.partNo,
      partName: c.partName,
      failureName: c.failureName,
      amountFen: c.costFen,
    };
    byCode.set(who.code, {
      ...batch,
      incidents: [...(batch.incidents ?? []), line],
      incidentFen: (batch.incidentFen ?? 0) + c.costFen,
      totalFen: batch.totalFen + c.costFen,
    });
  }
  const batches = [...byCode.values()].sort((a, b) => a.supplierCode.localeCompare(b.supplierCode));
  for (const b of batches)
    b.incidents?.sort((x, y) => x.closedOn.localeCompare(y.closedOn) || x.incidentId.localeCompare(y.incidentId));
  return { ...base, batches, ...(unassigned.length ? { unassignedIncidents: unassigned } : {}) };
}
