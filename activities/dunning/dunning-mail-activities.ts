/**
 * The two mails a dealer gets from the dunning run: the statement of account (with its confirm/dispute link) and
 * dunning letters. Both go through the platform's sendMail (sent-log, deterministic Message-ID) with keys that do
 * not depend on the workflow run, so a re-run of the month or next month's run never sends the same mail twice:
 *   statement: dealer + period + hash of the statement's content (a corrected statement is a new mail);
 *   letter:    dealer + level + hash of the documents it duns.
 */
import { ApplicationFailure } from '@temporalio/common';
import { formatFen } from '../../domain/money';
import { renderMail, type MailLocale } from '../../templates/mail';
import type { DunningMailTemplate } from '../../templates/mail/dunning-letter';
import type { TokenKeys } from '../../lib/action-token';
import type { SendMailInput, SendMailResult } from '../mail/send-mail';
import { makeSendStatementMail } from './send-statement-mail';

export { statementMailKey } from './send-statement-mail';

export interface DunningMailDeps {
  mail: (input: SendMailInput) => Promise<SendMailResult>;
  signer: TokenKeys;
  publicBaseUrl: string;
  timeZone?: string;
  senderName?: string;
}

export interface StatementMailInput {
  workflowId: string;
  stepId: string;
  jti: string;
  expiresAt: number;
  dealerId: string;
  dealerName: string;
  email: string;
  period: string;
  statementKey: string;
  docId: string;
  fileName: string;
  closingFen: number;
  overdueFen: number;
  locale: MailLocale;
}

export interface LetterMailInput {
  dealerId: string;
  dealerName: string;
  email: string;
  letterKey: string;
  /** The number printed on the letter (CK-2026-11-D0042-01). */
  letterNo: string;
  /** Letters sent before about the same documents (the mail's wording, like the letter's). */
  priorLetters: number;
  level: number;
  template: string;
  overdueFen: number;
  docId: string;
  fileName: string;
  locale: MailLocale;
  payWithinDays?: number;
}

export interface ReportMailInput {
  workflowId: string;
  step: string;
  to: { name: string; email: string };
  title: string;
  period: string;
  summaryLines: { label: string; value: string }[];
  docs: { docId: string; fileName: string; sha256: string }[];
  locale: MailLocale;
}

export const letterMailKey = (dealerId: string, letterKey: string, email: string) => ({
  workflowId: `dunning-letter-${dealerId}`,
  step: letterKey,
  recipient: email,
});

const LETTER_TEMPLATES: readonly string[] = ['dunning-reminder', 'dunning-second', 'dunning-final'];

export function createDunningMailActivities(deps: DunningMailDeps) {
  return {
    /**
     * Mails a report of the run (finance summary, problem report) to one person, documents attached by id.
     * Idempotent per workflow id + step + recipient (platform sent-log).
     */
    async sendDunningReportMail(input: ReportMailInput): Promise<SendMailResult> {
      const first = input.docs[0];
      const rendered = renderMail('report-delivery', input.locale, {
        recipientName: input.to.name,
        title: input.title,
        period: input.period,
        summaryLines: input.summaryLines,
        attachmentNames: input.docs.map((d) => d.fileName),
        ...(first ? { documentId: first.docId, sha256: first.sha256 } : {}),
        ...(deps.senderName ? { senderName: deps.senderName } : {}),
      });
      return deps.mail({
        key: { workflowId: input.workflowId, step: input.step, recipient: input.to.email },
        to: { name: input.to.name, address: input.to.email },
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        attachments: input.docs.map((d) => ({ docId: d.docId, sha256: d.sha256 })),
      });
    },

    sendStatementMail: makeSendStatementMail(deps),

    /**
     * Mails one dunning letter (PDF attached), worded by the level's template and the locale. Idempotent per
     * dealer + level + documents. Retries: an unknown template is permanent; SMTP faults as sendMail.
     */
    async sendDunningLetter(
      input: LetterMailInput,
    ): Promise<SendMailResult & Pick<LetterMailInput, 'letterNo' | 'level' | 'docId'>> {
      if (!LETTER_TEMPLATES.includes(input.template)) {
        throw ApplicationFailure.nonRetryable(
          `dunning level template "${input.template}" is unknown (known: ${LETTER_TEMPLATES.join(', ')})`,
          'UnknownDunningTemplate',
        );
      }
      const recipient = input.email.trim().toLowerCase();
      const rendered = renderMail('dunning-letter', input.locale, {
        template: input.template as DunningMailTemplate,
        dealerName: input.dealerName,
        level: input.level,
        letterNo: input.letterNo,
        priorLetters: input.priorLetters,
        overdue: formatFen(input.overdueFen),
        payWithinDays: input.payWithinDays ?? 7,
        attachmentName: input.fileName,
        ...(deps.senderName ? { senderName: deps.senderName } : {}),
      });
      const sent = await deps.mail({
        key: letterMailKey(input.dealerId, input.letterKey, recipient),
        to: { name: input.dealerName, address: recipient },
        subject: rendered.subject,
        text: rendered.text,
        html: rendered.html,
        attachments: [{ docId: input.docId }],
      });
      // What went out, in the result too: a local activity's history marker keeps its result, not its input, and
      // the audit (cli/audit/check-dunning.ts) reads the letters sent from history.
      return { ...sent, letterNo: input.letterNo, level: input.level, docId: input.docId };
    },
  };
}
