import { ApplicationFailure } from '@temporalio/common';
import { renderMail, type MailLocale, type MailTemplateVars } from '../../templates/mail';
import type { MailAddress, SendMailInput, SendMailResult } from '../mail/send-mail';
import type { SentKey } from '../mail/sent-log';

export type IncidentMailTemplate = 'incident-alert' | 'incident-notice';

export type IncidentMailInput = {
  [N in IncidentMailTemplate]: {
    template: N;
    vars: MailTemplateVars<N>;
    /** Sent-log key: workflow id + step + recipient; the same key never mails twice. */
    key: SentKey;
    to: MailAddress;
    locale?: MailLocale;
    attachments?: { docId: string; sha256?: string }[];
  };
}[IncidentMailTemplate];

/**
 * Renders an incident mail template and sends it once per key through the platform's sendMail. Bad template
 * variables fail non-retryably; SMTP faults follow the mail activity's classification.
 */
export async function sendIncidentMail(
  mail: (input: SendMailInput) => Promise<SendMailResult>,
  input: IncidentMailInput,
): Promise<SendMailResult> {
  let rendered;
  try {
    rendered = renderMail(input.template, input.locale, input.vars as never);
  } catch (err) {
    throw ApplicationFailure.nonRetryable(
      `Mail ${input.template}: ${(err as Error).message}`,
      'InvalidMailTemplateVars',
    );
  }
  return mail({
    key: input.key,
    to: input.to,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    ...(input.attachments?.length ? { attachments: input.attachments } : {}),
  });
}
