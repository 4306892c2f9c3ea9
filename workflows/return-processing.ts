/**
 * `return-R2026110042`: one returned warranty part (旧件退货 / 三包旧件) from the register to the dealer's credit.
 *
 * validate → wait for receipt (link or sheet; dealer reminders) → technician verdict (form or sheet) →
 * abnormal? dealer confirms / disputes → manager → credit over the limit? manager approves →
 * post once each: inspection result (quality), old-parts receipt (旧件库), credit note CR-<no> (dunning) →
 * 入库单 PDF archived and mailed to the dealer.
 *
 * History carries the return's own facts, step decisions and references (document ids, journal keys), never
 * a table. Every posting is keyed by a deterministic number, every mail by workflow + step + recipient.
 */
import { defineQuery, setHandler } from '@temporalio/workflow';
import type { ArchiveRef } from '../activities/archive/types';
import type { ReturnContext, ReturnPolicy, ReturnWorkflowInput } from '../activities/returns/types';
import { endOfDayInstant, latestInstant, localDate } from '../domain/calendar';
import {
  assessInspection,
  computeCredit,
  finalOutcome,
  grnDocNo,
  needsCreditApproval,
  verdictLabel,
  type AbnormalReason,
  type FinalOutcome,
  type Inspection,
  type Resolution,
  type Verdict,
} from '../domain/returns';
import { decisionOf, installDecisionHandlers } from './lib/decision';
import { returnActs } from './return-activities';
import { orFail } from './return-failures';
import { mailGoodsReceivedNote, renderGoodsReceivedNote } from './return-grn';
import { postReturn, type ReturnPostings, type SettledReturn } from './return-posting';
import { approveCredit, settleWithDealer } from './return-settlement';
import { tr } from './return-text';
import { awaitInspection } from './return-inspection';
import { awaitReceipt } from './return-receipt';
import type { ReturnProgress } from './return-waits';

export type { ReturnWorkflowInput } from '../activities/returns/types';
export { returnWorkflowId } from '../domain/returns';

export interface ReturnStatus extends ReturnProgress {
  returnNo: string;
  receivedOn?: string;
  verdict?: Verdict;
  qtyAccepted?: number;
  abnormal?: boolean;
  resolution?: Resolution;
  creditFen?: number;
}

/** Where the return stands (phase, reminders sent, sheet polls, verdict and credit once known). */
export const returnStatusQuery = defineQuery<ReturnStatus>('returnStatus');

export interface ReturnOutcome {
  returnNo: string;
  status: 'completed' | 'not-received';
  receivedOn?: string;
  receivedVia?: 'link' | 'sheet';
  inspection?: Omit<Inspection, 'notes'> & { inspectedOn: string };
  abnormal: boolean;
  reasons: AbnormalReason[];
  resolution?: Resolution;
  verdict?: Verdict;
  qtyCredited: number;
  /** Credit granted (0 when none or refused). */
  creditFen: number;
  creditApproval?: { approved: boolean; by: string };
  postings: ReturnPostings;
  grnNo?: string;
  grn?: ArchiveRef;
  receiptReminders: number;
}

/** Decisions after the verdict that settle the return (their day dates the credit when later than the verdict). */
const LATER_STEPS = ['dealer-agreement', 'dispute-review', 'credit-approval'];

/** What the phases of one return share: its facts, the policy, the status the query reads, the outcome so far. */
interface ReturnRun {
  ctx: ReturnContext;
  policy: ReturnPolicy;
  status: ReturnStatus;
  outcome: ReturnOutcome;
}

type InspectionResult = Inspection & { inspectedOn: string };

/** Phase 1: physical receipt at the old-parts warehouse (already in the register, else wait for it). */
async function receivePart(run: ReturnRun): Promise<{ receivedOn: string; via: 'link' | 'sheet' } | null> {
  const { ctx, status, outcome } = run;
  let receipt: { receivedOn: string; via: 'link' | 'sheet' } | null = ctx.line.received
    ? { receivedOn: ctx.line.received, via: 'sheet' }
    : null;
  if (!receipt) {
    status.phase = 'awaiting-receipt';
    receipt = await awaitReceipt(ctx, run.policy, status);
  }
  outcome.receiptReminders = status.receiptReminders;
  if (!receipt) return null;
  status.receivedOn = outcome.receivedOn = receipt.receivedOn;
  outcome.receivedVia = receipt.via;
  return receipt;
}

/** Phase 2: the technician's verdict (never asked before the part is in the warehouse). */
async function inspectPart(run: ReturnRun, receivedOn: string): Promise<InspectionResult> {
  const { status } = run;
  status.phase = 'awaiting-verdict';
  const inspection = await awaitInspection(run.ctx, run.policy, status, receivedOn);
  const { notes: _notes, ...inspectionRef } = inspection;
  run.outcome.inspection = inspectionRef;
  status.verdict = inspection.verdict;
  status.qtyAccepted = inspection.qtyAccepted;
  return inspection;
}

