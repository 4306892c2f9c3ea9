import { formatFen } from '../../domain/money';
import { signActionToken } from '../../lib/action-token';
import { renderMail } from '../../templates/mail';
import type { SendMailResult } from '../mail/send-mail';
import type { DunningMailDeps, StatementMailInput } from './dunning-mail-activities';

/** The statement's sent-log key: dealer + period + statement content, not the run (see dunning-mail-activities.ts). */
export const statementMailKey = (dealerId: string, period: string, statementKey: string, email: string) => ({
  workflowId: `dunning-statement-${dealerId}`,
  step: `${period}-${statementKey}`,
  recipient: email,
});

/**
 * Mails the statement PDF with a signed confirm/dispute link bound to the dealer's address and this grant.
 * Idempotent per dealer + period + statement content (see module doc). Retries: SMTP faults as sendMail.
 */
export function makeSendStatementMail(deps: DunningMailDeps) {
  const base = deps.publicBaseUrl.replace(/\/+$/, '');
  return async function sendStatementMail(input: StatementMailInput): Promise<SendMailResult> {
    const recipient = input.email.trim().toLowerCase();
    const token = signActionToken(
      {
        workflowId: input.workflowId,
        stepId: input.stepId,
        actions: ['confirm', 'dispute'],
        recipient,
        expiresAt: input.expiresAt,
        jti: input.jti,
        locale: input.locale,
      },
      deps.signer,
    );
    const zh = input.locale === 'zh-CN';
    const rendered = renderMail('dunning-statement', input.locale, {
      dealerName: input.dealerName,
      period: input.period,
      summaryLines: [
        { label: zh ? '期末余额（元）' : 'Closing balance (CNY)', value: formatFen(input.closingFen) },
        { label: zh ? '其中逾期（元）' : 'Of which overdue (CNY)', value: formatFen(input.overdueFen) },
      ],
      actionUrl: `${base}/a/${token}`,
      expiresAt: new Date(input.expiresAt).toISOString(),
      attachmentName: input.fileName,
      ...(deps.timeZone ? { timeZone: deps.timeZone } : {}),
      ...(deps.senderName ? { senderName: deps.senderName } : {}),
    });
    return deps.mail({
      key: statementMailKey(input.dealerId, input.period, input.statementKey, recipient),
      to: { name: input.dealerName, address: recipient },
      subject: rendered.subject,
      text: rendered.text,
      html: rendered.html,
      attachments: [{ docId: input.docId }],
    });
  };
}
