/**
 * `supplier-recovery-2026-11-<supplierCode>`: the month's supplier-responsible returns of one supplier, and the costs
 * of its supplier-responsible batch quality incidents closed in the month (one line per incident), as one claim
 * (供应商索赔单 PDF, archived), sent with a confirm link to the supplier's contact and to
 * purchasing (配套部), who may record a confirmation received otherwise. Reminders until the aging limit;
 * then the manager is brought in and the wait goes on. The amount confirmed is written once to the
 * recovery register and reported to purchasing and the manager.
 */
import { workflowInfo } from '@temporalio/workflow';
import { msToNumber } from '@temporalio/common';
import type { ArchiveRef } from '../activities/archive/types';
import type { JournalOutcome } from '../activities/returns/post-return';
import type { SupplierClaimPrep } from '../activities/returns/supplier-claims';
import { formatFen } from '../domain/money';
import { claimReminderDays, supplierRecoveryWorkflowId } from '../domain/returns';
import { installDecisionHandlers, type StepSpec } from './lib/decision';
import { notifyByEmail } from './lib/notify-by-email';
import { waitForDecision, type DecisionOutcome } from './lib/wait-for-decision';
import { renderDocument, returnActs, sendActionRequest } from './return-activities';
import { orFail } from './return-failures';
import { lastDayOf, parsePeriod, type Period, periodCloseInstant } from '../domain/calendar';

export { supplierRecoveryWorkflowId };

export interface SupplierRecoveryInput {
  period: Period;
  supplierCode: string;
  /** Company time zone for the claim's issue date (default Asia/Shanghai). */
  timeZone?: string;
}

export interface SupplierRecoveryResult {
  claimNo: string;
  supplierCode: string;
  supplierName: string;
  status: 'nothing-to-claim' | 'confirmed' | 'disputed';
  lines: number;
  claimFen: number;
  recoveredFen: number;
  aged: boolean;
  decidedBy?: string;
  claim?: ArchiveRef;
  record?: JournalOutcome;
}

const DAY = 86_400_000;

/** The month's claim PDF (供应商索赔单), archived; timed by the month's close, never by the clock. */
async function renderClaim(input: SupplierRecoveryInput, period: Period, prep: SupplierClaimPrep): Promise<ArchiveRef> {
  const { workflowId, runId } = workflowInfo();
  const p = prep.policy;
  return renderDocument({
    template: 'supplier-claim',
    locale: p.locale,
    generatedAt: periodCloseInstant(period, input.timeZone ?? 'Asia/Shanghai'),
    dataRef: prep.dataRef!,
    meta: {
      workflowId,
      runId,
      period,
      kind: 'supplier-claim',
      fileName: `供应商索赔单-${prep.claimNo}.pdf`,
      title: p.locale !== 'en' ? `供应商索赔单 ${prep.claimNo}` : `Supplier claim ${prep.claimNo}`,
      recipients: claimRecipients(prep).map((r) => r.email),
    },
  });
}

/** The supplier's contact (when the catalogue has one) and purchasing (配套部). */
const claimRecipients = (prep: SupplierClaimPrep) => [...(prep.contact ? [prep.contact] : []), prep.policy.purchasing];

/** The confirm / dispute form the supplier and purchasing open from the mailed link. */
function confirmationStep(period: Period, prep: SupplierClaimPrep, claim: ArchiveRef): StepSpec {
  const zh = prep.policy.locale !== 'en';
  return {
    stepId: 'supplier-confirmation',
    kind: 'form',
    title: zh ? `供应商索赔确认 ${prep.claimNo}` : `Confirm supplier claim ${prep.claimNo}`,
    summary: [
      prep.incidents
        ? claimWithIncidents(zh, period, prep, prep.incidents)
        : zh
          ? `${prep.supplierName}：${period} 鉴定为供应商责任的三包旧件 ${prep.lines} 项，共 ${prep.qty} 件。`
          : `${prep.supplierName}: ${prep.lines} supplier-responsible warranty returns in ${period}, ${prep.qty} parts.`,
      zh
        ? '请核对附件索赔单后确认金额（可填写实际确认金额），或提出异议并说明原因。'
        : 'Please check the attached claim and confirm the amount (enter the amount you accept), or dispute it with your reasons.',
    ],
    figures: [
      { label: zh ? '索赔单号' : 'Claim no.', value: prep.claimNo },
      { label: zh ? '索赔金额' : 'Amount claimed', value: `¥${formatFen(prep.totalFen)}` },
      ...(prep.incidents
        ? [{ label: zh ? '其中事件费用' : 'Of which incidents', value: `¥${formatFen(prep.incidents.amountFen)}` }]
        : []),
    ],
    docIds: [claim.docId],
    docLabels: { [claim.docId]: claim.fileName },
    recipients: claimRecipients(prep).map((r) => r.email),
    actions: ['confirm', 'dispute'],
    actionLabels: zh ? { confirm: '确认索赔', dispute: '提出异议' } : { confirm: 'Confirm claim', dispute: 'Dispute' },
    commentRequiredFor: ['dispute'],
    form: [
      {
        name: 'amount',
        label: zh ? '确认金额（元，空白=全额）' : 'Amount accepted (CNY, blank = in full)',
        type: 'money',
      },
    ],
    locale: prep.policy.locale,
  };
}

/**
 * The summary line of a claim that carries supplier-responsible incident costs. Claims prepared before incident costs
 * were claimed (an open month's history) have no `incidents` and keep the returns-only line, word for word.
 */
