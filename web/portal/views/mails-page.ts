import type { PortalMessages } from '../portal-messages';
import { formatTime } from './format';
import { type Html, html } from './html';

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
        : html`<table class="docs" id="possibly-duplicated">
            <thead>
              <tr>
                <th>${m.mailStatus}</th>
                <th>${m.resentAt}</th>
                <th>${m.firstAttemptAt}</th>
                <th>${m.recipient}</th>
                <th>${m.subject}</th>
                <th>Message-ID</th>
                <th>${m.workflow}</th>
              </tr>
            </thead>
            <tbody>
              ${rows.map(
                (r) =>
                  html`<tr data-message-id="${r.messageId}">
                    <td data-label="${m.mailStatus}"><span class="tag bad">${m.possiblyDuplicated}</span></td>
                    <td data-label="${m.resentAt}">${time(r.at)}</td>
                    <td data-label="${m.firstAttemptAt}">${time(r.firstAttemptAt)}</td>
                    <td data-label="${m.recipient}">${r.recipient}</td>
                    <td data-label="${m.subject}">${r.subject}</td>
                    <td data-label="Message-ID"><code>${r.messageId}</code></td>
                    <td data-label="${m.workflow}">
                      <span class="muted">${r.workflowId}${r.step ? ` · ${r.step}` : ''}</span>
                    </td>
                  </tr>`,
              )}
            </tbody>
          </table>`
    }`;
}
