import { AppError } from '../errors';
import type { Fen } from '../money';
import type { Verdict } from './types';
import { isAccepting } from './verdicts';

export interface CreditInput {
  verdict: Verdict;
  /** Quantity on the register line. */
  qty: number;
  /** Quantity credited (accepted by the technician, or all of it when the manager overrules). */
  qtyCredited: number;
  /** 索赔金额 of the whole register line, when known. */
  claimAmountFen?: Fen | null;
  /** Unit cost from the parts master, used when the line has no claim amount. */
  unitCostFen?: Fen | null;
}

export interface Credit {
  creditFen: Fen;
  /** How the amount was found: pro rata of the claimed amount, unit cost × qty, or nothing to credit. */
  basis: 'claim-pro-rata' | 'unit-cost' | 'none';
}

/** a × b / c rounded half up, on integers (no binary fractions of fen). */
function mulDivRound(a: number, b: number, c: number): number {
  const n = a * b;
  if (!Number.isSafeInteger(n)) throw new AppError('AmountOverflow', `amount ${a} × ${b} is too large`, { a, b });
  return Math.floor((2 * n + c) / (2 * c));
}

/**
 * The dealer's credit (退货抵扣) for a return: nothing for rejected / no-fault-found; otherwise the claimed
 * amount pro rata of the quantity credited, or the unit cost times that quantity when the register has no
 * amount. Throws when an accepting verdict has neither price (the register check reports that row earlier).
 */
export function computeCredit(i: CreditInput): Credit {
  if (!Number.isInteger(i.qty) || i.qty <= 0) {
    throw new AppError('InvalidQty', `return quantity must be a whole number above 0, got ${i.qty}`, { qty: i.qty });
  }
  if (!Number.isInteger(i.qtyCredited) || i.qtyCredited < 0 || i.qtyCredited > i.qty) {
    throw new AppError('InvalidQty', `credited quantity must be 0..${i.qty}, got ${i.qtyCredited}`, {
      qty: i.qtyCredited,
    });
  }
  if (!isAccepting(i.verdict) || i.qtyCredited === 0) return { creditFen: 0, basis: 'none' };
  if (i.claimAmountFen !== undefined && i.claimAmountFen !== null) {
    return { creditFen: mulDivRound(i.claimAmountFen, i.qtyCredited, i.qty), basis: 'claim-pro-rata' };
  }
  if (i.unitCostFen !== undefined && i.unitCostFen !== null) {
    return { creditFen: mulDivRound(i.unitCostFen, i.qtyCredited, 1), basis: 'unit-cost' };
  }
  throw new AppError('NoPrice', 'the return has no claim amount and the part has no unit cost', {});
}

/** Credits strictly above the threshold need the manager's approval. */
export function needsCreditApproval(creditFen: Fen, thresholdFen: Fen): boolean {
  return creditFen > thresholdFen;
}
