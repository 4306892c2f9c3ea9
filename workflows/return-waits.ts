/**
 * The first two waits of one return (receipt, verdict), each a decision step from workflows/lib. Receipt and verdict are also taken from the register: an activity
 * re-reads the row on a durable timer and closes the step from inside the workflow when the sheet says so.
 */
import { ApplicationFailure, condition, workflowInfo } from '@temporalio/workflow';
import { msToNumber } from '@temporalio/common';
import type { ReturnContext, ReturnPolicy, RowStatus } from '../activities/returns/types';
import { formatFen } from '../domain/money';
import { isVerdict, localDate, verdictLabel, verdictOptions, type Inspection } from '../domain/returns';
import { decideInternally, decisionOf, type DecisionRecord, type StepSpec } from './lib/decision';
import { notifyByEmail } from './lib/notify-by-email';
import { waitForDecision } from './lib/wait-for-decision';
import { returnActs, sendActionRequest } from './return-activities';
import { describeReturn, namesOf, tr } from './return-text';

/** What the status query shows while a return waits. */
export interface ReturnProgress {
  phase: string;
  receiptReminders: number;
  sheetPolls: number;
}

/** Sheet polling stops well before Temporal's history limits; the links keep working. */
const MAX_HISTORY_FOR_POLLING = 12_000;

const dateOf = (d: DecisionRecord, tz: string): string => localDate(Date.parse(d.decidedAt), tz);

/**
 * Polls the register row every `every` until the step is decided or `until`; `onRow` may close the step.
 * `timers` are extra wake-ups (reminders, deadline) handled by `onTimer`.
 */
async function pollWhileOpen(opts: {
  stepId: string;
  returnNo: string;
  every: number;
  until: number;
  progress: ReturnProgress;
  onRow: (row: RowStatus) => void;
  nextTimer?: () => number | undefined;
  onTimer?: () => Promise<void>;
}): Promise<void> {
  const decided = (): boolean => decisionOf(opts.stepId) !== undefined;
  let nextPoll = Date.now() + opts.every;
  while (!decided()) {
    const timer = opts.nextTimer?.();
    const polling = nextPoll <= opts.until && workflowInfo().historyLength < MAX_HISTORY_FOR_POLLING;
    const wake = Math.min(polling ? nextPoll : Infinity, timer ?? Infinity);
    if (wake === Infinity) {
      await condition(decided);
      return;
    }
    if (await condition(decided, Math.max(1, wake - Date.now()))) return;
    if (timer !== undefined && Date.now() >= timer) await opts.onTimer?.();
    if (polling && Date.now() >= nextPoll && !decided()) {
      nextPoll = Date.now() + opts.every;
      opts.progress.sheetPolls++;
      opts.onRow(await returnActs.checkReturnRow({ returnNo: opts.returnNo }));
    }
  }
}

/**
 * Waits until the old-parts warehouse has the part: the keeper's "received" link or the register's 收货日期.
 * Reminds the dealer every `receiptReminderAfter` (at most `maxReceiptReminders` times). Returns null when
 * nothing arrived by `receiptDeadline`.
 */
