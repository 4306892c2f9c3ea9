import type { Allocation } from './allocate-payments';
import type { InterestResult } from './accrue-interest';
import type { CreditHoldDecision } from './decide-credit-hold';
import type { DunningDecision } from './decide-dunning';
import type { Dealer, DealerDunningState, Dispute, DunningBlock } from './types';

/* Bounds keep the state small enough to travel through workflow history month after month. */
export const MAX_LETTERS_KEPT = 24;
export const MAX_CHARGES_KEPT = 120;
export const MAX_RESOLVED_DISPUTES_KEPT = 20;

export function emptyDunningState(dealerId: string): DealerDunningState {
  return {
    dealerId,
    levelByDoc: {},
    highestLevel: 0,
    letters: [],
    interestByDoc: {},
    chargesPosted: [],
    disputes: [],
    blocks: [],
  };
}

function highest(levelByDoc: DealerDunningState['levelByDoc']): number {
  return Object.values(levelByDoc).reduce((m, l) => Math.max(m, l.level), 0);
}

/**
 * Records a letter as sent: each document that climbed now stands at its new level. Idempotent by
 * letterId, so recording a replayed send changes nothing.
 */
export function recordLetterSent(
  state: DealerDunningState,
  decision: DunningDecision,
  sentOn = decision.asOf,
  letterNo?: string,
): DealerDunningState {
  if (decision.action !== 'send' || decision.letterId === undefined || decision.level === undefined) return state;
  if (state.letters.some((l) => l.letterId === decision.letterId)) return state;
  const levelByDoc = { ...state.levelByDoc };
  for (const item of decision.items) if (item.advanced) levelByDoc[item.docNo] = { level: item.level, sentOn };
  const letter = {
    letterId: decision.letterId,
    level: decision.level,
    sentOn,
    docNos: decision.items.map((i) => i.docNo),
    ...(letterNo ? { letterNo } : {}),
  };
  return {
    ...state,
    levelByDoc,
    highestLevel: highest(levelByDoc),
    lastLetterOn: state.lastLetterOn !== undefined && state.lastLetterOn > sentOn ? state.lastLetterOn : sentOn,
    letters: [...state.letters, letter].slice(-MAX_LETTERS_KEPT),
  };
}

export function recordChargesPosted(state: DealerDunningState, docNos: readonly string[]): DealerDunningState {
  const fresh = docNos.filter((d) => !state.chargesPosted.includes(d));
  if (fresh.length === 0) return state;
  return { ...state, chargesPosted: [...state.chargesPosted, ...fresh].slice(-MAX_CHARGES_KEPT) };
}

export function recordInterest(state: DealerDunningState, interest: Pick<InterestResult, 'byDoc'>): DealerDunningState {
  return { ...state, interestByDoc: { ...interest.byDoc } };
}

/** Applies an approved (or approval-free) hold decision once it has been written to the dealer sheet. */
export function recordCreditHold(
  state: DealerDunningState,
  decision: CreditHoldDecision,
  on: string,
): DealerDunningState {
  if (decision.action === 'set' && (decision.reason === 'dunning-level' || decision.reason === 'over-credit-limit')) {
    return { ...state, creditHold: { setOn: on, reason: decision.reason } };
  }
  if (decision.action === 'lift' && state.creditHold) {
    const { creditHold: _lifted, ...rest } = state;
    return rest;
  }
  return state;
}

/** Staff lifted a system hold on the sheet: forget it, so it is not treated as ours any more. */
export function syncCreditHold(state: DealerDunningState, dealer: Pick<Dealer, 'creditHold'>): DealerDunningState {
  if (dealer.creditHold || !state.creditHold) return state;
  const { creditHold: _gone, ...rest } = state;
  return rest;
}

/** Idempotent by dispute id. */
export function openDispute(state: DealerDunningState, dispute: Dispute): DealerDunningState {
  if (state.disputes.some((d) => d.id === dispute.id)) return state;
  return { ...state, disputes: [...state.disputes, { ...dispute }] };
}

export function resolveDispute(
  state: DealerDunningState,
  id: string,
  resolvedOn: string,
  resolution?: string,
): DealerDunningState {
  let changed = false;
  const disputes = state.disputes.map((d) => {
    if (d.id !== id || d.resolvedOn !== undefined) return d;
    changed = true;
    return { ...d, resolvedOn, ...(resolution !== undefined ? { resolution } : {}) };
  });
  if (!changed) return state;
  const open = disputes.filter((d) => d.resolvedOn === undefined);
  const resolved = disputes.filter((d) => d.resolvedOn !== undefined).slice(-MAX_RESOLVED_DISPUTES_KEPT);
  return { ...state, disputes: [...resolved, ...open] };
}

export function addBlock(state: DealerDunningState, block: DunningBlock): DealerDunningState {
  if (state.blocks.some((b) => b.reason === block.reason && b.from === block.from)) return state;
  return { ...state, blocks: [...state.blocks, { ...block }] };
}

/** Drops blocks that ended before `asOf`, and any with the given reason. */
export function removeBlocks(state: DealerDunningState, asOf: string, reason?: string): DealerDunningState {
  const blocks = state.blocks.filter((b) => (b.until === undefined || b.until >= asOf) && b.reason !== reason);
  return blocks.length === state.blocks.length ? state : { ...state, blocks };
}

/**
 * Forgets levels and interest clocks of documents no longer open (paid, credited, or gone from the
 * ledger). Call after interest was accrued for the run, so the interest up to settlement is kept.
 */
export function pruneSettled(state: DealerDunningState, allocation: Pick<Allocation, 'items'>): DealerDunningState {
  const open = new Set(allocation.items.filter((i) => i.openFen > 0).map((i) => i.docNo));
  const levelByDoc = Object.fromEntries(Object.entries(state.levelByDoc).filter(([doc]) => open.has(doc)));
  const interestByDoc = Object.fromEntries(Object.entries(state.interestByDoc).filter(([doc]) => open.has(doc)));
  return { ...state, levelByDoc, interestByDoc, highestLevel: highest(levelByDoc) };
}
