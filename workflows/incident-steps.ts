/**
 * The incident's steps, each a link form to its owner with reminders and escalation to the manager on durable
 * timers (workflows/lib): containment, root cause, corrective action with a due date, "action done", and the
 * verification after the weeks without recurrence.
 */
import { msToNumber, type Duration } from '@temporalio/common';
import type { IncidentPerson, IncidentPolicy } from '../activities/incidents/types';
import { endOfLocalDay } from '../domain/early-warning/zoned-time';
import { localDate } from '../domain/calendar';
import type { DecisionRecord, FieldValue, FormField, StepSpec } from './lib/decision';
import { notifyByEmail } from './lib/notify-by-email';
import { waitForDecision, type WaitOptions } from './lib/wait-for-decision';
import { sendActionRequest } from './incident-activities';
import { tr } from './incident-text';

export interface StepAnswer {
  by: string;
  at: string;
  fields: Record<string, FieldValue>;
  comment?: string;
  action: string;
}

const answerOf = (d: DecisionRecord): StepAnswer => ({
  by: d.decidedBy,
  at: d.decidedAt,
  fields: d.fields ?? {},
  action: d.action,
  ...(d.comment ? { comment: d.comment } : {}),
});

function waitOptions(policy: IncidentPolicy, owner: IncidentPerson, extra: Partial<WaitOptions> = {}): WaitOptions {
  const names: Record<string, string> = { [owner.email.toLowerCase()]: owner.name };
  names[policy.manager.email.toLowerCase()] = policy.manager.name;
  return {
    reminders: [policy.approvals.reminderAfter],
    escalateAfter: policy.approvals.escalateAfter,
    escalateTo: [policy.manager.email],
    linkTtl: policy.approvals.linkTtl,
    notify: notifyByEmail(sendActionRequest, { names, requestedBy: policy.company }),
    ...extra,
  };
}

async function ask(spec: StepSpec, policy: IncidentPolicy, owner: IncidentPerson, extra?: Partial<WaitOptions>) {
  return answerOf((await waitForDecision(spec, waitOptions(policy, owner, extra))).decision);
}

const today = (policy: IncidentPolicy): string => localDate(Date.now(), policy.timeZone);

/** 遏制: hold the batch, notify dealers — what was done, over what scope, when. */
export function askContainment(policy: IncidentPolicy, summary: string[]): Promise<StepAnswer> {
  const loc = policy.locale;
  const owner = policy.owners.containment;
  const form: FormField[] = [
    {
      name: 'scope',
      label: tr(loc, '遏制范围（批次 / 车架号段 / 库存）', 'Scope (batch / VIN range / stock)'),
      type: 'text',
      required: true,
      maxLength: 500,
    },
    { name: 'hold', label: tr(loc, '已冻结可疑批次库存', 'Suspect batch stock on hold'), type: 'boolean' },
    { name: 'dealersNotified', label: tr(loc, '已通知经销商', 'Dealers notified'), type: 'boolean' },
    {
      name: 'containedOn',
      label: tr(loc, '遏制日期', 'Contained on'),
      type: 'date',
      required: true,
      notAfterTodayIn: policy.timeZone,
    },
  ];
  return ask(
    {
      stepId: 'containment',
      kind: 'form',
      title: tr(loc, '批量质量问题：遏制措施', 'Batch quality problem: containment'),
      summary: [
        ...summary,
        tr(
          loc,
          '请冻结可疑批次、通知经销商排查，并填写遏制范围和日期。',
          'Hold the suspect batch, ask dealers to check, and record the scope and date.',
        ),
      ],
      recipients: [owner.email],
      form,
      locale: loc,
    },
    policy,
    owner,
  );
}

