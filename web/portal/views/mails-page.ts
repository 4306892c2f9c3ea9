import type { PortalMessages } from '../portal-messages';
import { formatTime } from './format';
import { type Html, html } from './html';
import { portalTable } from './list-page';

/** One mail the system sent again after an attempt whose outcome SMTP could not tell (from the audit log). */
export interface PossiblyDuplicatedMailRow {
  /** When the retry found the unfinished attempt and sent again (the audit event's time). */
  at: string;
  firstAttemptAt: string;
  workflowId: string;
  step: string;
  recipient: string;
  subject: string;
  messageId: string;
}

export function mailsBody(m: PortalMessages, tz: string, rows: PossiblyDuplicatedMailRow[]): Html {
  const time = (iso: string) => (iso ? formatTime(iso, tz) : '');
  return html`<h1>${m.mailsTitle}</h1>
    <div class="card msg info">${m.mailsIntro}</div>
    <p class="muted">${m.mailsTotal(rows.length)}</p>
    ${
      rows.length === 0
        ? html`<div class="card" id="mails-none">${m.noPossiblyDuplicated}</div>`
        : portalTable<PossiblyDuplicatedMailRow>(
            [
              { header: m.mailStatus, cell: () => html`<span class="tag bad">${m.possiblyDuplicated}</span>` },
              { header: m.resentAt, cell: (r) => time(r.at) },
              { header: m.firstAttemptAt, cell: (r) => time(r.firstAttemptAt) },
              { header: m.recipient, cell: (r) => r.recipient },
              { header: m.subject, cell: (r) => r.subject },
              { header: 'Message-ID', cell: (r) => html`<code>${r.messageId}</code>` },
              {
                header: m.workflow,
                cell: (r) => html`<span class="muted">${r.workflowId}${r.step ? ` · ${r.step}` : ''}</span>`,
              },
            ],
            rows,
            { id: 'possibly-duplicated', rowAttrs: (r) => html` data-message-id="${r.messageId}"` },
          )
    }`;
}
