import type { Period } from '../../domain/calendar';
import type { ClaimSuppliers } from './supplier-claims';
import type { ReadSupplierBatches } from './read-supplier-batches';

/** Suppliers with supplier-responsible inspections in `period`, and the lines nobody can be claimed for (read-only). */
export function makeListClaimSuppliers(batches: ReadSupplierBatches) {
  return async function listClaimSuppliers(input: { period: Period }): Promise<ClaimSuppliers> {
    const b = await batches(input.period);
    return {
      suppliers: b.batches.map((x) => ({
        supplierCode: x.supplierCode,
        supplierName: x.supplierName,
        ...(x.email ? { email: x.email } : {}),
        lines: x.lines.length + (x.incidents?.length ?? 0),
        totalFen: x.totalFen,
      })),
      unassigned: b.unassigned.map((r) => ({
        returnNo: r.returnNo,
        partNo: r.partNo,
        supplier: r.supplier,
        creditFen: r.creditFen,
      })),
      ...(b.unassignedIncidents ? { unassignedIncidents: b.unassignedIncidents } : {}),
    };
  };
}
