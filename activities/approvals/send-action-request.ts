import { ApplicationFailure } from '@temporalio/common';
import type { SendMailInput, SendMailResult } from '../mail/send-mail';
import { checkAddress, checkMailAddress } from '../mail/validate-mail-input';
import { renderMail, type MailLocale, type SummaryLine } from '../../templates/mail';
import { signActionToken, tokenFingerprint, type TokenKeys } from '../../lib/action-token';
import type { KeyFigure, NotifyEvent, StepKind } from '../../workflows/lib/decision-types';

/** One link mail for one person; built by the workflow from a Grant (see workflows/lib/notify-by-email.ts). */
export interface ActionRequestInput {
  workflowId: string;
  stepId: string;
  kind: StepKind;
  event: NotifyEvent;
  /** Bare e-mail address; the link is bound to it. */
  recipient: string;
  recipientName?: string;
  actions: string[];
  /** The grant's id; the workflow accepts a decision only with a jti it issued. */
  jti: string;
  /** Link expiry, epoch ms (the grant's). Falls back to `now + ttlDefaultMs`. */
  expiresAt?: number;
  locale?: MailLocale;
  title: string;
  summary: string[];
  figures?: KeyFigure[];
  /** Archived documents of the step; attached to the mail unless `attachDocs` is false. */
  docIds?: string[];
  attachDocs?: boolean;
  reminderNumber?: number;
  /** For escalations: who was asked first, since when (ISO). */
  originalRecipients?: string[];
  waitingSince?: string;
  requestedBy?: string;
}

/** Non-secret facts about the mail sent: the token itself never enters workflow history. */
export interface ActionRequestReceipt {
  tokenFingerprint: string;
  recipient: string;
  expiresAt: string;
  mailStatus: SendMailResult['status'];
  messageId: string;
}

export interface ApprovalActivityDeps {
  signer: TokenKeys;
  /** Where the web server is reachable from the recipients' phones, e.g. https://ops.example.com */
  publicBaseUrl: string;
  /** The mail activity's sendMail (called directly, inside this activity). */
  mail: (input: SendMailInput) => Promise<SendMailResult>;
  /** Link validity when the input carries no expiry (default 14 days). */
  ttlDefaultMs?: number;
  senderName?: string;
  timeZone?: string;
  now?: () => number;
}

export function createApprovalActivities(deps: ApprovalActivityDeps) {
  const base = deps.publicBaseUrl.replace(/\/+$/, '');
  const ttl = deps.ttlDefaultMs ?? 14 * 24 * 3600 * 1000;
  const now = deps.now ?? Date.now;
  if (!/^https?:\/\/[^\s/]+/.test(base))
    throw new Error(`publicBaseUrl must be an http(s) URL, got ${JSON.stringify(base)}`);

  return {
    /**
     * Signs a link for one grant and mails it (request, reminder or escalation).
     *
     * Side effects: one email through `deps.mail`. Idempotency: the mail key is (workflow, step#event#jti,
     * recipient) and jtis are unique per grant, so a retried activity never sends a second mail, while each
     * reminder is a mail of its own; the token is deterministic for the same input. Retries: a malformed
     * recipient, name or template variable fails nonRetryable (a header injection attempt is one); SMTP
     * failures follow the mail activity's classification.
     */
    async sendActionRequest(input: ActionRequestInput): Promise<ActionRequestReceipt> {
      const recipient = checkAddress(String(input.recipient ?? '').trim(), 'recipient').toLowerCase();
      const to = input.recipientName
        ? checkMailAddress({ name: input.recipientName, address: recipient }, 'recipient')
        : recipient;
      if (!input.jti || !input.workflowId || !input.stepId || !input.actions?.length) {
        throw ApplicationFailure.nonRetryable(
          'sendActionRequest: workflowId, stepId, jti and actions are required',
          'InvalidActionRequest',
        );
      }
      const expiresAt = input.expiresAt ?? now() + ttl;
      const locale: MailLocale = input.locale === 'en' ? 'en' : 'zh-CN';
      const token = signActionToken(
        {
          workflowId: input.workflowId,
          stepId: input.stepId,
          actions: input.actions,
          recipient,
          expiresAt,
          jti: input.jti,
          locale,
        },
        deps.signer,
      );
      const summaryLines: SummaryLine[] = [
        ...input.summary,
        ...(input.figures ?? []).map((f) => ({ label: f.label, value: f.value })),
      ];
      const vars = {
        title: input.title,
        summaryLines,
        actionUrl: `${base}/a/${token}`,
        expiresAt: new Date(expiresAt).toISOString(),
        ...(input.recipientName ? { recipientName: input.recipientName } : {}),
        ...(input.requestedBy ? { requestedBy: input.requestedBy } : {}),
        ...(deps.senderName ? { senderName: deps.senderName } : {}),
        ...(deps.timeZone ? { timeZone: deps.timeZone } : {}),
      };
      let rendered;
      try {
        rendered =
          input.event === 'reminder'
            ? renderMail('reminder', locale, {
                ...vars,
                ...(input.reminderNumber ? { reminderNumber: input.reminderNumber } : {}),
              })
            : input.event === 'escalation'
              ? renderMail('escalation', locale, {
                  ...vars,
                  ...(input.originalRecipients?.length
                    ? { originalRecipient: input.originalRecipients.join(', ') }
                    : {}),
                  ...(input.waitingSince ? { waitingSince: input.waitingSince } : {}),
                })
              : renderMail('action-request', locale, vars);
      } catch (err) {
        throw ApplicationFailure.nonRetryable(
          `Action mail for step "${input.stepId}": ${(err as Error).message}`,
          'InvalidActionRequest',
        );
      }
      const attach = input.attachDocs !== false ? (input.docIds ?? []) : [];
      const sent = await deps.mail({
        key: { workflowId: input.workflowId, step: `${input.stepId}#${input.event}#${input.jti}`, recipient },
        to,
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        ...(attach.length ? { attachments: attach.map((docId) => ({ docId })) } : {}),
      });
      return {
        tokenFingerprint: tokenFingerprint(token),
        recipient,
        expiresAt: new Date(expiresAt).toISOString(),
        mailStatus: sent.status,
        messageId: sent.messageId,
      };
    },
  };
}

export type ApprovalActivities = ReturnType<typeof createApprovalActivities>;
