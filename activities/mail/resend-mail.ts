/**
 * Sending a mail a workflow already sent once more, for an operator ("the manager deleted it", "it went to spam"),
 * from the sent-log: the message kept when it first went out (work store, referenced from its sent-log record) goes
 * out again, unchanged, under a NEW sent-log key `<step>#resend-<n>` — so the original key is never touched and the
 * workflow's own retries still see it as sent — with the Message-ID of that new key (receivers must not drop it as a
 * duplicate) and an `X-Aftersales-Resend-Of` header naming the original. Run by resendMailWorkflow.
 */
import { ApplicationFailure } from '@temporalio/common';
import type { AuditLog } from '../archive/audit-log';
import type { SendMailInput, SendMailResult, StoredMessage } from './send-mail';
import { sentKeyHash, type SentEntry, type SentKey, type SentLog } from './sent-log';
import { MailFailure } from './validate-mail-input';

export interface ResendMailDeps {
  sentLog: SentLog;
  messages: { getJson<T>(ref: { sha256: string }): Promise<T> };
  sendMail(input: SendMailInput): Promise<SendMailResult>;
  audit: Pick<AuditLog, 'record'>;
}

export interface FindMailInput {
  workflowId: string;
  /** The mail step as listed, or the decision step whose link mail it was (`manager-approval`). */
  step: string;
  to: string;
}

export interface MailToResend {
  original: SentKey;
  originalMessageId: string;
  subject: string;
  sentBy?: string;
  /** The first free `<step>#resend-<n>` key: decided once, so a retried resend goes under the same key. */
  resendKey: SentKey;
}

export interface ResendMailInput {
  original: SentKey;
  resendKey: SentKey;
  reason: string;
  operator: string;
}

export interface ResendMailResult {
  resendKey: SentKey;
  messageId: string;
  sentAt: string;
  status: SendMailResult['status'];
}

const RESEND = /#resend-\d+$/;

/** The mails of a workflow that `step` and `to` name: the step itself, or its sub-steps (`<step>#request#…`). */
export function matchingMails(mails: SentEntry[], step: string, to: string): SentEntry[] {
  const recipient = to.trim().toLowerCase();
  return mails.filter(
    (m) => m.key.recipient.toLowerCase() === recipient && (m.key.step === step || m.key.step.startsWith(`${step}#`)),
  );
}

export function createResendMailActivities(deps: ResendMailDeps) {
  return {
    /**
     * Finds the mail to send again (the latest original, else the latest resend, for the step and recipient) and the
     * next free resend key. Side effects: none (reads the sent-log). Retries: transient I/O retries; a mail not in the
     * sent-log, or sent before messages were kept, fails non-retryable with the operator's message.
     */
    async findMailToResend(input: FindMailInput): Promise<MailToResend> {
      const matching = matchingMails(await deps.sentLog.list(input.workflowId), input.step, input.to);
      const chosen = matching.filter((m) => !RESEND.test(m.key.step)).at(-1) ?? matching.at(-1);
      if (!chosen) {
        throw ApplicationFailure.nonRetryable(
          `${input.workflowId} sent no mail for step "${input.step}" to ${input.to} (see --list)`,
          MailFailure.MailNotFound,
        );
      }
      if (!chosen.record.message) {
        throw ApplicationFailure.nonRetryable(
          `the mail for step "${chosen.key.step}" to ${input.to} was sent before messages were kept; it cannot be re-sent`,
          MailFailure.MailNotFound,
        );
      }
      let n = 1;
      while (await deps.sentLog.get({ ...chosen.key, step: `${chosen.key.step}#resend-${n}` })) n++;
      return {
        original: chosen.key,
        originalMessageId: chosen.record.messageId,
        subject: chosen.record.subject,
        ...(chosen.record.sentBy ? { sentBy: chosen.record.sentBy } : {}),
        resendKey: { ...chosen.key, step: `${chosen.key.step}#resend-${n}` },
      };
    },

    /**
     * Sends the kept message of `original` again under `resendKey`, then writes `mail.resend` with the operator's
     * reason to the audit log. Side effects: one SMTP transaction (through sendMail), one sent-log record, one audit
     * entry. Idempotency: sendMail's sent-log per `resendKey` (a retry finds it sent) and the audit entry's event id.
     * Retries: as sendMail's.
     */
    async resendMail(input: ResendMailInput): Promise<ResendMailResult> {
      const original = await deps.sentLog.get(input.original);
      if (!original?.message) {
        throw ApplicationFailure.nonRetryable(
          `no kept message for mail ${input.original.workflowId}/${input.original.step} to ${input.original.recipient}`,
          MailFailure.MailNotFound,
        );
      }
      const stored = await deps.messages.getJson<StoredMessage>(original.message);
      const headers = { ...stored.headers, 'X-Aftersales-Resend-Of': original.messageId };
      const sent = await deps.sendMail({ ...stored, key: input.resendKey, headers });
      await deps.audit.record({
        actor: input.operator,
        action: 'mail.resend',
        target: `${input.original.workflowId}/${input.original.step}/${input.original.recipient}`,
        eventId: `mail.resend/${sentKeyHash(input.resendKey)}`,
        detail: {
          reason: input.reason,
          workflowId: input.original.workflowId,
          ...(original.sentBy ? { activityType: original.sentBy } : {}),
          originalStep: input.original.step,
          resendStep: input.resendKey.step,
          originalMessageId: original.messageId,
          messageId: sent.messageId,
        },
      });
      return { resendKey: input.resendKey, messageId: sent.messageId, sentAt: sent.sentAt, status: sent.status };
    },
  };
}

export type ResendMailActivities = ReturnType<typeof createResendMailActivities>;
