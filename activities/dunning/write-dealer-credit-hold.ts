import type { DataRef } from '../archive/types';
import type { DealerActivityDeps } from './dealer-activities';
import type { CreditHoldWrite } from './write-credit-hold';

/**
 * Sets or clears 信用冻结 in the dealer's row of the dealer sheet (see write-credit-hold.ts: idempotent,
 * optimistic concurrency, retried while the workbook is open or changed underneath).
 */
export function makeWriteCreditHold(deps: DealerActivityDeps) {
  return async function writeCreditHold(input: {
    settingsRef: DataRef;
    dealerId: string;
    hold: boolean;
    /** The commit this write belongs to, and the hold as its look saw it (see DunningStateStore.noteHoldWrite). */
    op?: string;
    onHoldBefore?: boolean;
  }): Promise<CreditHoldWrite & { hold: boolean }> {
    const s = await deps.settings(input.settingsRef);
    if (input.op && input.onHoldBefore !== undefined) {
      await deps.state.noteHoldWrite(input.dealerId, input.op, input.onHoldBefore);
    }
    const written = await deps.holdWriter.setCreditHold(s.sources.dealers, input.dealerId, input.hold, {
      ...(s.sources.dealersMapping ? { mapping: s.sources.dealersMapping } : {}),
    });
    return { ...written, hold: input.hold };
  };
}
