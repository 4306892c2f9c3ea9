import { AppError } from '../errors';
import type { AbnormalReason, Inspection, Resolution, Verdict } from './types';
import { isAccepting } from './verdicts';

export interface Assessment {
  abnormal: boolean;
  reasons: AbnormalReason[];
}

/** Checks the technician's entry against the register line; throws on quantities that cannot be. */
export function checkInspection(qty: number, i: Pick<Inspection, 'qtyAccepted' | 'verdict'>): void {
  if (!Number.isInteger(i.qtyAccepted) || i.qtyAccepted < 0 || i.qtyAccepted > qty) {
    throw new AppError('InvalidInspection', `accepted quantity must be 0..${qty}, got ${i.qtyAccepted}`, {
      qty,
      qtyAccepted: i.qtyAccepted,
    });
  }
}

/**
 * An abnormal return (非正常退货) must be agreed with the dealer before anything is posted: a rejected part,
 * a part with no fault found (no credit either way), or fewer parts accepted than the dealer registered.
 */
export function assessInspection(qty: number, i: Pick<Inspection, 'qtyAccepted' | 'verdict'>): Assessment {
  checkInspection(qty, i);
  const reasons: AbnormalReason[] = [];
  if (i.verdict === 'rejected-not-warranty') reasons.push('rejected');
  else if (i.verdict === 'no-fault-found') reasons.push('no-fault-found');
  else if (i.qtyAccepted < qty) reasons.push('qty-mismatch');
  return { abnormal: reasons.length > 0, reasons };
}

export interface FinalOutcome {
  verdict: Verdict;
  /** Quantity credited to the dealer and booked into the old-parts warehouse. */
  qtyCredited: number;
  resolution: Resolution;
}

/**
 * What is posted after the dealer (and, on a dispute, the manager) had their say. Overruling means the
 * dealer's claim stands in full: the registered quantity, under warranty unless the technician already
 * found the supplier responsible.
 */
export function finalOutcome(
  qty: number,
  i: Pick<Inspection, 'qtyAccepted' | 'verdict'>,
  resolution: Resolution,
): FinalOutcome {
  checkInspection(qty, i);
  if (resolution === 'manager-overruled') {
    return {
      verdict: i.verdict === 'supplier-responsible' ? 'supplier-responsible' : 'warranty-accepted',
      qtyCredited: qty,
      resolution,
    };
  }
  return { verdict: i.verdict, qtyCredited: isAccepting(i.verdict) ? i.qtyAccepted : 0, resolution };
}

const REASON_TEXT: Record<AbnormalReason, { 'zh-CN': string; en: string }> = {
  rejected: { 'zh-CN': '鉴定不属于三包范围', en: 'not covered by warranty' },
  'no-fault-found': { 'zh-CN': '鉴定未发现故障', en: 'no fault found' },
  'qty-mismatch': { 'zh-CN': '认可数量少于登记数量', en: 'fewer parts accepted than registered' },
};

export function abnormalReasonText(r: AbnormalReason, locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  return REASON_TEXT[r][locale];
}
