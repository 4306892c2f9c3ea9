import { ConfigError } from '../errors';
import type { StocktakeSummaryRow } from './summarize-stocktake';
import type { ApprovalTier } from './types';

export interface ApprovalRequirement {
  /** The posting value the limits are checked against, in fen. */
  valueFen: number;
  basis: 'abs' | 'net';
  /** In order: the first tier always approves; each next tier is added while the value exceeds the limit. */
  approvers: ApprovalTier[];
  /** Even the top tier's limit is below the value: the posting cannot be approved as configured. */
  exceedsAllTiers: boolean;
}

/**
 * Approvers needed to post a stocktake (SAP-like tolerance groups). The manager (first tier) approves up to
 * their limit; above it the next tier must approve too, and so on. The value is the gross value moved
 * (gains + |losses|) by default, because a large gain and a large loss cancelling out still need scrutiny.
 */
export function requiredApprovals(
  summary: Pick<StocktakeSummaryRow, 'absValueFen' | 'netValueFen'>,
  tiers: readonly ApprovalTier[],
  basis: 'abs' | 'net' = 'abs',
): ApprovalRequirement {
  if (tiers.length === 0) throw new ConfigError('stocktake approval tiers are empty', {});
  let prevLimit = -1;
  tiers.forEach((t, i) => {
    const limit = t.maxValueFen;
    if (limit === undefined || limit === null) {
      if (i !== tiers.length - 1) throw new ConfigError('only the last approval tier may have no limit', { tier: i });
      return;
    }
    if (!Number.isInteger(limit) || limit <= prevLimit) {
      throw new ConfigError('approval tier limits must be whole fen and increase tier by tier', { tier: i, limit });
    }
    prevLimit = limit;
  });
  const valueFen = basis === 'abs' ? summary.absValueFen : Math.abs(summary.netValueFen);
  const approvers: ApprovalTier[] = [];
  for (const t of tiers) {
    approvers.push(t);
    if (t.maxValueFen === undefined || t.maxValueFen === null || valueFen <= t.maxValueFen) {
      return { valueFen, basis, approvers, exceedsAllTiers: false };
    }
  }
  return { valueFen, basis, approvers, exceedsAllTiers: true };
}
