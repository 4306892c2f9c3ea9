import type { DealerReconciliation, DealerTransaction } from '../../domain/dunning';
import type { DataRef } from '../archive/types';
import type { DealerActivityDeps } from './dealer-activities';

/**
 * Posts this look's interest charge and, when the letter went out, its fee to the charge journal. Idempotent:
 * each charge's docNo is derived from what it charges, and the journal creates each docNo once. The result
 * repeats `fee` (and writeCreditHold's its `hold`, changeDealerState's its change): a dunning child runs these
 * as local activities, whose history marker keeps the result but not the input, and the audit reads it.
 */
export function makePostDunningCharges(deps: DealerActivityDeps) {
  return async function postDunningCharges(input: {
    recRef: DataRef;
    fee: boolean;
    by: string;
    /** The commit these charges belong to (see beginDealerMonth). */
    op?: string;
  }): Promise<{ posted: string[]; fee: boolean; feeFen: number; interestFen: number }> {
    const rec = await deps.work.getJson<DealerReconciliation>(input.recRef);
    const charges = [rec.interestCharge, input.fee ? rec.feeCharge : undefined].filter(
      (c): c is DealerTransaction => c !== undefined,
    );
    for (const c of charges) await deps.journal.post(c, input.by, input.op);
    return {
      posted: charges.map((c) => c.docNo),
      fee: input.fee,
      feeFen: input.fee ? (rec.feeCharge?.amountFen ?? 0) : 0,
      interestFen: rec.interestCharge?.amountFen ?? 0,
    };
  };
}
