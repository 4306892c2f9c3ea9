import { ApplicationFailure } from '@temporalio/activity';
import { renderMail, type MailLocale, type MailTemplateVars } from '../../templates/mail';
import type { MailAddress, SendMailResult } from '../mail/send-mail';
import type { SentKey } from '../mail/sent-log';
import type { ReturnsActivityDeps } from './types';

export type ReturnMailTemplate =
  'return-receipt-reminder' | 'return-outcome' | 'return-register-problems' | 'supplier-claim-result';

export type ReturnMailInput = {
  [N in ReturnMailTemplate]: {
    template: N;
    vars: MailTemplateVars<N>;
    /** Sent-log key: workflow id + step + recipient; the same key never mails twice. */
    key: SentKey;
    to: MailAddress;
    cc?: MailAddress[];
    locale?: MailLocale;
    /** Archived documents to attach, by id. */
    attachments?: { docId: string; sha256?: string }[];
  };
}[ReturnMailTemplate];

export function createReturnMailActivities(deps: Pick<ReturnsActivityDeps, 'mail'>) {
  return {
    /**
     * Renders one of the returns mail templates and sends it through the mail activity.
     * Side effect: one email, at most once per `key` (sent-log). Retries: bad template variables fail
     * non-retryably; SMTP faults follow the mail activity's classification.
     */
    async sendReturnMail(input: ReturnMailInput): Promise<SendMailResult> {
      let rendered;
      try {
        rendered = renderMail(input.template, input.locale, input.vars as never);
      } catch (err) {
        throw ApplicationFailure.nonRetryable(
          `Mail ${input.template}: ${(err as Error).message}`,
          'InvalidMailTemplateVars',
        );
      }
      return deps.mail({
        key: input.key,
        to: input.to,
        ...(input.cc?.length ? { cc: input.cc } : {}),
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        ...(input.attachments?.length ? { attachments: input.attachments } : {}),
      });
    },
  };
}
