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

/** One column of a portal table: its header, which each of its cells repeats as data-label for the narrow layout. */
export interface PortalColumn<R> {
  header: string;
  cell: (r: R) => Html | string;
  /** A figure: right-aligned. */
  num?: boolean;
}

/**
 * The portal's table (the archive list, the possibly-duplicated mails): a header row, then a row per record whose
 * cells carry their column's header as data-label, which the narrow layout prints beside each value.
 */
export function portalTable<R>(
  columns: PortalColumn<R>[],
  rows: readonly R[],
  /** `rowAttrs`: a row's own attributes, each with its leading space (` data-message-id="…"`). */
  o: { id?: string; rowAttrs?: (r: R) => Html } = {},
): Html {
  // Whole attribute lists, so an absent one leaves no stray space in the markup.
  const tableAttrs = o.id ? html`class="docs" id="${o.id}"` : html`class="docs"`;
  const cellAttrs = (c: PortalColumn<R>) =>
    c.num ? html`data-label="${c.header}" class="num"` : html`data-label="${c.header}"`;
  return html`<table ${tableAttrs}>
    <thead>
      <tr>
        ${columns.map((c) => (c.num ? html`<th class="num">${c.header}</th>` : html`<th>${c.header}</th>`))}
      </tr>
    </thead>
    <tbody>
      ${rows.map(
        (r) =>
          html`<tr${o.rowAttrs?.(r) ?? ''}>
            ${columns.map((c) => html`<td ${cellAttrs(c)}>${c.cell(r)}</td>`)}
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function table(v: ListView): Html {
  const { m, base } = v;
  return portalTable<ArchiveEntry>(
    [
      { header: m.createdAt, cell: (e) => formatTime(e.createdAt, v.tz) },
      { header: m.period, cell: (e) => e.period },
      { header: m.kind, cell: (e) => kindLabel(m, e.kind) },
      {
        header: m.file,
        cell: (e) =>
          html`<div>
            <a href="${base}/documents/${e.docId}">${e.title ?? e.fileName}</a>
            ${e.title ? html`<div class="muted">${e.fileName}${e.version > 1 ? ` · v${e.version}` : ''}</div>` : ''}
          </div>`,
      },
      { header: m.dealer, cell: (e) => e.dealerId ?? '' },
      { header: m.workflow, cell: (e) => html`<span class="muted">${e.workflowId}</span>` },
      { header: m.size, cell: (e) => formatSize(e.size), num: true },
      { header: m.sha256, cell: (e) => html`<code title="${e.sha256}">${e.sha256.slice(0, 16)}…</code>` },
      { header: '', cell: (e) => html`<a class="btn" href="${base}/documents/${e.docId}/download">${m.download}</a>` },
    ],
    v.rows,
  );
}
