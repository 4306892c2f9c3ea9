import { html } from 'hono/html';
import type { FormField, StepView } from '../../workflows/lib/decision-types';
import { CSRF_FIELD } from '../csrf';
import type { DocumentFormat } from '../document-response';
import { actionLabel, formatInstant, messages, type Lang, type Messages } from '../i18n';
import { layout, type Html } from './layout';

export interface StepPageInput {
  lang: Lang;
  step: StepView;
  /** The person the link is for, shown so a forwarded link is noticed. */
  recipient: string;
  /** `/a/<token>`; form posts here, previews live under it. */
  basePath: string;
  csrf: string;
  /** The step's documents as the person sees them (see describeAttachments). */
  attachments: Attachment[];
  /** Problems from a refused submission, shown above the form with the values kept. */
  errors?: string[];
  values?: { comment?: string; fields?: Record<string, string> };
}

/** One of the step's documents: a bare file name (never a server path), what it is, how it opens. */
export interface Attachment {
  docId: string;
  name: string;
  format: DocumentFormat;
  /** What the badge says: PDF, XLSX, or the file's extension. */
  badge: string;
}

function attachmentLink(a: Attachment, basePath: string, m: Messages, q: string): Html {
  const href = `${basePath}/doc/${encodeURIComponent(a.docId)}${q}`;
  const badge = html`<span class="badge ${a.format}">${a.badge}</span>`;
  // PDFs open in the browser's viewer; workbooks and other files are downloaded.
  return a.format === 'pdf'
    ? html`<a href="${href}" target="_blank" rel="noopener"
        >${badge} ${a.name} <span class="action">${m.preview}</span></a
      >`
    : html`<a href="${href}" download="${a.name}">${badge} ${a.name} <span class="action">${m.download}</span></a>`;
}

function fieldInput(f: FormField, m: Messages, value: string | undefined): Html {
  const id = `f-${f.name}`;
  const name = `field.${f.name}`;
  const req = f.required ? html` <span class="hint">(${m.required})</span>` : '';
  switch (f.type) {
    case 'select':
      return html`<label for="${id}">${f.label}${req}</label>
        <select id="${id}" name="${name}" ${f.required ? html` required` : ''}>
          <option value="">${m.pleaseChoose}</option>
          ${(f.options ?? []).map((o) => html`<option value="${o.value}" ${o.value === value ? html` selected` : ''}>${o.label}</option>`)}
        </select>`;
    case 'boolean':
      return html`<label
        ><input
          type="checkbox"
          name="${name}"
          value="true"
          ${value === 'true' ? html` checked` : ''}
        />${f.label}</label
      >`;
    case 'text':
      return html`<label for="${id}">${f.label}${req}</label>
        <textarea
          id="${id}"
          name="${name}"
          rows="3"
          maxlength="${f.maxLength ?? 2000}"
          ${f.required ? html` required` : ''}
        >
${value ?? ''}</textarea>`;
    default: {
      const type = f.type === 'date' ? 'date' : 'text';
      const mode = f.type === 'integer' ? 'numeric' : f.type === 'money' ? 'decimal' : 'text';
      return html`<label for="${id}">${f.label}${req}</label>
        <input
          id="${id}"
          name="${name}"
          type="${type}"
          inputmode="${mode}"
          value="${value ?? ''}"
          ${f.required ? html` required` : ''}
        />`;
    }
  }
}

function actionClass(action: string, index: number): string {
  if (['reject', 'dispute'].includes(action)) return 'negative';
  return index === 0 ? 'positive' : '';
}

/** The decision page: what is being decided (summary, key figures, PDFs) and the buttons. GET renders it; it never decides. */
export function stepPage(input: StepPageInput): Html {
  const { step, lang } = input;
  const m = messages(lang);
  const q = lang === 'en' ? '?lang=en' : '';
  const needsComment = step.actions.some((a) => step.commentRequiredFor.includes(a));
  const body = html`<h1>${step.title}</h1>
    <div class="card">
      <p class="meta">${m.decideAs}: <strong>${input.recipient}</strong></p>
      ${step.deadline ? html`<p class="meta">${m.deadline}: ${formatInstant(step.deadline)}</p>` : ''}
      <p class="notice">${m.notYouNote}</p>
    </div>
    ${
      step.summary.length
        ? html`<div class="card">
            <ul class="summary">
              ${step.summary.map((s) => html`<li>${s}</li>`)}
            </ul>
          </div>`
        : ''
    }
    ${
      step.figures.length
        ? html`<div class="card figures">
            ${step.figures.map(
              (f) =>
                html`<div class="figure">
                  <div class="label">${f.label}</div>
                  <div class="value">${f.value}</div>
                </div>`,
            )}
          </div>`
        : ''
    }
    ${
      input.attachments.length
        ? html`<div class="card docs">
            <p class="meta">${m.documents}</p>
            ${input.attachments.map((a) => attachmentLink(a, input.basePath, m, q))}
          </div>`
        : ''
    }
    ${
      input.errors?.length
        ? html`<div class="banner error" role="alert">
            <strong>${m.invalidInputTitle}</strong>
            <ul class="errors">
              ${input.errors.map((e) => html`<li>${e}</li>`)}
            </ul>
          </div>`
        : ''
    }
    <form class="card" method="post" action="${input.basePath}${q}">
      <input type="hidden" name="${CSRF_FIELD}" value="${input.csrf}" />
      ${step.form.map((f) => fieldInput(f, m, input.values?.fields?.[f.name]))}
      <label for="comment">${m.comment}</label>
      <textarea id="comment" name="comment" rows="3" maxlength="4000">${input.values?.comment ?? ''}</textarea>
      ${needsComment ? html`<p class="hint">${m.commentRequiredHint}</p>` : ''}
      <div class="buttons">
        ${step.actions.map(
          (a, i) =>
            html`<button type="submit" name="action" value="${a}" class="${actionClass(a, i)}">
              ${actionLabel(m, a, step.actionLabels)}
            </button>`,
        )}
      </div>
      <p class="notice">${m.scannerNote}</p>
    </form>`;
  return layout({
    lang,
    title: step.title,
    body,
    langHref: { zh: `${input.basePath}?lang=zh`, en: `${input.basePath}?lang=en` },
  });
}
