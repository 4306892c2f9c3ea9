import type { ArchiveEntry, ArchiveVerification } from '../../../activities/archive/archive-store';
import type { ChainVerification } from '../../../activities/archive/hash-chain';
import type { PortalMessages } from '../portal-messages';
import { formatTime, kindLabel } from './format';
import { type Html, html } from './html';

export function verifyChainBody(
  m: PortalMessages,
  base: string,
  csrf: string,
  result?: { archive: ArchiveVerification; audit: ChainVerification },
): Html {
  return html`<h1>${m.verifyChain}</h1>
    <div class="card">
      <p>${m.verifyChainIntro}</p>
      <form method="post" action="${base}/verify">
        <input type="hidden" name="_csrf" value="${csrf}" />
        <button type="submit">${m.runCheck}</button>
      </form>
    </div>
    ${result ? chainResult(m, result.archive, result.audit) : ''}`;
}

function chainResult(m: PortalMessages, a: ArchiveVerification, audit: ChainVerification): Html {
  return html`<div class="card" id="chain-result">
    <div class="msg ${a.ok ? 'ok' : 'bad'}" role="status">${a.ok ? m.chainOk : m.chainBad}</div>
    <dl>
      <dt>${m.entries}</dt>
      <dd>${a.entries}</dd>
      <dt>${m.filesChecked}</dt>
      <dd>${a.filesChecked}</dd>
      ${
        a.headHash
          ? html`<dt>${m.headHash}</dt>
              <dd><code class="hash">${a.headHash}</code></dd>`
          : ''
      }
      ${
        a.ok
          ? ''
          : html`<dt>${m.firstBad}</dt>
              <dd>${a.firstBadSeq ?? ''}</dd>
              <dt>${m.reason}</dt>
              <dd>${a.reason ?? ''}</dd>`
      }
      <dt>${m.auditChain}</dt>
      <dd class="${audit.ok ? '' : 'bad'}">${audit.ok ? `OK (${audit.entries})` : `${audit.reason ?? ''}`}</dd>
    </dl>
    ${a.orphanFiles.length > 0 ? html`<p class="msg info">${m.orphans(a.orphanFiles.length)}</p>` : ''}
  </div>`;
}

export interface FileCheck {
  sha256: string;
  fileName?: string;
  matches: ArchiveEntry[];
  sameName: ArchiveEntry[];
}

export function verifyFileBody(
  m: PortalMessages,
  base: string,
  tz: string,
  csrf: string,
  check?: FileCheck,
  error?: string,
): Html {
  return html`<h1>${m.verifyFile}</h1>
    <div class="card">
      <p>${m.verifyFileIntro}</p>
      ${error ? html`<div class="msg bad" role="alert">${error}</div>` : ''}
      <form method="post" action="${base}/verify-file" enctype="multipart/form-data">
        <input type="hidden" name="_csrf" value="${csrf}" />
        <div class="field"><label for="file">${m.chooseFile}</label><input id="file" name="file" type="file" /></div>
        <div class="field">
          <label for="sha256">${m.orSha}</label>
          <input id="sha256" name="sha256" pattern="[0-9a-fA-F]{64}" autocomplete="off" />
        </div>
        <button type="submit">${m.check}</button>
      </form>
    </div>
    ${check ? fileResult(m, base, tz, check) : ''}`;
}

function fileResult(m: PortalMessages, base: string, tz: string, c: FileCheck): Html {
  const verdict = c.matches.length > 0 ? 'matched' : c.sameName.length > 0 ? 'altered' : 'not-found';
  const text = { matched: m.fileMatched, altered: m.fileAltered, 'not-found': m.fileNotFound }[verdict];
  const list = (entries: ArchiveEntry[]) =>
    html`<ul>
      ${entries.map(
        (e) =>
          html`<li>
            <a href="${base}/documents/${e.docId}">${e.title ?? e.fileName}</a> · ${kindLabel(m, e.kind)} · ${e.period}
            · ${formatTime(e.createdAt, tz)}<br /><code class="hash">${e.sha256}</code>
          </li>`,
      )}
    </ul>`;
  return html`<div class="card" id="file-result" data-verdict="${verdict}">
    <div class="msg ${verdict === 'matched' ? 'ok' : 'bad'}" role="status">${text}</div>
    <dl>
      <dt>${m.uploadedSha}</dt>
      <dd><code class="hash">${c.sha256}</code></dd>
      ${
        c.fileName
          ? html`<dt>${m.file}</dt>
              <dd>${c.fileName}</dd>`
          : ''
      }
    </dl>
    ${list(c.matches.length > 0 ? c.matches : c.sameName)}
  </div>`;
}
