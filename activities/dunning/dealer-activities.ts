/**
 * Activities of one dealer's child workflow: look at the dealer (first look of the month and follow-up looks),
 * post charges, write the credit hold, commit what was done to the persisted dunning state, and keep the month's
 * result. Each returns small facts; the reconciliation itself stays in the work store.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import {
  openDispute,
  recordChargesPosted,
  recordCreditHold,
  recordLetterSent,
  resolveDispute,
  type Dealer,
  type DealerReconciliation,
  type DealerTransaction,
} from '../../domain/dunning';
import { AppError } from '../../domain/errors';
import { writeFileAtomic } from '../archive/atomic-write';
import type { DataRef } from '../archive/types';
import { withPostedCharges, type ChargeJournal } from './charge-journal';
import { isOpAtOrAfter, type DunningStateStore } from './dunning-state-store';
import { LookMemo } from './look-memo';
import { evaluateDealer } from './evaluate-dealer';
import type { LedgerSnapshots } from './ledger-snapshot';
import type { CreditHoldWrite, CreditHoldWriter } from './write-credit-hold';
import type { ChildBegin, DealerFacts, DealerResultRecord, DealerStateChange, DunningSettings } from './types';
import { addDays, periodBounds } from '../../domain/calendar';

export interface DealerActivityDeps {
  work: { putJson(value: unknown): Promise<DataRef>; getJson<T>(ref: DataRef): Promise<T> };
  snapshots: LedgerSnapshots;
  state: DunningStateStore;
  journal: ChargeJournal;
  holdWriter: CreditHoldWriter;
  resultsDir: string;
  settings: (ref: DataRef) => Promise<DunningSettings>;
}

export function createDealerActivities(deps: DealerActivityDeps) {
  const looks = new LookMemo(join(deps.state.dir, 'looks'));
  async function fromShard(shard: string, dealerId: string) {
    const entry = (await deps.snapshots.shard(shard))[dealerId];
    if (!entry) {
      throw new AppError('DealerNotInShard', `dealer ${dealerId} is not in work-store shard ${shard}`, { dealerId });
    }
    return entry;
  }

  async function evaluate(
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
    return evaluate(settings, dealer, (await fromShard(shard, dealerId)).transactions, asOf, false, pendingOp);
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
    const { dealer, transactions } = await fromShard(input.shard, input.dealerId);
    const facts = await evaluate(s, dealer, transactions, s.asOf, true, input.pendingOp);
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

  return {
    /**
     * First look of the month at one dealer, on the ledger snapshot the parent validated. No side effects
     * besides work-store blobs (content-addressed, so retries are harmless). `pendingOp`: the id of the commit this
     * look leads to; the look is taken as of before it (see evaluate).
     */
    async beginDealerMonth(input: {
      settingsRef: DataRef;
      dealerId: string;
      shard: string;
      pendingOp?: string;
      /** Takes the look once: a re-run with the same id gets the first attempt's result (see LookMemo). */
      lookId?: string;
    }): Promise<ChildBegin> {
      return looks.once(input.dealerId, input.lookId, () => firstLook(input));
    },

    /**
     * A follow-up look: re-reads the sheets (only when they changed since the last read) and the posted charges,
     * and returns small facts (open, overdue, last payment, the decision). No side effects besides work-store blobs
     * and the look memo (a re-run with the same `lookId` gets the first attempt's facts).
     */
    async reviewDealer(input: {
      settingsRef: DataRef;
      dealerId: string;
      asOf: string;
      pendingOp?: string;
      lookId?: string;
    }): Promise<DealerFacts> {
      return looks.once(input.dealerId, input.lookId, async () =>
        freshLook(await deps.settings(input.settingsRef), input.dealerId, input.asOf, input.pendingOp),
      );
    },

    /**
     * Posts this look's interest charge and, when the letter went out, its fee to the charge journal. Idempotent:
     * each charge's docNo is derived from what it charges, and the journal creates each docNo once. The result
     * repeats `fee` (and writeCreditHold's its `hold`, changeDealerState's its change): a dunning child runs these
     * as local activities, whose history marker keeps the result but not the input, and the audit reads it.
     */
    async postDunningCharges(input: {
      recRef: DataRef;
      fee: boolean;
      by: string;
      /** The commit these charges belong to (see beginDealerMonth). */
      op?: string;
    }): Promise<{ posted: string[]; fee: boolean; feeFen: number; interestFen: number }> {
      const rec = await deps.work.getJson<DealerReconciliation>(input.recRef);
      const charges = [rec.interestCharge, input.fee ? rec.feeCharge : undefined].filter(
        (c): c is DealerTransaction => c !== undefined,
      );
      for (const c of charges) await deps.journal.post(c, input.by, input.op);
      return {
        posted: charges.map((c) => c.docNo),
        fee: input.fee,
        feeFen: input.fee ? (rec.feeCharge?.amountFen ?? 0) : 0,
        interestFen: rec.interestCharge?.amountFen ?? 0,
      };
    },

    /**
     * Sets or clears 信用冻结 in the dealer's row of the dealer sheet (see write-credit-hold.ts: idempotent,
     * optimistic concurrency, retried while the workbook is open or changed underneath).
     */
    async writeCreditHold(input: {
      settingsRef: DataRef;
      dealerId: string;
      hold: boolean;
      /** The commit this write belongs to, and the hold as its look saw it (see DunningStateStore.noteHoldWrite). */
      op?: string;
      onHoldBefore?: boolean;
    }): Promise<CreditHoldWrite & { hold: boolean }> {
      const s = await deps.settings(input.settingsRef);
      if (input.op && input.onHoldBefore !== undefined) {
        await deps.state.noteHoldWrite(input.dealerId, input.op, input.onHoldBefore);
      }
      const written = await deps.holdWriter.setCreditHold(s.sources.dealers, input.dealerId, input.hold, {
        ...(s.sources.dealersMapping ? { mapping: s.sources.dealersMapping } : {}),
      });
      return { ...written, hold: input.hold };
    },

    /**
     * Commits a look to the persisted dunning state: its bookkeeping (interest clocks, settled documents) plus what
     * the workflow did (letter sent, charges posted, hold set/lifted). Compare-and-set on the version; idempotent
     * per opId; `DunningStateSuperseded` (non-retryable) when another run wrote in between.
     */
    async commitDealerState(input: {
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
    },

    /** Opens or resolves a dispute in the persisted state (same concurrency rules as commitDealerState). */
    async changeDealerState(input: {
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
    },

    /** Keeps the dealer's month result for the finance report (overwritten by a later report of the same month). */
    async recordDealerResult(input: { period: string; record: DealerResultRecord }): Promise<void> {
      const dir = join(deps.resultsDir, input.period);
      await mkdir(dir, { recursive: true });
      await writeFileAtomic(
        join(dir, `${encodeURIComponent(input.record.dealerId)}.json`),
        JSON.stringify(input.record),
      );
    },
  };
}
