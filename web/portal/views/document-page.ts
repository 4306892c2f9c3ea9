import type { ArchiveEntry } from '../../../activities/archive/archive-store';
import type { PortalMessages } from '../portal-messages';
import { formatSize, formatTime, kindLabel } from './format';
import { type Html, home, html } from './html';

export function documentBody(
  m: PortalMessages,
  base: string,
  tz: string,
  e: ArchiveEntry,
  versions: ArchiveEntry[],
): Html {
  const row = (label: string, value: Html | string | undefined) =>
    value === undefined || value === ''
      ? ''
      : html`<dt>${label}</dt>
          <dd>${value}</dd>`;
  return html`<p><a href="${home(base)}">← ${m.back}</a></p>
    <h1>${e.title ?? e.fileName}</h1>
    <div class="card">
      <dl>
        ${row(m.file, e.fileName)} ${row(m.docId, html`<code>${e.docId}</code>`)} ${row(m.kind, kindLabel(m, e.kind))}
        ${row(m.period, e.period)} ${row(m.createdAt, formatTime(e.createdAt, tz))}
        ${row(m.workflow, html`<code>${e.workflowId}</code>`)} ${row(m.runId, html`<code>${e.runId}</code>`)}
        ${row(m.dealer, e.dealerId)} ${row(m.warehouse, e.warehouse)} ${row(m.department, e.department)}
        ${row(m.recipients, e.recipients.join(', '))} ${row(m.version, String(e.version))}
        ${row(m.size, `${formatSize(e.size)} (${e.size} B)`)}
        ${row(m.recordedSha, html`<code class="hash" id="sha256">${e.sha256}</code>`)} ${row(m.seq, String(e.seq))}
        ${row(m.entryHash, html`<code class="hash">${e.entryHash}</code>`)}
      </dl>
      <p>
        <a class="btn" href="${base}/documents/${e.docId}/download">${m.download}</a>
        <a class="btn secondary" href="${base}/verify-file">${m.verifyFile}</a>
      </p>
    </div>
    ${
      versions.length > 1
        ? html`<div class="card">
            <strong>${m.version}</strong>
            <ul>
              ${versions.map(
                (x) =>
                  html`<li>
                    <a href="${base}/documents/${x.docId}">v${x.version}</a> · ${formatTime(x.createdAt, tz)} ·
                    <code>${x.sha256.slice(0, 16)}…</code>
                  </li>`,
              )}
            </ul>
          </div>`
        : ''
    }`;
}
