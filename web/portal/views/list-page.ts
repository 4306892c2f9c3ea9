import type { ArchiveEntry, ArchiveFilter } from '../../../activities/archive/archive-store';
import type { PortalMessages } from '../portal-messages';
import { formatSize, formatTime, kindLabel } from './format';
import { type Html, home, html } from './html';

export interface ListView {
  m: PortalMessages;
  base: string;
  tz: string;
  filter: ArchiveFilter;
  facets: { periods: string[]; workflowIds: string[]; kinds: string[]; dealerIds: string[] };
  rows: ArchiveEntry[];
  total: number;
  page: number;
  pages: number;
}

const options = (values: string[], selected: string | undefined, label: (v: string) => string = (v) => v) =>
  values.map((v) => html`<option value="${v}" ${v === selected ? 'selected' : ''}>${label(v)}</option>`);

export function listBody(v: ListView): Html {
  const { m, base, filter: f } = v;
  const query = (page: number) =>
    `${home(base)}?${new URLSearchParams({ ...(f as Record<string, string>), page: String(page) }).toString()}`;
  return html`<h1>${m.archive}</h1>
    <form class="card filters" method="get" action="${home(base)}">
      <div>
        <label for="period">${m.period}</label>
        <select id="period" name="period">
          <option value="">${m.all}</option>
          ${options(v.facets.periods, f.period)}
        </select>
      </div>
      <div>
        <label for="kind">${m.kind}</label>
        <select id="kind" name="kind">
          <option value="">${m.all}</option>
          ${options(v.facets.kinds, f.kind, (k) => kindLabel(m, k))}
        </select>
      </div>
      <div>
        <label for="workflowId">${m.workflow}</label>
        <input id="workflowId" name="workflowId" list="workflow-ids" value="${f.workflowId ?? ''}" />
        <datalist id="workflow-ids">${options(v.facets.workflowIds.slice(0, 500), undefined)}</datalist>
      </div>
      <div>
        <label for="dealerId">${m.dealer}</label>
        <input id="dealerId" name="dealerId" list="dealer-ids" value="${f.dealerId ?? ''}" />
        <datalist id="dealer-ids">${options(v.facets.dealerIds.slice(0, 500), undefined)}</datalist>
      </div>
      <div><label for="text">${m.search}</label><input id="text" name="text" value="${f.text ?? ''}" /></div>
      <div class="actions">
        <button type="submit">${m.apply}</button><a class="btn secondary" href="${home(base)}">${m.reset}</a>
      </div>
    </form>
    <p class="muted">${m.total(v.total)}</p>
    ${v.rows.length === 0 ? html`<div class="card">${m.noDocuments}</div>` : table(v)}
    ${
      v.pages > 1
        ? html`<div class="pager">
            ${v.page > 1 ? html`<a href="${query(v.page - 1)}">${m.prev}</a>` : ''}
            <span>${m.page(v.page, v.pages)}</span>
            ${v.page < v.pages ? html`<a href="${query(v.page + 1)}">${m.next}</a>` : ''}
          </div>`
        : ''
    }`;
}

function table(v: ListView): Html {
  const { m, base } = v;
  return html`<table class="docs">
    <thead>
      <tr>
        <th>${m.createdAt}</th>
        <th>${m.period}</th>
        <th>${m.kind}</th>
        <th>${m.file}</th>
        <th>${m.dealer}</th>
        <th>${m.workflow}</th>
        <th class="num">${m.size}</th>
        <th>${m.sha256}</th>
        <th></th>
      </tr>
    </thead>
    <tbody>
      ${v.rows.map(
        (e) =>
          html`<tr>
            <td data-label="${m.createdAt}">${formatTime(e.createdAt, v.tz)}</td>
            <td data-label="${m.period}">${e.period}</td>
            <td data-label="${m.kind}">${kindLabel(m, e.kind)}</td>
            <td data-label="${m.file}">
              <div>
                <a href="${base}/documents/${e.docId}">${e.title ?? e.fileName}</a>
                ${e.title ? html`<div class="muted">${e.fileName}${e.version > 1 ? ` · v${e.version}` : ''}</div>` : ''}
              </div>
            </td>
            <td data-label="${m.dealer}">${e.dealerId ?? ''}</td>
            <td data-label="${m.workflow}"><span class="muted">${e.workflowId}</span></td>
            <td data-label="${m.size}" class="num">${formatSize(e.size)}</td>
            <td data-label="${m.sha256}"><code title="${e.sha256}">${e.sha256.slice(0, 16)}…</code></td>
            <td data-label=""><a class="btn" href="${base}/documents/${e.docId}/download">${m.download}</a></td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}
