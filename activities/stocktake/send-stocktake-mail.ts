/**
 * Renders a stocktake mail (report delivery or outcome notice) in the recipient's language and sends it through
 * the mail activity's sendMail, which keeps it to one delivery per key (workflow + step + recipient).
 */
import { ApplicationFailure } from '@temporalio/common';
import type { SendMailResult } from '../mail/send-mail';
import { renderMail, type MailTemplateVars } from '../../templates/mail';
import type { StocktakeActivityDeps } from './stocktake-deps';
import type { StocktakeLocale, StocktakePerson } from './types';

export type StocktakeMail =
  | { template: 'report-delivery'; vars: MailTemplateVars<'report-delivery'> }
  | { template: 'stocktake-notice'; vars: MailTemplateVars<'stocktake-notice'> };

export type SendStocktakeMailInput = StocktakeMail & {
  workflowId: string;
  step: string;
  to: StocktakePerson;
  locale?: StocktakeLocale;
  attachments?: { docId: string; sha256?: string }[];
};

export async function sendStocktakeMail(
  deps: StocktakeActivityDeps,
  input: SendStocktakeMailInput,
): Promise<SendMailResult> {
  let rendered;
  try {
    const vars = {
      ...input.vars,
      recipientName: input.to.name,
      ...(deps.senderName ? { senderName: deps.senderName } : {}),
    };
    rendered =
      input.template === 'report-delivery'
        ? renderMail('report-delivery', input.locale, vars as MailTemplateVars<'report-delivery'>)
        : renderMail('stocktake-notice', input.locale, vars as MailTemplateVars<'stocktake-notice'>);
  } catch (err) {
    throw ApplicationFailure.nonRetryable(`stocktake mail ${input.step}: ${(err as Error).message}`, 'InvalidMail');
  }
  return deps.mail({
    key: { workflowId: input.workflowId, step: input.step, recipient: input.to.email.toLowerCase() },
    to: { name: input.to.name, address: input.to.email },
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    ...(input.attachments?.length ? { attachments: input.attachments } : {}),
  });
}
