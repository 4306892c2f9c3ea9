/**
 * Builds the `notify` callback of waitForDecision from the approvals activity, so a workflow's wait is one
 * call: `waitForDecision(spec, { reminders: ['2 days'], ..., notify: notifyByEmail(sendActionRequest) })`.
 * One mail per grant, sent in parallel; each grant has its own jti, so retries never send twice.
 */
import { workflowInfo } from '@temporalio/workflow';
import type { ActionRequestInput } from '../../activities/approvals/send-action-request';
import type { NotifyEvent } from './decision-types';
import type { StepNotice } from './wait-for-decision';

export interface NotifyByEmailOptions {
  /** Display names by e-mail address (used in the greeting and the To header). */
  names?: Record<string, string>;
  /** Attach the step's documents to the mail (default true). */
  attachDocs?: boolean;
  requestedBy?: string;
}

export function notifyByEmail(
  sendActionRequest: (input: ActionRequestInput) => Promise<unknown>,
  opts: NotifyByEmailOptions = {},
): (event: NotifyEvent, notice: StepNotice) => Promise<void> {
  let reminders = 0;
  return async (event, { step, grants }) => {
    if (event === 'reminder') reminders += 1;
    const { workflowId } = workflowInfo();
    const original =
      grants.length && event === 'escalation'
        ? step.recipients.filter((r) => !grants.some((g) => g.recipient === r))
        : [];
    await Promise.all(
      grants.map((g) =>
        sendActionRequest({
          workflowId,
          stepId: step.stepId,
          kind: step.kind,
          event,
          recipient: g.recipient,
          ...(opts.names?.[g.recipient] ? { recipientName: opts.names[g.recipient] } : {}),
          actions: step.actions,
          jti: g.jti,
          expiresAt: g.expiresAt,
          locale: step.locale === 'en' ? 'en' : 'zh-CN',
          title: step.title,
          summary: step.summary,
          figures: step.figures,
          docIds: step.docIds,
          ...(opts.attachDocs === false ? { attachDocs: false } : {}),
          ...(event === 'reminder' ? { reminderNumber: reminders } : {}),
          ...(event === 'escalation' ? { originalRecipients: original, waitingSince: step.openedAt } : {}),
          ...(opts.requestedBy ? { requestedBy: opts.requestedBy } : {}),
        }),
      ),
    );
  };
}
