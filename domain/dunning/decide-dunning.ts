import type { Fen } from '../money';
import type { OpenItem } from './allocate-payments';
import { feeDocNo, isChargeDocNo } from './build-charges';
import { daysOverdue } from './compute-aging';
import { decideCreditHold, type CreditHoldDecision } from './decide-credit-hold';
import { isDunningBlocked, openDisputes } from './dealer-status';
import { DEFAULT_MIN_DAYS_BETWEEN_LETTERS, finalLevel, levelDef, sortedLevels } from './procedure';
import type { Dealer, DealerDunningState, DunningLevel, DunningProcedure } from './types';
import { addDays, maxDate } from '../calendar';

export interface DunningItem {
  docNo: string;
  type: OpenItem['type'];
  date: string;
  dueDate: string;
  openFen: Fen;
  daysOverdue: number;
  previousLevel: number;
  /** Level after this decision (equal to previousLevel when the item does not advance). */
  level: number;
  advanced: boolean;
  /** A posted fee/interest charge: listed and counted, never the trigger of a level. */
  isCharge: boolean;
}

export type DunningReason =
  'level-due' | 'settled' | 'nothing-overdue' | 'blocked' | 'disputed' | 'below-minimum' | 'waiting';

export type ApprovalReason = 'final-level' | 'level-requires-approval' | 'credit-hold';

export interface DunningDecision {
  dealerId: string;
  asOf: string;
  action: 'send' | 'none';
  reason: DunningReason;
  level?: number;
  template?: string;
  /** Deterministic id of the letter: the idempotency key for rendering and mailing it. */
  letterId?: string;
  /** Every overdue open item with its level before and after. */
  items: DunningItem[];
  balanceFen: Fen;
  overdueFen: Fen;
  /** Overdue beyond the grace days: what the minimum amounts are compared with. */
  dunnableFen: Fen;
  fee?: { docNo: string; amountFen: Fen; level: number };
  needsApproval: boolean;
  approvalReasons: ApprovalReason[];
  creditHold: CreditHoldDecision;
  /** Earliest day a further letter could fall due (for the child's durable timer); absent when nothing is pending. */
  nextReviewOn?: string;
}

export interface OpenItemsInput {
  items: readonly OpenItem[];
  unappliedFen: Fen;
}

export interface DecideOptions {
  /** Period key in fee docNos; defaults to the month of `asOf`. */
  periodKey?: string;
}

const threshold = (l: DunningLevel, graceDays: number): number => Math.max(1, l.daysAfterDue + graceDays);

/**
 * Decides the dunning letter due for one dealer now. Each open document carries the level last sent
 * for it; a document climbs one level per letter (or jumps, if the procedure allows) once its age
 * reaches the level's days after due plus grace days, and never goes back. A letter goes out when at
 * least one document climbs; its level is the highest new level. A document only climbs to a level
 * whose own minimum overdue amount the dealer's dunnable overdue total meets. Nothing goes out when settled, when dunning is
 * blocked (sheet flag or block) or disputed, or within the minimum days since the last letter, so a
 * rerun of the same day, or next month's run, never repeats a level for the same documents.
 */
