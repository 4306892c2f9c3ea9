import type { Fen } from '../money';
import { finalLevel } from './procedure';
import type { CreditHoldReason, Dealer, DealerDunningState, DunningProcedure } from './types';

export interface CreditHoldDecision {
  action: 'set' | 'lift' | 'keep' | 'none';
  reason?: CreditHoldReason | 'paid' | 'below-threshold' | 'manual-hold';
  /** Setting a hold always needs the manager; lifting only if the policy says so. */
  needsApproval: boolean;
}

export interface CreditHoldInput {
  dealer: Pick<Dealer, 'creditHold' | 'creditLimitFen'>;
  state: Pick<DealerDunningState, 'creditHold'>;
  procedure: Pick<DunningProcedure, 'levels' | 'creditHold'>;
  balanceFen: Fen;
  /** Overdue beyond grace days. */
  dunnableFen: Fen;
  disputed: boolean;
  /** Level of the letter going out now, if any. */
  letterLevel?: number;
}

/**
 * 信用冻结: propose a hold when a letter at the configured level (default: the final one) goes out, or
 * when the balance exceeds a non-zero credit limit; propose lifting it when the dealer is paid up (or
 * below the configured threshold) and within its limit. Only holds the system set are lifted unless the
 * policy allows lifting manual ones; no new hold is proposed while the dealer has an open dispute.
 */
export function decideCreditHold(input: CreditHoldInput): CreditHoldDecision {
  const policy = input.procedure.creditHold ?? { overLimit: true };
  const atLevel = policy.atLevel ?? finalLevel(input.procedure);
  const limit = input.dealer.creditLimitFen;
  const overLimit = policy.overLimit && limit > 0 && input.balanceFen > limit;
  if (input.dealer.creditHold) {
    if (!input.state.creditHold && !policy.liftManualHolds)
      return { action: 'keep', reason: 'manual-hold', needsApproval: false };
    if (input.dunnableFen <= (policy.liftWhenOverdueAtMostFen ?? 0) && !overLimit) {
      return {
        action: 'lift',
        reason: input.balanceFen <= 0 ? 'paid' : 'below-threshold',
        needsApproval: policy.liftNeedsApproval ?? false,
      };
    }
    return { action: 'keep', reason: input.state.creditHold?.reason ?? 'manual-hold', needsApproval: false };
  }
  if (input.disputed) return { action: 'none', needsApproval: false };
  if (atLevel > 0 && input.letterLevel !== undefined && input.letterLevel >= atLevel) {
    return { action: 'set', reason: 'dunning-level', needsApproval: true };
  }
  if (overLimit) return { action: 'set', reason: 'over-credit-limit', needsApproval: true };
  return { action: 'none', needsApproval: false };
}