/** Phase 3: abnormal returns are agreed with the dealer, disputes decided by the manager. */
async function settleVerdict(run: ReturnRun, inspection: InspectionResult): Promise<FinalOutcome> {
  const { ctx, status, outcome } = run;
  const assessment = orFail(() => assessInspection(ctx.line.qty, inspection));
  outcome.abnormal = status.abnormal = assessment.abnormal;
  outcome.reasons = assessment.reasons;
  let resolution: Resolution = 'normal';
  if (assessment.abnormal) {
    const preview = orFail(() =>
      computeCredit({
        verdict: inspection.verdict,
        qty: ctx.line.qty,
        qtyCredited: finalOutcome(ctx.line.qty, inspection, 'dealer-agreed').qtyCredited,
        ...priceOf(ctx),
      }),
    );
    resolution = (await settleWithDealer(ctx, run.policy, inspection, assessment, preview.creditFen, status))
      .resolution;
  }
  outcome.resolution = status.resolution = resolution;
  const final = orFail(() => finalOutcome(ctx.line.qty, inspection, resolution));
  outcome.verdict = final.verdict;
  outcome.qtyCredited = final.qtyCredited;
  return final;
}

const priceOf = (ctx: ReturnContext) => ({
  claimAmountFen: ctx.line.claimAmountFen ?? null,
  unitCostFen: ctx.part.unitCostFen,
});

/** Phase 4: the credit, with the manager's approval above the limit (refused: no credit). */
async function approveCreditAmount(run: ReturnRun, final: FinalOutcome): Promise<number> {
  const { ctx, policy, status, outcome } = run;
  let creditFen = orFail(() =>
    computeCredit({ verdict: final.verdict, qty: ctx.line.qty, qtyCredited: final.qtyCredited, ...priceOf(ctx) }),
  ).creditFen;
  if (creditFen > 0 && needsCreditApproval(creditFen, policy.creditApprovalThresholdFen)) {
    status.phase = 'awaiting-credit-approval';
    const en = policy.locale === 'en' ? 'en' : 'zh-CN';
    const approval = await approveCredit(ctx, policy, creditFen, verdictLabel(final.verdict, en), final.qtyCredited);
    outcome.creditApproval = { approved: approval.approved, by: approval.by };
    if (!approval.approved) creditFen = 0;
  }
  outcome.creditFen = status.creditFen = creditFen;
  return creditFen;
}

/**
 * The settled return's dates, from decisions, never from the day the workflow happens to run: the credit is granted
 * on the verdict's business date or on the day a later person's decision settled it; the documents are timed by the
 * last person's decision they depend on (history), else the end of the verdict's day.
 */
function settledReturn(
  run: ReturnRun,
  receivedOn: string,
  inspection: InspectionResult,
  final: FinalOutcome,
  creditFen: number,
): SettledReturn {
  const { policy } = run;
  const tz = policy.timeZone;
  const en = policy.locale === 'en' ? 'en' : 'zh-CN';
  const laterDecisions = LATER_STEPS.map((id) => decisionOf(id)).filter((d) => d !== undefined && !d.byDefault);
  const creditDate = laterDecisions
    .map((d) => localDate(Date.parse(d!.decidedAt), tz))
    .reduce((a, b) => (b > a ? b : a), inspection.inspectedOn);
  const documentTime = latestInstant(
    ['receipt', 'verdict', ...LATER_STEPS].map((id) => decisionOf(id)?.decidedAt),
    endOfDayInstant(inspection.inspectedOn, tz),
  );
  const failureMode =
    inspection.failureMode ||
    (final.verdict === 'no-fault-found'
      ? verdictLabel(final.verdict, en)
      : tr(policy.locale, '（未记录）', '(not recorded)'));
  const { ctx } = run;
  const resolution = final.resolution;
  return { ctx, policy, receivedOn, inspection, final, resolution, creditFen, creditDate, documentTime, failureMode };
}

/**
 * One returned part from the register to the dealer's credit (see the file comment for the phases). Side effects
 * only through activities: action mails, journal postings keyed by deterministic numbers (posted once), the 入库单
 * archived and mailed once per workflow + step + recipient. Waits for people and the register on durable timers.
 */
export async function returnProcessingWorkflow(input: ReturnWorkflowInput): Promise<ReturnOutcome> {
  installDecisionHandlers();
  const status: ReturnStatus = { returnNo: input.returnNo, phase: 'validating', receiptReminders: 0, sheetPolls: 0 };
  setHandler(returnStatusQuery, () => status);
  const policy = await returnActs.getReturnPolicy();
  const ctx: ReturnContext = await returnActs.prepareReturn(input);
  const no = ctx.line.returnNo;
  status.returnNo = no;
  const outcome: ReturnOutcome = {
    returnNo: no,
    status: 'completed',
    abnormal: false,
    reasons: [],
    qtyCredited: 0,
    creditFen: 0,
    postings: {},
    receiptReminders: 0,
  };
  const run: ReturnRun = { ctx, policy, status, outcome };
  const receipt = await receivePart(run);
  if (!receipt) {
    status.phase = 'not-received';
    return { ...outcome, status: 'not-received' };
  }
  const inspection = await inspectPart(run, receipt.receivedOn);
  const final = await settleVerdict(run, inspection);
  const creditFen = await approveCreditAmount(run, final);
  status.phase = 'posting';
  const settled = settledReturn(run, receipt.receivedOn, inspection, final, creditFen);
  outcome.postings = await postReturn(settled);
  const grn = await renderGoodsReceivedNote(settled, outcome.postings.oldParts !== undefined);
  await mailGoodsReceivedNote(settled, grn);
  status.phase = 'done';
  return { ...outcome, grnNo: grnDocNo(no), grn };
}