export function decideDunning(
  dealer: Pick<Dealer, 'dealerId' | 'creditHold' | 'creditLimitFen' | 'dunningBlock'>,
  openItems: OpenItemsInput,
  state: DealerDunningState,
  procedure: DunningProcedure,
  asOf: string,
  options: DecideOptions = {},
): DunningDecision {
  const levels = sortedLevels(procedure);
  const first = levels[0];
  const maxLevel = finalLevel(procedure);
  const grace = procedure.graceDays;
  const interval = procedure.minDaysBetweenLetters ?? DEFAULT_MIN_DAYS_BETWEEN_LETTERS;
  const open = openItems.items.filter((i) => i.openFen > 0);
  const openFen = open.reduce((s, i) => s + i.openFen, 0);
  const balanceFen = openFen - openItems.unappliedFen;

  const items: DunningItem[] = [];
  for (const i of open) {
    const age = daysOverdue(i, asOf);
    if (age <= 0) continue;
    const prev = state.levelByDoc[i.docNo]?.level ?? 0;
    const isCharge = isChargeDocNo(i.docNo);
    items.push({
      docNo: i.docNo,
      type: i.type,
      date: i.date,
      dueDate: i.dueDate,
      openFen: i.openFen,
      daysOverdue: age,
      previousLevel: prev,
      level: prev,
      advanced: false,
      isCharge,
    });
  }
  const overdueFen = items.reduce((s, i) => s + i.openFen, 0);
  const dunnable = first ? items.filter((i) => i.daysOverdue >= threshold(first, grace)) : [];
  const dunnableFen = dunnable.reduce((s, i) => s + i.openFen, 0);
  const disputed = openDisputes(state).length > 0;
  const blocked = isDunningBlocked(dealer, state, asOf);

  const base = { dealerId: dealer.dealerId, asOf, items, balanceFen, overdueFen, dunnableFen };
  const finish = (reason: DunningReason, letterLevel?: number): DunningDecision => {
    const creditHold = decideCreditHold({ dealer, state, procedure, balanceFen, dunnableFen, disputed, letterLevel });
    const approvalReasons: ApprovalReason[] = [];
    if (letterLevel !== undefined && letterLevel === maxLevel) approvalReasons.push('final-level');
    if (letterLevel !== undefined && levelDef(procedure, letterLevel)?.needsApproval)
      approvalReasons.push('level-requires-approval');
    if (creditHold.needsApproval) approvalReasons.push('credit-hold');
    const paused = reason === 'settled' || reason === 'blocked' || reason === 'disputed';
    const nextReviewOn = paused
      ? undefined
      : nextReview(open, items, state, levels, grace, interval, asOf, letterLevel !== undefined);
    const def = letterLevel !== undefined ? levelDef(procedure, letterLevel) : undefined;
    const feeNo = def?.feeFen ? feeDocNo(dealer.dealerId, options.periodKey ?? asOf.slice(0, 7), def.level) : undefined;
    return {
      ...base,
      action: letterLevel !== undefined ? 'send' : 'none',
      reason,
      ...(def
        ? {
            level: def.level,
            template: def.template,
            letterId: `DUN-${dealer.dealerId}-${asOf.replace(/-/g, '')}-L${def.level}`,
          }
        : {}),
      ...(def?.feeFen && feeNo && !state.chargesPosted.includes(feeNo)
        ? { fee: { docNo: feeNo, amountFen: def.feeFen, level: def.level } }
        : {}),
      needsApproval: approvalReasons.length > 0,
      approvalReasons,
      creditHold,
      ...(nextReviewOn ? { nextReviewOn } : {}),
    };
  };

  if (openFen === 0) return finish('settled');
  if (blocked) return finish('blocked');
  if (disputed) return finish('disputed');
  if (!first || dunnable.length === 0) return finish('nothing-overdue');
  if (state.lastLetterOn !== undefined && addDays(state.lastLetterOn, interval) > asOf) return finish('waiting');

  let blockedByMinimum = false;
  for (const item of dunnable) {
    if (item.isCharge) continue;
    const reach = levels.reduce((r, l) => (item.daysOverdue >= threshold(l, grace) ? l.level : r), 0);
    const sentOn = state.levelByDoc[item.docNo]?.sentOn;
    if (sentOn !== undefined && addDays(sentOn, interval) > asOf) continue;
    const climb = levels.find((l) => l.level > item.previousLevel)?.level ?? item.previousLevel;
    const wanted = procedure.allowSkipLevels ? reach : Math.min(reach, climb);
    if (wanted <= item.previousLevel) continue;
    // The highest level in reach whose own minimum the dealer's overdue total meets.
    const target = levels.reduce(
      (t, l) => (l.level > item.previousLevel && l.level <= wanted && l.minOverdueFen <= dunnableFen ? l.level : t),
      0,
    );
    if (target === 0) {
      blockedByMinimum = true;
      continue;
    }
    item.level = target;
    item.advanced = true;
  }
  const letterLevel = items.reduce((m, i) => (i.advanced ? Math.max(m, i.level) : m), 0);
  if (letterLevel === 0) return finish(blockedByMinimum ? 'below-minimum' : 'waiting');
  return finish('level-due', letterLevel);
}

/** The earliest future day an open document could climb a level, given the levels and sends after this decision. */
function nextReview(
  open: readonly OpenItem[],
  items: readonly DunningItem[],
  state: DealerDunningState,
  levels: readonly DunningLevel[],
  grace: number,
  interval: number,
  asOf: string,
  sendingNow: boolean,
): string | undefined {
  const after = new Map(items.map((i) => [i.docNo, i]));
  const lastLetter = sendingNow ? asOf : state.lastLetterOn;
  let best: string | undefined;
  for (const i of open) {
    if (isChargeDocNo(i.docNo)) continue;
    const it = after.get(i.docNo);
    const level = it?.level ?? state.levelByDoc[i.docNo]?.level ?? 0;
    const next = levels.find((l) => l.level > level);
    if (!next) continue;
    let day = addDays(i.dueDate, threshold(next, grace));
    const sentOn = it?.advanced ? asOf : state.levelByDoc[i.docNo]?.sentOn;
    if (sentOn !== undefined) day = maxDate(day, addDays(sentOn, interval));
    if (lastLetter !== undefined) day = maxDate(day, addDays(lastLetter, interval));
    if (day > asOf && (best === undefined || day < best)) best = day;
  }
  return best;
}
