import { renderMail } from '../../templates/mail';
import type { SendMailInput, SendMailResult } from '../mail/send-mail';
import type { QualityMailInput } from './types';

export interface QualityMailDeps {
  mail: (input: SendMailInput) => Promise<SendMailResult>;
  senderName?: string;
}

/** The sent-log key of a department's mail: one per workflow (month), department and recipient. */
export const qualityMailKey = (workflowId: string, departmentId: string, recipient: string) => ({
  workflowId,
  step: `deliver-${departmentId}`,
  recipient: recipient.trim().toLowerCase(),
});

/**
 * Mails one department's final PDF to one of its recipients. Side effect: one email through the platform's
 * sendMail. Idempotent per (workflow, department, recipient): a retry, a replay or a second run of the month's
 * workflow id answers 'already-sent'. Retries: as sendMail (bad addresses and 5xx permanent, the rest retried).
 */
export async function sendQualityFeedbackMail(
  deps: QualityMailDeps,
  input: QualityMailInput & { approvedBy?: string },
): Promise<SendMailResult> {
  const rendered = renderMail('quality-feedback', input.locale, {
    departmentName: input.departmentName,
    period: input.period,
    highlights: input.highlights,
    attachmentName: input.document.fileName,
    documentId: input.document.docId,
    sha256: input.document.sha256,
    ...(input.approvedBy ? { approvedBy: input.approvedBy } : {}),
    ...((deps.senderName ?? input.company) ? { senderName: deps.senderName ?? input.company } : {}),
  });
  const key = qualityMailKey(input.workflowId, input.departmentId, input.recipient);
  return deps.mail({
    key,
    to: { name: input.departmentName, address: key.recipient },
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    attachments: [{ docId: input.document.docId, sha256: input.document.sha256 }],
  });
}
