/**
 * Deterministic business ids and document numbers. A retry, a replay or a second watcher run computes the
 * same number, which is what makes every posting idempotent (the journals refuse a number twice).
 */
import { AppError } from '../errors';

/** Return numbers become workflow ids and document numbers: letters, digits, '-', '_' and '.' only. */
const RETURN_NO = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Trims and upper-cases a return number ("r2026110042 " → "R2026110042"); null when it cannot be one. */
export function normalizeReturnNo(raw: string): string | null {
  const s = raw.normalize('NFKC').trim().toUpperCase();
  return RETURN_NO.test(s) ? s : null;
}

export function requireReturnNo(raw: string): string {
  const n = normalizeReturnNo(raw);
  if (!n)
    throw new AppError('InvalidReturnNo', `"${raw}" is not a usable return number (letters, digits, - _ . only)`, {
      raw,
    });
  return n;
}

export const returnWorkflowId = (returnNo: string): string => `return-${returnNo}`;
/** 退货抵扣 credit note in the dealer transactions. */
export const creditDocNo = (returnNo: string): string => `CR-${returnNo}`;
/** 入库单 goods-received note and the old-parts ledger movement. */
export const grnDocNo = (returnNo: string): string => `GRN-${returnNo}`;

export const supplierRecoveryWorkflowId = (period: string, supplierCode: string): string =>
  `supplier-recovery-${period}-${supplierCode}`;
export const supplierRecoveryMonthWorkflowId = (period: string): string => `supplier-recovery-${period}`;
/** 供应商索赔单 number: one claim per supplier per month. */
export const supplierClaimNo = (period: string, supplierCode: string): string => `SC-${period}-${supplierCode}`;
