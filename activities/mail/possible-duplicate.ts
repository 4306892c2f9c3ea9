import type { AuditLog } from '../archive/audit-log';
import type { PossibleDuplicate } from './send-mail';
import { sentKeyHash } from './sent-log';

/** The audit action of a mail sent again after an attempt with an unknown outcome. */
export const POSSIBLY_DUPLICATED = 'mail.possibly-duplicated';

/**
 * Writes "this mail may have arrived twice" to the hash-chained audit log (once per mail key), so an auditor and
 * `status` see it: SMTP gives no way to ask whether an interrupted transaction was delivered.
 */
export async function recordPossibleDuplicate(audit: Pick<AuditLog, 'record'>, d: PossibleDuplicate): Promise<void> {
  await audit.record({
    actor: 'system',
    action: POSSIBLY_DUPLICATED,
    target: `${d.key.workflowId}/${d.key.step}`,
    eventId: `${POSSIBLY_DUPLICATED}:${sentKeyHash(d.key)}`,
    detail: {
      workflowId: d.key.workflowId,
      step: d.key.step,
      recipient: d.key.recipient,
      messageId: d.messageId,
      subject: d.subject,
      firstAttemptAt: d.firstAttemptAt,
    },
  });
}
