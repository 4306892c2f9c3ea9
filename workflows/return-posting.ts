/**
 * Posting a settled return, each exactly once by its key: the inspection result (quality journal), the part
 * into the old-parts warehouse (旧件库), the credit note CR-<no> (read by dunning).
 */
import type { JournalOutcome } from '../activities/returns/post-return';
import type { ReturnContext, ReturnPolicy } from '../activities/returns/types';
import { isAccepting, type FinalOutcome, type Inspection, type Resolution } from '../domain/returns';
import { returnActs } from './return-activities';

/** A return once its verdict, resolution and credit are decided: what the postings and the 入库单 print. */
export interface SettledReturn {
  ctx: ReturnContext;
  policy: ReturnPolicy;
  receivedOn: string;
  inspection: Inspection & { inspectedOn: string };
  final: FinalOutcome;
  resolution: Resolution;
  creditFen: number;
  /** The verdict's business date, or the day a later person's decision settled the return. */
  creditDate: string;
  /** The documents' time: the last decision they depend on, else the end of the verdict's day. */
  documentTime: string;
  failureMode: string;
}

export interface ReturnPostings {
  inspection?: JournalOutcome;
  oldParts?: JournalOutcome;
  credit?: JournalOutcome;
}

export async function postReturn(s: SettledReturn): Promise<ReturnPostings> {
  const { ctx, inspection, final, creditFen } = s;
  const no = ctx.line.returnNo;
  const postings: ReturnPostings = {};
  if (final.verdict !== 'no-fault-found') {
    postings.inspection = await returnActs.recordInspection({
      returnNo: no,
      date: inspection.inspectedOn,
      model: ctx.part.model,
      partNo: ctx.part.partNo,
      partName: ctx.part.name,
      supplier: ctx.part.supplier,
      dealerId: ctx.dealer.id,
      region: ctx.dealer.region,
      ...(inspection.vin ? { vin: inspection.vin } : {}),
      qty: isAccepting(final.verdict) ? final.qtyCredited : ctx.line.qty,
      failureMode: s.failureMode,
      notes: inspection.notes,
      verdict: final.verdict,
      creditFen,
    });
  }
  if (isAccepting(final.verdict) && final.qtyCredited > 0) {
    postings.oldParts = await returnActs.bookOldPart({
      returnNo: no,
      date: s.receivedOn,
      partNo: ctx.part.partNo,
      partName: ctx.part.name,
      qty: final.qtyCredited,
      dealerId: ctx.dealer.id,
      verdict: final.verdict,
    });
  }
  if (creditFen > 0) {
    const posted = await returnActs.postReturnCredit({
      returnNo: no,
      date: s.creditDate,
      dealerId: ctx.dealer.id,
      amountFen: creditFen,
      ...(ctx.line.claimNo ? { claimNo: ctx.line.claimNo } : {}),
    });
    const { amountFen: _a, ...ref } = posted;
    postings.credit = ref;
  }
  return postings;
}
