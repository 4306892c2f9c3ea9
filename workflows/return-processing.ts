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
import { defineQuery, setHandler, workflowInfo } from '@temporalio/workflow';
import type { ArchiveRef } from '../activities/archive/types';
import type { JournalOutcome } from '../activities/returns/post-return';
import type { ReturnContext, ReturnWorkflowInput } from '../activities/returns/types';
import { formatFen } from '../domain/money';
import { endOfDayInstant, latestInstant } from '../domain/calendar/document-time';
import {
  assessInspection,
  computeCredit,
  creditDocNo,
  dispositionOf,
  finalOutcome,
  grnDocNo,
  isAccepting,
  localDate,
  needsCreditApproval,
  verdictLabel,
  type AbnormalReason,
  type Inspection,
  type Resolution,
  type Verdict,
} from '../domain/returns';
import { decisionOf, installDecisionHandlers } from './lib/decision';
import { renderDocument, returnActs } from './return-activities';
import { orFail } from './return-failures';
import { approveCredit, settleWithDealer } from './return-settlement';
import { tr } from './return-text';
import { awaitInspection, awaitReceipt, type ReturnProgress } from './return-waits';

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
  postings: { inspection?: JournalOutcome; oldParts?: JournalOutcome; credit?: JournalOutcome };
  grnNo?: string;
  grn?: ArchiveRef;
  receiptReminders: number;
}

const RESOLUTION_TEXT: Record<Resolution, [string, string]> = {
  normal: ['', ''],
  'dealer-agreed': ['经销商同意鉴定结果', 'dealer agreed'],
  'dealer-deemed-agreed': ['经销商逾期未回复，视为同意', 'dealer did not answer in time (deemed agreed)'],
  'manager-upheld': ['经销商有异议，经理维持鉴定结论', 'dealer disputed; manager upheld the verdict'],
  'manager-overruled': ['经销商有异议，经理采纳经销商意见', "dealer disputed; manager accepted the dealer's claim"],
};

/** Decisions after the verdict that settle the return (their day dates the credit when later than the verdict). */
const LATER_STEPS = ['dealer-agreement', 'dispute-review', 'credit-approval'];

