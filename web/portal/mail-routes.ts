import type { Hono } from 'hono';
import { POSSIBLY_DUPLICATED } from '../../activities/mail/possible-duplicate';
import { type Portal, type PortalEnv, chrome, textOf } from './portal-context';
import { layout } from './views/layout';
import { type PossiblyDuplicatedMailRow, mailsBody } from './views/mails-page';

const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Read-only page of the mails that may have arrived twice: an attempt handed a mail to SMTP and never learnt the
 * answer (a killed worker, a connection lost after DATA), so a retry sent it again with the same Message-ID and
 * wrote `mail.possibly-duplicated` to the audit log. Newest first; SMTP gives no way to settle it afterwards.
 */
export function registerMailRoutes(app: Hono<PortalEnv>, portal: Portal): void {
  app.get('/mails', async (c) => {
    const m = textOf(c);
    const rows: PossiblyDuplicatedMailRow[] = (await portal.deps.audit.list({ action: POSSIBLY_DUPLICATED })).map(
      (e) => {
        const d = e.detail ?? {};
        return {
          at: e.at,
          firstAttemptAt: str(d.firstAttemptAt),
          workflowId: str(d.workflowId) || e.target,
          step: str(d.step),
          recipient: str(d.recipient),
          subject: str(d.subject),
          messageId: str(d.messageId),
        };
      },
    );
    return c.html(layout(chrome(portal, c, m.mailsTitle, 'mails'), mailsBody(m, portal.tz, rows)));
  });
}