export async function awaitReceipt(
  ctx: ReturnContext,
  policy: ReturnPolicy,
  progress: ReturnProgress,
): Promise<{ receivedOn: string; via: 'link' | 'sheet'; by: string } | null> {
  const loc = policy.locale;
  const no = ctx.line.returnNo;
  const keeper = policy.people.warehouseOld;
  const stepId = 'receipt';
  const start = Date.now();
  const deadlineAt = start + msToNumber(policy.receiptDeadline);
  const remindEvery = msToNumber(policy.receiptReminderAfter);
  let nextReminder = start + remindEvery;
  let sheetDate: string | undefined;
  const spec: StepSpec = {
    stepId,
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
    recipients: [keeper.email],
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
  const ack = waitForDecision(spec, {
    linkTtl: policy.receiptDeadline,
    notify: notifyByEmail(sendActionRequest, { names: namesOf(keeper), requestedBy: policy.companyName }),
  });
  const watch = pollWhileOpen({
    stepId,
    returnNo: no,
    every: msToNumber(policy.receiptPollInterval),
    until: deadlineAt,
    progress,
    onRow: (row) => {
      if (row.received && !decisionOf(stepId)) {
        sheetDate = row.received;
        decideInternally(stepId, {
          action: 'acknowledge',
          by: `sheet:${row.where ?? ''}`,
          comment: `收货日期 ${row.received}`,
        });
      }
    },
    nextTimer: () =>
      Math.min(deadlineAt, progress.receiptReminders < policy.maxReceiptReminders ? nextReminder : Infinity),
    onTimer: async () => {
      if (Date.now() >= deadlineAt) {
        decideInternally(stepId, {
          action: 'expired',
          by: 'system:deadline',
          comment: 'receipt deadline passed',
          byDefault: true,
        });
        return;
      }
      if (progress.receiptReminders >= policy.maxReceiptReminders || Date.now() < nextReminder) return;
      progress.receiptReminders++;
      nextReminder += remindEvery;
      await returnActs.sendReturnMail({
        template: 'return-receipt-reminder',
        locale: loc,
        key: {
          workflowId: workflowInfo().workflowId,
          step: `receipt-reminder-${progress.receiptReminders}`,
          recipient: ctx.dealer.email,
        },
        to: { name: ctx.dealer.name, address: ctx.dealer.email },
        vars: {
          recipientName: ctx.dealer.contact ?? ctx.dealer.name,
          returnNo: no,
          registeredOn: ctx.line.date,
          part: `${ctx.part.partNo} ${ctx.part.name}`,
          qty: ctx.line.qty,
          ...(ctx.line.claimNo ? { claimNo: ctx.line.claimNo } : {}),
          reminderNumber: progress.receiptReminders,
          shipTo: `${tr(loc, '旧件库', 'old-parts warehouse')} ${keeper.name}`,
          senderName: policy.companyName,
        },
      });
    },
  });
  const [outcome] = await Promise.all([ack, watch]);
  const d = outcome.decision;
  if (d.action !== 'acknowledge') return null;
  if (sheetDate) return { receivedOn: sheetDate, via: 'sheet', by: d.decidedBy };
  const given = d.fields?.receivedOn;
  return { receivedOn: typeof given === 'string' ? given : dateOf(d, policy.timeZone), via: 'link', by: d.decidedBy };
}

/** The technician's verdict: the form link (reminders, then the manager), or the register's 鉴定结论. */
export async function awaitInspection(
  ctx: ReturnContext,
  policy: ReturnPolicy,
  progress: ReturnProgress,
  receivedOn: string,
): Promise<Inspection & { inspectedOn: string }> {
  const loc = policy.locale;
  const no = ctx.line.returnNo;
  const qty = ctx.line.qty;
  const tech = policy.people.technician;
  const stepId = 'verdict';
  let fromSheet: Inspection | undefined;
  const spec: StepSpec = {
    stepId,
    kind: 'form',
    title: tr(loc, `三包旧件鉴定 ${no}`, `Inspect returned part ${no}`),
    summary: describeReturn(ctx, loc),
    figures: [
      { label: tr(loc, '登记数量', 'Registered qty'), value: String(qty) },
      ...(ctx.line.claimAmountFen !== undefined
        ? [{ label: tr(loc, '索赔金额', 'Claimed'), value: `¥${formatFen(ctx.line.claimAmountFen)}` }]
        : []),
    ],
    recipients: [tech.email],
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
  const reminder = msToNumber(policy.approvals.reminderAfter);
  const wait = waitForDecision(spec, {
    reminders: [reminder, 2 * reminder],
    escalateAfter: policy.approvals.escalateAfter,
    escalateTo: [policy.people.manager.email],
    linkTtl: '30 days',
    notify: notifyByEmail(sendActionRequest, {
      names: namesOf(tech, policy.people.manager),
      requestedBy: policy.companyName,
    }),
  });
  const watch = pollWhileOpen({
    stepId,
    returnNo: no,
    every: msToNumber(policy.receiptPollInterval),
    until: Date.now() + msToNumber(policy.receiptDeadline),
    progress,
    onRow: (row) => {
      if (row.verdict && row.received && !decisionOf(stepId)) {
        const by = `sheet:${row.where ?? ''}`;
        fromSheet = {
          verdict: row.verdict,
          qtyAccepted: qty,
          failureMode: row.verdict === 'no-fault-found' ? verdictLabel(row.verdict, loc === 'en' ? 'en' : 'zh-CN') : '',
          notes: tr(loc, '登记表鉴定结论', 'verdict from the register'),
          by,
        };
        decideInternally(stepId, { action: 'submit', by, comment: verdictLabel(row.verdict) });
      }
    },
  });
  const [outcome] = await Promise.all([wait, watch]);
  const d = outcome.decision;
  const decidedOn = dateOf(d, policy.timeZone);
  if (fromSheet) return { ...fromSheet, inspectedOn: decidedOn };
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