/** 原因分析: the root cause and whether the supplier is responsible (decides supplier recovery). */
export function askRootCause(policy: IncidentPolicy, summary: string[], suppliers: string[]): Promise<StepAnswer> {
  const loc = policy.locale;
  const owner = policy.owners.rootCause;
  return ask(
    {
      stepId: 'root-cause',
      kind: 'form',
      title: tr(loc, '批量质量问题：原因分析', 'Batch quality problem: root cause'),
      summary: [
        ...summary,
        tr(
          loc,
          '请填写根本原因，并判定是否为供应商责任（供应商责任的事件费用计入当月供应商索赔）。',
          "State the root cause and whether the supplier is responsible (a supplier's incident costs go into that month's supplier claim).",
        ),
      ],
      recipients: [owner.email],
      form: [
        {
          name: 'responsibility',
          label: tr(loc, '责任判定', 'Responsibility'),
          type: 'select',
          required: true,
          options: [
            { value: 'supplier', label: tr(loc, '供应商责任', 'Supplier responsible') },
            {
              value: 'internal',
              label: tr(loc, '非供应商责任（设计 / 制造 / 使用）', 'Not the supplier (design / production / use)'),
            },
          ],
        },
        {
          name: 'supplier',
          label: tr(
            loc,
            `责任供应商${suppliers[0] ? `（默认 ${suppliers[0]}）` : ''}`,
            `Supplier responsible${suppliers[0] ? ` (default ${suppliers[0]})` : ''}`,
          ),
          type: 'text',
          maxLength: 200,
        },
        { name: 'cause', label: tr(loc, '根本原因', 'Root cause'), type: 'text', required: true, maxLength: 2000 },
      ],
      locale: loc,
    },
    policy,
    owner,
  );
}

/** 纠正措施: what will be done, by when, and the incident's cost. */
export function askAction(policy: IncidentPolicy, summary: string[], round: number): Promise<StepAnswer> {
  const loc = policy.locale;
  const owner = policy.owners.action;
  return ask(
    {
      stepId: `action-${round}`,
      kind: 'form',
      title: tr(
        loc,
        `批量质量问题：纠正措施${round > 1 ? `（第 ${round} 轮）` : ''}`,
        `Batch quality problem: corrective action${round > 1 ? ` (round ${round})` : ''}`,
      ),
      summary,
      recipients: [owner.email],
      form: [
        {
          name: 'action',
          label: tr(loc, '纠正措施', 'Corrective action'),
          type: 'text',
          required: true,
          maxLength: 2000,
        },
        {
          name: 'dueDate',
          label: tr(loc, '完成期限', 'Due date'),
          type: 'date',
          required: true,
          minDate: today(policy),
        },
        {
          name: 'cost',
          label: tr(loc, '事件费用（元，含遏制、返工、索赔）', 'Incident cost (CNY: containment, rework, claims)'),
          type: 'money',
        },
      ],
      locale: loc,
    },
    policy,
    owner,
  );
}

/** 措施完成: the owner confirms the action is in place; reminded from the due date, escalated after it. */
export function askImplemented(
  policy: IncidentPolicy,
  summary: string[],
  round: number,
  dueDate: string,
): Promise<StepAnswer> {
  const loc = policy.locale;
  const owner = policy.owners.action;
  const due = Math.max(1, endOfLocalDay(dueDate, policy.timeZone) - Date.now());
  const after = (d: Duration): number => due + msToNumber(d);
  return ask(
    {
      stepId: `implemented-${round}`,
      kind: 'acknowledge',
      title: tr(
        loc,
        `批量质量问题：措施完成确认（期限 ${dueDate}）`,
        `Batch quality problem: action done? (due ${dueDate})`,
      ),
      summary: [
        ...summary,
        tr(
          loc,
          `措施落实后请确认完成日期；逾期将提醒并上报经理。`,
          'Confirm the date once the action is in place; after the due date you are reminded and the manager is told.',
        ),
      ],
      recipients: [owner.email],
      actionLabels: { acknowledge: tr(loc, '措施已完成', 'Action done') },
      form: [
        {
          name: 'doneOn',
          label: tr(loc, '完成日期', 'Done on'),
          type: 'date',
          required: true,
          notAfterTodayIn: policy.timeZone,
        },
        { name: 'notes', label: tr(loc, '说明', 'Notes'), type: 'text', maxLength: 2000 },
      ],
      locale: loc,
    },
    policy,
    owner,
    { reminders: [due, after(policy.approvals.reminderAfter)], escalateAfter: after(policy.approvals.escalateAfter) },
  );
}

/** 效果验证: after the weeks without recurrence, the owner confirms the action worked (or says it did not). */
export function askVerification(policy: IncidentPolicy, summary: string[], round: number): Promise<StepAnswer> {
  const loc = policy.locale;
  const owner = policy.owners.verification;
  return ask(
    {
      stepId: `verify-${round}`,
      kind: 'approval',
      title: tr(loc, '批量质量问题：效果验证', 'Batch quality problem: verification'),
      summary,
      recipients: [owner.email],
      actionLabels: {
        approve: tr(loc, '措施有效，关闭事件', 'Effective: close the incident'),
        reject: tr(loc, '措施无效', 'Not effective'),
      },
      locale: loc,
    },
    policy,
    owner,
  );
}
