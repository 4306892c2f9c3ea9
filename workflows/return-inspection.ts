/** The second wait of one return: the technician's verdict, from the form link or the register's 鉴定结论. */
import { ApplicationFailure } from '@temporalio/workflow';
import { msToNumber } from '@temporalio/common';
import type { ReturnContext, ReturnPolicy, RowStatus } from '../activities/returns/types';
import { formatFen } from '../domain/money';
import { isVerdict, verdictLabel, verdictOptions, type Inspection } from '../domain/returns';
import { decideInternally, decisionOf, type DecisionRecord, type StepSpec } from './lib/decision';
import { notifyByEmail } from './lib/notify-by-email';
import { waitForDecision } from './lib/wait-for-decision';
import { sendActionRequest } from './return-activities';
import { describeReturn, namesOf, tr } from './return-text';
import { dateOf, pollWhileOpen, type ReturnProgress } from './return-waits';

const STEP_ID = 'verdict';

/**
 * The technician's verdict: the form link (reminders, then the manager), or the register's 鉴定结论. Side effects:
 * the link mails, keyed in the sent-log by workflow + step + recipient (never sent twice); the register is only
 * read. Timers are durable; activities retry while transient. A link decided without a verdict fails the run
 * non-retryably.
 */
export async function awaitInspection(
  ctx: ReturnContext,
  policy: ReturnPolicy,
  progress: ReturnProgress,
  receivedOn: string,
): Promise<Inspection & { inspectedOn: string }> {
  let fromSheet: Inspection | undefined;
  const reminder = msToNumber(policy.approvals.reminderAfter);
  const wait = waitForDecision(inspectionStep(ctx, policy, receivedOn), {
    reminders: [reminder, 2 * reminder],
    escalateAfter: policy.approvals.escalateAfter,
    escalateTo: [policy.people.manager.email],
    linkTtl: '30 days',
    notify: notifyByEmail(sendActionRequest, {
      names: namesOf(policy.people.technician, policy.people.manager),
      requestedBy: policy.companyName,
    }),
  });
  const watch = pollWhileOpen({
    stepId: STEP_ID,
    returnNo: ctx.line.returnNo,
    every: msToNumber(policy.receiptPollInterval),
    until: Date.now() + msToNumber(policy.receiptDeadline),
    progress,
    onRow: (row) => {
      if (row.verdict && row.received && !decisionOf(STEP_ID)) fromSheet = inspectedInSheet(row, ctx, policy);
    },
  });
  const [outcome] = await Promise.all([wait, watch]);
  const d = outcome.decision;
  const decidedOn = dateOf(d, policy.timeZone);
  if (fromSheet) return { ...fromSheet, inspectedOn: decidedOn };
  return inspectionOf(d, decidedOn);
}

function inspectionStep(ctx: ReturnContext, policy: ReturnPolicy, receivedOn: string): StepSpec {
  const loc = policy.locale;
  const no = ctx.line.returnNo;
  const qty = ctx.line.qty;
  return {
    stepId: STEP_ID,
    kind: 'form',
    title: tr(loc, `三包旧件鉴定 ${no}`, `Inspect returned part ${no}`),
    summary: describeReturn(ctx, loc),
    figures: [
      { label: tr(loc, '登记数量', 'Registered qty'), value: String(qty) },
      ...(ctx.line.claimAmountFen !== undefined
        ? [{ label: tr(loc, '索赔金额', 'Claimed'), value: `¥${formatFen(ctx.line.claimAmountFen)}` }]
        : []),
    ],
    recipients: [policy.people.technician.email],
    form: [
      {
        name: 'verdict',
        label: tr(loc, '鉴定结论', 'Verdict'),
        type: 'select',
        required: true,
        options: verdictOptions(loc === 'en' ? 'en' : 'zh-CN'),
      },
      {
        name: 'qtyAccepted',
        label: tr(loc, `认可数量（0–${qty}）`, `Accepted qty (0–${qty})`),
        type: 'integer',
        required: true,
        min: 0,
        max: qty,
      },
      // Printed on the goods-received note and the supplier claim: a verdict without one says nothing about the part.
      {
        name: 'failureMode',
        label: tr(loc, '故障模式（无故障填“无故障”）', 'Failure mode ("none" when no fault was found)'),
        type: 'text',
        required: true,
        maxLength: 100,
      },
      { name: 'vin', label: tr(loc, '车架号/VIN（可选）', 'VIN / serial (optional)'), type: 'text', maxLength: 40 },
      { name: 'notes', label: tr(loc, '鉴定说明', 'Notes'), type: 'text', maxLength: 1000 },
      // The verdict's business date (supplier claims are batched by it), not the day the form was filled in.
      {
        name: 'inspectedOn',
        label: tr(loc, '鉴定日期（留空为今天）', 'Inspected on (empty: today)'),
        type: 'date',
        minDate: receivedOn,
        notAfterTodayIn: policy.timeZone,
      },
    ],
    actionLabels: { submit: tr(loc, '提交鉴定结果', 'Submit verdict') },
    locale: loc,
  };
}

/** Closes the step from the register's row (which has a verdict): all registered parts accepted as the row says. */
function inspectedInSheet(row: RowStatus, ctx: ReturnContext, policy: ReturnPolicy): Inspection {
  const loc = policy.locale;
  const verdict = row.verdict!;
  const by = `sheet:${row.where ?? ''}`;
  const inspection: Inspection = {
    verdict,
    qtyAccepted: ctx.line.qty,
    failureMode: verdict === 'no-fault-found' ? verdictLabel(verdict, loc === 'en' ? 'en' : 'zh-CN') : '',
    notes: tr(loc, '登记表鉴定结论', 'verdict from the register'),
    by,
  };
  decideInternally(STEP_ID, { action: 'submit', by, comment: verdictLabel(verdict) });
  return inspection;
}

/** The technician's form as an inspection; its date is the one given, else the day of the decision. */
function inspectionOf(d: DecisionRecord, decidedOn: string): Inspection & { inspectedOn: string } {
  const inspectedOn = typeof d.fields?.inspectedOn === 'string' ? d.fields.inspectedOn : decidedOn;
  const f = d.fields ?? {};
  const verdict = f.verdict;
  if (!isVerdict(verdict))
    throw ApplicationFailure.nonRetryable(
      `verdict step decided without a verdict: ${JSON.stringify(f)}`,
      'InvalidInspection',
    );
  const vin = typeof f.vin === 'string' ? f.vin : '';
  return {
    verdict,
    qtyAccepted: Number(f.qtyAccepted ?? 0),
    failureMode: typeof f.failureMode === 'string' ? f.failureMode.trim() : '',
    notes: typeof f.notes === 'string' ? f.notes : (d.comment ?? ''),
    ...(vin ? { vin } : {}),
    by: d.decidedBy,
    inspectedOn,
  };
}
