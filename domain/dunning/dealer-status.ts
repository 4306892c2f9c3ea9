import type { Dealer, DealerDunningState, Dispute, DunningBlock } from './types';

export function openDisputes(state: Pick<DealerDunningState, 'disputes'>): Dispute[] {
  return state.disputes.filter((d) => d.resolvedOn === undefined);
}

export function activeBlocks(state: Pick<DealerDunningState, 'blocks'>, asOf: string): DunningBlock[] {
  return state.blocks.filter((b) => b.from <= asOf && (b.until === undefined || b.until >= asOf));
}

/** Dunning is paused by the sheet's 催款冻结 flag or by a block recorded in the state. */
export function isDunningBlocked(
  dealer: Pick<Dealer, 'dunningBlock'>,
  state: Pick<DealerDunningState, 'blocks'>,
  asOf: string,
): boolean {
  return dealer.dunningBlock || activeBlocks(state, asOf).length > 0;
}

/** Inclusive day ranges in which a document was under dispute (open disputes run through `asOf`). */
export function disputeRanges(
  state: Pick<DealerDunningState, 'disputes'>,
  docNo: string,
  asOf: string,
): { from: string; to: string }[] {
  return state.disputes
    .filter((d) => !d.docNos || d.docNos.length === 0 || d.docNos.includes(docNo))
    .map((d) => ({ from: d.openedOn, to: d.resolvedOn ?? asOf }));
}

/** Is this document under an open dispute (a dispute without docNos covers the whole statement)? */
export function isDisputed(state: Pick<DealerDunningState, 'disputes'>, docNo: string): boolean {
  return openDisputes(state).some((d) => !d.docNos || d.docNos.length === 0 || d.docNos.includes(docNo));
}