export async function returnProcessingWorkflow(input: ReturnWorkflowInput): Promise<ReturnOutcome> {
  installDecisionHandlers();
  const info = workflowInfo();
  const status: ReturnStatus = { returnNo: input.returnNo, phase: 'validating', receiptReminders: 0, sheetPolls: 0 };
  setHandler(returnStatusQuery, () => status);

  const policy = await returnActs.getReturnPolicy();
  const ctx: ReturnContext = await returnActs.prepareReturn(input);
  const no = ctx.line.returnNo;
  status.returnNo = no;
  const loc = policy.locale;
  const en = loc === 'en' ? 'en' : 'zh-CN';
  const tz = policy.timeZone;
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

  // 1. Physical receipt at the old-parts warehouse.
  let receipt: { receivedOn: string; via: 'link' | 'sheet' } | null = ctx.line.received
    ? { receivedOn: ctx.line.received, via: 'sheet' }
    : null;
  if (!receipt) {
    status.phase = 'awaiting-receipt';
    receipt = await awaitReceipt(ctx, policy, status);
  }
  outcome.receiptReminders = status.receiptReminders;
  if (!receipt) {
    status.phase = 'not-received';
    return { ...outcome, status: 'not-received' };
  }
  status.receivedOn = outcome.receivedOn = receipt.receivedOn;
  outcome.receivedVia = receipt.via;

  // 2. The technician's verdict (never asked before the part is in the warehouse).
  status.phase = 'awaiting-verdict';
  const inspection = await awaitInspection(ctx, policy, status, receipt.receivedOn);
  const { notes: _notes, ...inspectionRef } = inspection;
  outcome.inspection = inspectionRef;
  status.verdict = inspection.verdict;
  status.qtyAccepted = inspection.qtyAccepted;

  // 3. Abnormal returns are agreed with the dealer, disputes decided by the manager.
  const assessment = orFail(() => assessInspection(ctx.line.qty, inspection));
  outcome.abnormal = status.abnormal = assessment.abnormal;
  outcome.reasons = assessment.reasons;
  const price = { claimAmountFen: ctx.line.claimAmountFen ?? null, unitCostFen: ctx.part.unitCostFen };
  let resolution: Resolution = 'normal';
  if (assessment.abnormal) {
    const preview = orFail(() =>
      computeCredit({
        verdict: inspection.verdict,
        qty: ctx.line.qty,
        qtyCredited: finalOutcome(ctx.line.qty, inspection, 'dealer-agreed').qtyCredited,
        ...price,
      }),
    );
    resolution = (await settleWithDealer(ctx, policy, inspection, assessment, preview.creditFen, status)).resolution;
  }
  outcome.resolution = status.resolution = resolution;
  const final = orFail(() => finalOutcome(ctx.line.qty, inspection, resolution));
  outcome.verdict = final.verdict;
  outcome.qtyCredited = final.qtyCredited;

  // 4. The credit, with the manager's approval above the limit.
  let creditFen = orFail(() =>
    computeCredit({ verdict: final.verdict, qty: ctx.line.qty, qtyCredited: final.qtyCredited, ...price }),
  ).creditFen;
  if (creditFen > 0 && needsCreditApproval(creditFen, policy.creditApprovalThresholdFen)) {
    status.phase = 'awaiting-credit-approval';
    const approval = await approveCredit(ctx, policy, creditFen, verdictLabel(final.verdict, en), final.qtyCredited);
    outcome.creditApproval = { approved: approval.approved, by: approval.by };
    if (!approval.approved) creditFen = 0;
  }
  outcome.creditFen = status.creditFen = creditFen;

  // 5. Post, each exactly once by its key. Dated by the decisions, never by the day the workflow happens to run: the
  // credit is granted on the verdict's business date, or on the day a later person's decision settled it.
  status.phase = 'posting';
  const laterDecisions = LATER_STEPS.map((id) => decisionOf(id)).filter((d) => d !== undefined && !d.byDefault);
  const creditDate = laterDecisions
    .map((d) => localDate(Date.parse(d!.decidedAt), tz))
    .reduce((a, b) => (b > a ? b : a), inspection.inspectedOn);
  // The documents' time: the last person's decision they depend on (history), else the end of the verdict's day.
  const documentTime = latestInstant(
    ['receipt', 'verdict', ...LATER_STEPS].map((id) => decisionOf(id)?.decidedAt),
    endOfDayInstant(inspection.inspectedOn, tz),
  );
  const failureMode =
    inspection.failureMode ||
    (final.verdict === 'no-fault-found' ? verdictLabel(final.verdict, en) : tr(loc, '（未记录）', '(not recorded)'));
  if (final.verdict !== 'no-fault-found') {
    outcome.postings.inspection = await returnActs.recordInspection({
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
      failureMode,
      notes: inspection.notes,
      verdict: final.verdict,
      creditFen,
    });
  }
  if (isAccepting(final.verdict) && final.qtyCredited > 0) {
    outcome.postings.oldParts = await returnActs.bookOldPart({
      returnNo: no,
      date: receipt.receivedOn,
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
      date: creditDate,
      dealerId: ctx.dealer.id,
      amountFen: creditFen,
      ...(ctx.line.claimNo ? { claimNo: ctx.line.claimNo } : {}),
    });
    const { amountFen: _a, ...ref } = posted;
    outcome.postings.credit = ref;
  }

  // 6. 入库单: archived, mailed to the dealer.
  const grnNo = grnDocNo(no);
  const resolutionText = RESOLUTION_TEXT[resolution][loc === 'en' ? 1 : 0];
  const kept = outcome.postings.oldParts ? final.qtyCredited : 0;
  const grn = await renderDocument({
    template: 'goods-received-note',
    locale: en,
    generatedAt: documentTime,
    data: {
      company: policy.companyName,
      grnNo,
      returnNo: no,
      ...(ctx.line.claimNo ? { claimNo: ctx.line.claimNo } : {}),
      registeredOn: ctx.line.date,
      receivedOn: receipt.receivedOn,
      inspectedOn: inspection.inspectedOn,
      dealer: { id: ctx.dealer.id, name: ctx.dealer.name, region: ctx.dealer.region },
      part: { partNo: ctx.part.partNo, name: ctx.part.name, supplier: ctx.part.supplier, model: ctx.part.model },
      qtyRegistered: ctx.line.qty,
      qtyAccepted: final.qtyCredited,
      ...(outcome.postings.oldParts
        ? { location: final.verdict === 'supplier-responsible' ? '索赔区' : '报废区' }
        : {}),
      verdict: verdictLabel(final.verdict, en),
      failureMode,
      disposition: dispositionOf(final.verdict, kept, en),
      ...(inspection.notes ? { notes: inspection.notes } : {}),
      ...(resolutionText ? { resolution: resolutionText } : {}),
      credit: {
        ...(creditFen > 0 ? { docNo: creditDocNo(no), date: creditDate } : {}),
        amountFen: creditFen,
      },
      people: { warehouseKeeper: policy.people.warehouseOld.name, technician: policy.people.technician.name },
    },
    meta: {
      workflowId: info.workflowId,
      runId: info.runId,
      period: receipt.receivedOn.slice(0, 7),
      kind: 'grn',
      fileName: `入库单-${grnNo}.pdf`,
      title: tr(loc, `旧件入库单 ${grnNo}`, `Goods-received note ${grnNo}`),
      dealerId: ctx.dealer.id,
      warehouse: 'old-parts',
      recipients: [ctx.dealer.email],
    },
  });
  await returnActs.sendReturnMail({
    template: 'return-outcome',
    locale: en,
    key: { workflowId: info.workflowId, step: 'grn', recipient: ctx.dealer.email },
    to: { name: ctx.dealer.name, address: ctx.dealer.email },
    attachments: [{ docId: grn.docId, sha256: grn.sha256 }],
    vars: {
      recipientName: ctx.dealer.contact ?? ctx.dealer.name,
      returnNo: no,
      grnNo,
      verdict: verdictLabel(final.verdict, en),
      qtyRegistered: ctx.line.qty,
      qtyCredited: final.qtyCredited,
      ...(creditFen > 0 ? { creditAmount: formatFen(creditFen), creditDocNo: creditDocNo(no) } : {}),
      failureMode,
      ...(resolutionText ? { resolution: resolutionText } : {}),
      ...(inspection.notes ? { notes: inspection.notes } : {}),
      documentId: grn.docId,
      sha256: grn.sha256,
      senderName: policy.companyName,
    },
  });
  status.phase = 'done';
  return { ...outcome, grnNo, grn };
}
