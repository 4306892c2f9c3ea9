/** The first wait of one return: the part arrives in the old-parts warehouse (link or register), or not in time. */
import { workflowInfo } from '@temporalio/workflow';
import { msToNumber } from '@temporalio/common';
import type { ReturnContext, ReturnPolicy, RowStatus } from '../activities/returns/types';
import { decideInternally, decisionOf, type DecisionRecord, type StepSpec } from './lib/decision';
import { notifyByEmail } from './lib/notify-by-email';
import { waitForDecision } from './lib/wait-for-decision';
import { returnActs, sendActionRequest } from './return-activities';
import { describeReturn, namesOf, tr } from './return-text';
import { dateOf, pollWhileOpen, type ReturnProgress } from './return-waits';

export interface Receipt {
  receivedOn: string;
  via: 'link' | 'sheet';
  by: string;
}

const STEP_ID = 'receipt';

/**
 * Waits until the old-parts warehouse has the part: the keeper's "received" link or the register's 收货日期.
 * Reminds the dealer every `receiptReminderAfter` (at most `maxReceiptReminders` times). Returns null when
 * nothing arrived by `receiptDeadline`. Side effects: the keeper's link mail and the dealer's reminders, each keyed
 * in the sent-log by workflow + step + recipient (never sent twice); the register is only read. Timers are
 * durable; activities retry while transient.
 */
export async function awaitReceipt(
  ctx: ReturnContext,
  policy: ReturnPolicy,
  progress: ReturnProgress,
): Promise<Receipt | null> {
  const start = Date.now();
  const deadlineAt = start + msToNumber(policy.receiptDeadline);
  const remindEvery = msToNumber(policy.receiptReminderAfter);
  let nextReminder = start + remindEvery;
  let sheetDate: string | undefined;
  const ack = waitForDecision(receiptStep(ctx, policy), {
    linkTtl: policy.receiptDeadline,
    notify: notifyByEmail(sendActionRequest, {
      names: namesOf(policy.people.warehouseOld),
      requestedBy: policy.companyName,
    }),
  });
  const watch = pollWhileOpen({
    stepId: STEP_ID,
    returnNo: ctx.line.returnNo,
    every: msToNumber(policy.receiptPollInterval),
    until: deadlineAt,
    progress,
    onRow: (row) => {
      if (row.received && !decisionOf(STEP_ID)) {
        sheetDate = row.received;
        receivedInSheet(row);
      }
    },
    nextTimer: () =>
      Math.min(deadlineAt, progress.receiptReminders < policy.maxReceiptReminders ? nextReminder : Infinity),
    onTimer: async () => {
      if (Date.now() >= deadlineAt) return expireReceipt();
      if (progress.receiptReminders >= policy.maxReceiptReminders || Date.now() < nextReminder) return;
      progress.receiptReminders++;
      nextReminder += remindEvery;
      await remindDealer(ctx, policy, progress.receiptReminders);
    },
  });
  const [outcome] = await Promise.all([ack, watch]);
  return receiptOf(outcome.decision, sheetDate, policy.timeZone);
}

function receiptStep(ctx: ReturnContext, policy: ReturnPolicy): StepSpec {
  const loc = policy.locale;
  const no = ctx.line.returnNo;
  return {
    stepId: STEP_ID,
    kind: 'acknowledge',
    title: tr(loc, `旧件收货确认 ${no}`, `Confirm receipt of return ${no}`),
    summary: [
      ...describeReturn(ctx, loc),
      tr(
        loc,
        '旧件到库后请点击“已收到旧件”，或在登记表中填写收货日期。',
        'Click "received" once the part is in the old-parts warehouse, or fill in the received date in the register.',
      ),
    ],
    recipients: [policy.people.warehouseOld.email],
    actionLabels: { acknowledge: tr(loc, '已收到旧件', 'Part received') },
    // The business date of the receipt: the keeper may confirm later than the part arrived.
    form: [
      {
        name: 'receivedOn',
        label: tr(loc, '收货日期（留空为今天）', 'Received on (empty: today)'),
        type: 'date',
        minDate: ctx.line.date,
        notAfterTodayIn: policy.timeZone,
      },
    ],
    locale: loc,
  };
}

/** Closes the step from the register's row, which has a 收货日期. */
function receivedInSheet(row: RowStatus): void {
  decideInternally(STEP_ID, {
    action: 'acknowledge',
    by: `sheet:${row.where ?? ''}`,
    comment: `收货日期 ${row.received ?? ''}`,
  });
}

function expireReceipt(): void {
  decideInternally(STEP_ID, {
    action: 'expired',
    by: 'system:deadline',
    comment: 'receipt deadline passed',
    byDefault: true,
  });
}

/** Reminder N to the dealer to ship the part (sent-log key receipt-reminder-N + dealer). */
async function remindDealer(ctx: ReturnContext, policy: ReturnPolicy, reminderNumber: number): Promise<void> {
  const loc = policy.locale;
  await returnActs.sendReturnMail({
    template: 'return-receipt-reminder',
    locale: loc,
    key: {
      workflowId: workflowInfo().workflowId,
      step: `receipt-reminder-${reminderNumber}`,
      recipient: ctx.dealer.email,
    },
    to: { name: ctx.dealer.name, address: ctx.dealer.email },
    vars: {
      recipientName: ctx.dealer.contact ?? ctx.dealer.name,
      returnNo: ctx.line.returnNo,
      registeredOn: ctx.line.date,
      part: `${ctx.part.partNo} ${ctx.part.name}`,
      qty: ctx.line.qty,
      ...(ctx.line.claimNo ? { claimNo: ctx.line.claimNo } : {}),
      reminderNumber,
      shipTo: `${tr(loc, '旧件库', 'old-parts warehouse')} ${policy.people.warehouseOld.name}`,
      senderName: policy.companyName,
    },
  });
}

function receiptOf(d: DecisionRecord, sheetDate: string | undefined, timeZone: string): Receipt | null {
  if (d.action !== 'acknowledge') return null;
  if (sheetDate) return { receivedOn: sheetDate, via: 'sheet', by: d.decidedBy };
  const given = d.fields?.receivedOn;
  return { receivedOn: typeof given === 'string' ? given : dateOf(d, timeZone), via: 'link', by: d.decidedBy };
}