function claimWithIncidents(
  zh: boolean,
  period: Period,
  prep: SupplierClaimPrep,
  incidents: NonNullable<SupplierClaimPrep['incidents']>,
): string {
  const returns = prep.lines - incidents.lines;
  const amount = formatFen(incidents.amountFen);
  return zh
    ? `${prep.supplierName}：${period} 鉴定为供应商责任的三包旧件 ${returns} 项，共 ${prep.qty} 件；原因分析判定为供应商责任的批量质量事件 ${incidents.lines} 起，费用 ¥${amount}。`
    : `${prep.supplierName}: ${returns} supplier-responsible warranty returns in ${period}, ${prep.qty} parts; ${incidents.lines} batch quality incidents found supplier-responsible, costs ¥${amount}.`;
}

/** Waits for the confirmation: reminders until the aging limit, then the manager too, and the wait goes on. */
async function awaitConfirmation(period: Period, prep: SupplierClaimPrep, claim: ArchiveRef): Promise<DecisionOutcome> {
  const p = prep.policy;
  const limitMs = p.agingLimitDays * DAY;
  const reminders = claimReminderDays(msToNumber(p.reminderAfter) / DAY, p.agingLimitDays).map((d) =>
    Math.round(d * DAY),
  );
  return waitForDecision(confirmationStep(period, prep, claim), {
    reminders,
    deadline: limitMs,
    onTimeout: 'escalate-and-keep-waiting',
    escalateTo: [p.manager.email],
    linkTtl: limitMs + 30 * DAY,
    notify: notifyByEmail(sendActionRequest, {
      names: Object.fromEntries([...claimRecipients(prep), p.manager].map((r) => [r.email.toLowerCase(), r.name])),
      requestedBy: p.companyName,
    }),
  });
}

/** Writes the amount confirmed once to the recovery register; returns the record and the amount recorded. */
async function recordRecovery(period: Period, prep: SupplierClaimPrep, outcome: DecisionOutcome) {
  const d = outcome.decision;
  const confirmed = d.action === 'confirm';
  const given = typeof d.fields?.amount === 'number' ? d.fields.amount : undefined;
  return returnActs.recordSupplierRecovery({
    claimNo: prep.claimNo,
    period,
    supplierCode: prep.supplierCode,
    supplierName: prep.supplierName,
    lines: prep.lines,
    qty: prep.qty,
    claimFen: prep.totalFen,
    status: confirmed ? 'confirmed' : 'disputed',
    recoveredFen: given ?? (confirmed ? prep.totalFen : 0),
    decidedBy: d.decidedBy,
    decidedAt: d.decidedAt,
    aged: outcome.escalated,
    ...(d.comment ? { comment: d.comment } : {}),
  });
}

/** Reports the result to purchasing, and to the manager as well when the claim aged past the limit. */
async function reportResult(period: Period, prep: SupplierClaimPrep, outcome: DecisionOutcome, recorded: number) {
  const { workflowId } = workflowInfo();
  const p = prep.policy;
  const zh = p.locale !== 'en';
  const d = outcome.decision;
  const aged = outcome.escalated;
  for (const to of aged ? [p.purchasing, p.manager] : [p.purchasing]) {
    await returnActs.sendReturnMail({
      template: 'supplier-claim-result',
      locale: p.locale,
      key: { workflowId, step: 'claim-result', recipient: to.email },
      to: { name: to.name, address: to.email },
      vars: {
        recipientName: to.name,
        claimNo: prep.claimNo,
        supplierName: prep.supplierName,
        period,
        status: d.action === 'confirm' ? (zh ? '供应商已确认' : 'confirmed') : zh ? '供应商有异议' : 'disputed',
        claimAmount: formatFen(prep.totalFen),
        recoveredAmount: formatFen(recorded),
        decidedBy: d.decidedBy,
        decidedAt: d.decidedAt,
        aged,
        ...(d.comment ? { comment: d.comment } : {}),
        senderName: p.companyName,
      },
    });
  }
}

/**
 * One supplier's claim for the month (see the file comment). Side effects only through activities: the claim PDF
 * (archived by content), action mails, one register write and result mails keyed by workflow + step + recipient.
 */
export async function supplierRecoveryWorkflow(input: SupplierRecoveryInput): Promise<SupplierRecoveryResult> {
  installDecisionHandlers();
  const period = orFail(() => parsePeriod(input.period));
  // Issued at the month's close, whenever the batch runs: the claim's bytes depend on the facts only.
  const issuedOn = lastDayOf(period);
  const prep = await returnActs.prepareSupplierClaim({ period, supplierCode: input.supplierCode, issuedOn });
  const base = {
    claimNo: prep.claimNo,
    supplierCode: prep.supplierCode,
    supplierName: prep.supplierName,
    lines: prep.lines,
    claimFen: prep.totalFen,
  };
  if (!prep.lines || !prep.dataRef) return { ...base, status: 'nothing-to-claim', recoveredFen: 0, aged: false };
  const claim = await renderClaim(input, period, prep);
  const outcome = await awaitConfirmation(period, prep, claim);
  const { recoveredFen: recorded, ...recordRef } = await recordRecovery(period, prep, outcome);
  await reportResult(period, prep, outcome, recorded);
  return {
    ...base,
    status: outcome.decision.action === 'confirm' ? 'confirmed' : 'disputed',
    recoveredFen: recorded,
    aged: outcome.escalated,
    decidedBy: outcome.decision.decidedBy,
    claim,
    record: recordRef,
  };
}
