/**
 * Activities of one dealer's child workflow: look at the dealer (first look of the month and follow-up looks),
 * post charges, write the credit hold, commit what was done to the persisted dunning state, and keep the month's
 * result. Each returns small facts; the reconciliation itself stays in the work store.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { writeFileAtomic } from '../archive/atomic-write';
import type { ArchiveRef, DataRef } from '../archive/types';
import type { RenderDocumentInput } from '../pdf/create-pdf-activities';
import { statementRender } from '../../domain/dunning';
import type { ChargeJournal } from './charge-journal';
import { makeChangeDealerState, makeCommitDealerState } from './commit-dealer-state';
import type { DunningStateStore } from './dunning-state-store';
import { LookMemo } from './look-memo';
import type { LedgerSnapshots } from './ledger-snapshot';
import { makePostDunningCharges } from './post-dunning-charges';
import { makeDealerLooks } from './take-dealer-look';
import type { CreditHoldWriter } from './write-credit-hold';
import { makeWriteCreditHold } from './write-dealer-credit-hold';
import type { ChildBegin, DealerFacts, DealerResultRecord, DunningSettings, StatementFor } from './types';

export interface DealerActivityDeps {
  work: { putJson(value: unknown): Promise<DataRef>; getJson<T>(ref: DataRef): Promise<T> };
  snapshots: LedgerSnapshots;
  state: DunningStateStore;
  journal: ChargeJournal;
  holdWriter: CreditHoldWriter;
  resultsDir: string;
  settings: (ref: DataRef) => Promise<DunningSettings>;
  /** Renders and archives a document (the PDF activity's renderDocument): the first look renders the statement. */
  render: (input: RenderDocumentInput) => Promise<ArchiveRef>;
}

export function createDealerActivities(deps: DealerActivityDeps) {
  const looks = new LookMemo(join(deps.state.dir, 'looks'));
  const { firstLook, freshLook } = makeDealerLooks(deps);

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
      /** Render and archive the statement too, when the month needs one (ChildBegin.statementDocId). */
      statementFor?: StatementFor;
    }): Promise<ChildBegin> {
      const begin = await looks.once(input.dealerId, input.lookId, () => firstLook(input));
      if (!input.statementFor) return begin;
      const statementDocId = await renderStatement(deps, begin, input.statementFor);
      return statementDocId ? { ...begin, statementDocId } : begin;
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

    postDunningCharges: makePostDunningCharges(deps),
    writeCreditHold: makeWriteCreditHold(deps),
    commitDealerState: makeCommitDealerState(deps),
    changeDealerState: makeChangeDealerState(deps),

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

/**
 * The statement of the first look, when the month needs one: the PDF activity's render with the name, title and date
 * the child would give it (domain/dunning/statement-document.ts). Outside the look memo: the bytes depend only on
 * the look and these names, and the archive's put is idempotent, so a re-run stores nothing new.
 */
async function renderStatement(deps: DealerActivityDeps, begin: ChildBegin, to: StatementFor): Promise<string | null> {
  const { facts: f, settings } = begin;
  if (!(f.statementNeeded && f.statementDataRef && f.statementKey)) return null;
  const doc = await deps.render(statementRender({ ...f, statementDataRef: f.statementDataRef }, settings, to));
  return doc.docId;
}
