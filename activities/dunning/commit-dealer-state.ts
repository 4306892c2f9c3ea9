import {
  openDispute,
  recordChargesPosted,
  recordCreditHold,
  recordLetterSent,
  resolveDispute,
  type DealerReconciliation,
} from '../../domain/dunning';
import type { DataRef } from '../archive/types';
import type { DealerActivityDeps } from './dealer-activities';
import type { DealerStateChange } from './types';

/**
 * Commits a look to the persisted dunning state: its bookkeeping (interest clocks, settled documents) plus what
 * the workflow did (letter sent, charges posted, hold set/lifted). Compare-and-set on the version; idempotent
 * per opId; `DunningStateSuperseded` (non-retryable) when another run wrote in between.
 */
export function makeCommitDealerState(deps: DealerActivityDeps) {
  return async function commitDealerState(input: {
    dealerId: string;
    recRef: DataRef;
    expectVersion: number;
    letterSent: boolean;
    /** The number printed on the letter that went out. */
    letterNo?: string;
    posted: string[];
    creditHold?: 'set' | 'lift';
    on: string;
    opId: string;
    by: string;
  }): Promise<{ version: number }> {
    const rec = await deps.work.getJson<DealerReconciliation>(input.recRef);
    let state = rec.state;
    if (input.letterSent) state = recordLetterSent(state, rec.decision, input.on, input.letterNo);
    state = recordChargesPosted(state, input.posted);
    if (input.creditHold)
      state = recordCreditHold(state, { ...rec.decision.creditHold, action: input.creditHold }, input.on);
    const version = await deps.state.save(input.dealerId, input.expectVersion, state, input);
    return { version };
  };
}

/** Opens or resolves a dispute in the persisted state (same concurrency rules as commitDealerState). */
export function makeChangeDealerState(deps: DealerActivityDeps) {
  return async function changeDealerState(input: {
    dealerId: string;
    expectVersion: number;
    change: DealerStateChange;
    opId: string;
    by: string;
  }): Promise<{ version: number; change: DealerStateChange['kind'] }> {
    const stored = await deps.state.load(input.dealerId);
    const c = input.change;
    const state =
      c.kind === 'open-dispute'
        ? openDispute(stored.state, {
            id: c.id,
            openedOn: c.openedOn,
            ...(c.reason ? { reason: c.reason } : {}),
            ...(c.docNos?.length ? { docNos: c.docNos } : {}),
          })
        : resolveDispute(stored.state, c.id, c.resolvedOn, c.resolution);
    const version = await deps.state.save(input.dealerId, input.expectVersion, state, input);
    return { version, change: c.kind };
  };
}
