/**
 * One look at one dealer: the ledger (sheet rows plus posted charges) and the persisted state as of before the
 * operation the look leads to, evaluated into small facts. The first look of the month reads the parent's validated
 * snapshot; a follow-up look re-reads the sheets (only when they changed).
 */
import { DateTime } from 'luxon';
import { addDays, periodBounds } from '../../domain/calendar';
import type { Dealer, DealerTransaction } from '../../domain/dunning';
import { AppError } from '../../domain/errors';
import type { DataRef } from '../archive/types';
import { withPostedCharges } from './charge-journal';
import type { DealerActivityDeps } from './dealer-activities';
import { isOpAtOrAfter } from './dunning-state-store';
import { evaluateDealer } from './evaluate-dealer';
import type { ChildBegin, DunningSettings } from './types';

export function makeDealerLooks(deps: DealerActivityDeps) {
  /** A follow-up look: the sheets as they are now (re-read only if they changed since the last look). */
  async function freshLook(settings: DunningSettings, dealerId: string, asOf: string, pendingOp?: string) {
    const snap = await deps.snapshots.snapshot(settings.sources, settings.defaultPaymentTermsDays);
    const dealer = snap.dealers.byId.get(dealerId);
    if (!dealer) throw new AppError('DealerGone', `dealer ${dealerId} is no longer in the dealer list`, { dealerId });
    const shard = snap.transactions.shardOf.get(dealerId);
    if (!shard) {
      const problems = snap.transactions.problems.get(dealerId)?.length ?? 0;
      throw new AppError('DealerHeldBack', `dealer ${dealerId} now has ${problems} problem rows; not dunning it`, {
        dealerId,
      });
    }
    return evaluate(
      deps,
      settings,
      dealer,
      (await fromShard(deps, shard, dealerId)).transactions,
      asOf,
      false,
      pendingOp,
    );
  }

  /** The month's first look, on the ledger snapshot the parent validated (see beginDealerMonth). */
  async function firstLook(input: {
    settingsRef: DataRef;
    dealerId: string;
    shard: string;
    pendingOp?: string;
  }): Promise<ChildBegin> {
    const s = await deps.settings(input.settingsRef);
    // The month's validated snapshot, as the parent listed it: no second read of the sheets per dealer.
    const { dealer, transactions } = await fromShard(deps, input.shard, input.dealerId);
    const facts = await evaluate(deps, s, dealer, transactions, s.asOf, true, input.pendingOp);
    const offset = DateTime.fromISO(s.asOf, { zone: s.timeZone }).offset;
    return {
      facts,
      settings: {
        period: s.period,
        locale: s.locale,
        utcOffsetMinutes: offset,
        followUpUntil: addDays(s.asOf, s.followUpDays),
        recheckDays: s.recheckDays,
        people: s.people,
        approvals: s.approvals,
        statementLinkTtl: s.statementLinkTtl,
      },
    };
  }

  return { firstLook, freshLook };
}

async function fromShard(deps: DealerActivityDeps, shard: string, dealerId: string) {
  const entry = (await deps.snapshots.shard(shard))[dealerId];
  if (!entry) {
    throw new AppError('DealerNotInShard', `dealer ${dealerId} is not in work-store shard ${shard}`, { dealerId });
  }
  return entry;
}

async function evaluate(
  deps: DealerActivityDeps,
  settings: DunningSettings,
  dealer: Dealer,
  sheetRows: readonly DealerTransaction[],
  asOf: string,
  first: boolean,
  pendingOp: string | undefined,
) {
  // As of before the operation this look leads to: a re-run of a look whose commit already happened (its workflow
  // task lost with a killed worker) must decide, number and count exactly as the lost attempt did.
  const unless = pendingOp ? (op: string) => isOpAtOrAfter(op, pendingOp) : undefined;
  const heldBefore = await deps.state.holdBefore(dealer.dealerId, pendingOp);
  return evaluateDealer(
    {
      dealer: heldBefore === undefined ? dealer : { ...dealer, creditHold: heldBefore },
      ledger: withPostedCharges(sheetRows, await deps.journal.list(dealer.dealerId, unless)),
      stored: await deps.state.loadBefore(dealer.dealerId, pendingOp),
      procedure: settings.procedure,
      period: periodBounds(settings.period),
      periodKey: settings.period,
      asOf,
      companyName: settings.companyName,
    },
    deps.work,
    { withStatement: first },
  );
}
