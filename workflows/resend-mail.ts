import { proxyActivities } from '@temporalio/workflow';
import type {
  FindMailInput,
  MailToResend,
  ResendMailActivities,
  ResendMailResult,
} from '../activities/mail/resend-mail';
import { activityOptions } from './lib/activity-options';

export interface ResendMailWorkflowInput extends FindMailInput {
  /** Why it is sent again (required; goes to the audit log with the operator). */
  reason: string;
  operator: string;
}

export interface ResendMailOutcome extends ResendMailResult {
  original: MailToResend;
}

/** Business id of one operator's resend request, e.g. `resend-mail-stocktake-2026-11-new-parts-m3k9x2`. */
export const resendMailWorkflowId = (workflowId: string, requestId: string): string =>
  `resend-mail-${workflowId}-${requestId}`;

/**
 * `aftersales resend-mail`: finds the mail a workflow sent for a step and recipient in the sent-log, and sends the
 * message kept then once more under a new key `<step>#resend-<n>` (activities/mail/resend-mail.ts), with the reason
 * in the audit log. The resend key is decided by the first activity and carried in history, so a retried or replayed
 * send goes under the same key and the sent-log lets it out once. Retries: the mail kind's (transient SMTP faults
 * retry; a mail not found or never kept fails at once with the operator's message).
 */
export async function resendMailWorkflow(input: ResendMailWorkflowInput): Promise<ResendMailOutcome> {
  const { findMailToResend } = proxyActivities<ResendMailActivities>(activityOptions('quick'));
  const { resendMail } = proxyActivities<ResendMailActivities>(activityOptions('mail'));
  const original = await findMailToResend({ workflowId: input.workflowId, step: input.step, to: input.to });
  const sent = await resendMail({
    original: original.original,
    resendKey: original.resendKey,
    reason: input.reason,
    operator: input.operator,
  });
  return { ...sent, original };
}
