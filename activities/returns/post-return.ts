/**
 * The postings of one return, each written once by its key: the inspection result (by return number), the
 * old-parts receipt (by GRN number) and the dealer's credit note (by CR number). A retry, a replay or a
 * second run of the workflow finds the key and writes nothing.
 */
import type { Fen } from '../../domain/money';
import type { Verdict } from '../../domain/returns';
import type { AppendResult } from './append-once';
import { makeBookOldPart } from './book-old-part';
import { makeEnsureReturnJournals } from './ensure-return-journals';
import { makePostReturnCredit } from './post-return-credit';
import { makeRecordInspection } from './record-inspection';
import type { ReturnsActivityDeps } from './types';

export interface JournalOutcome {
  status: AppendResult['status'];
  key: string;
  /** "file › tab › row" where the row stands. */
  where: string;
}

export interface InspectionPosting {
  returnNo: string;
  /** Inspection date (yyyy-MM-dd, company time zone). */
  date: string;
  model: string;
  partNo: string;
  partName: string;
  supplier: string;
  dealerId: string;
  region: string;
  vin?: string;
  qty: number;
  failureMode: string;
  notes: string;
  verdict: Verdict;
  /** Credit granted to the dealer (what a supplier claim recovers). */
  creditFen: Fen;
}

export interface OldPartPosting {
  returnNo: string;
  date: string;
  partNo: string;
  partName: string;
  qty: number;
  dealerId: string;
  verdict: Verdict;
}

export interface CreditPosting {
  returnNo: string;
  date: string;
  dealerId: string;
  amountFen: Fen;
  claimNo?: string;
}

/** The postings of one return, each activity in its own file. */
export function createReturnPostingActivities(deps: ReturnsActivityDeps) {
  return {
    ensureReturnJournals: makeEnsureReturnJournals(deps),
    recordInspection: makeRecordInspection(deps),
    bookOldPart: makeBookOldPart(deps),
    postReturnCredit: makePostReturnCredit(deps),
  };
}
