import type { Fen } from '../../domain/money';
import type { Period } from '../../domain/calendar';
import { supplierClaimNo } from '../../domain/returns';
import { readJournal } from './append-once';
import { fenOfCell, recoveryJournal } from './journals';
import type { ReadSupplierBatches } from './read-supplier-batches';
import type { ReturnsActivityDeps } from './types';

/**
 * Where the month's supplier claims stand, per supplier, for the quality report's recovery columns: claimed (the
 * batch the claim was built from), recovered (what the recovery register says the supplier confirmed) and open
 * claims (no answer recorded yet). Read-only.
 */
export function makeSummarizeSupplierRecovery(deps: ReturnsActivityDeps, batches: ReadSupplierBatches) {
  return async function summarizeSupplierRecovery(input: {
    period: Period;
  }): Promise<{ supplier: string; supplierCode: string; claimedFen: Fen; recoveredFen: Fen; openClaims: number }[]> {
    const { period } = input;
    const spec = recoveryJournal(deps.settings.targets.recoveries);
    const register = await readJournal(deps.backendFor(spec.ref), spec);
    const answered = new Map(
      (register?.rows ?? []).map((r) => [String(r.cells[0] ?? '').trim(), fenOfCell(r.cells[8] ?? null)]),
    );
    return (await batches(period)).batches.map((b) => {
      const claimNo = supplierClaimNo(period, b.supplierCode);
      const recovered = answered.get(claimNo);
      return {
        supplier: b.supplierName,
        supplierCode: b.supplierCode,
        claimedFen: b.totalFen,
        recoveredFen: recovered ?? 0,
        openClaims: recovered === undefined ? 1 : 0,
      };
    });
  };
}
