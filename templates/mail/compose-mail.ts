// Pure string building (no Node builtins, no I/O): usable from activities and, if ever needed, workflows.
import { DateTime } from 'luxon';

export type MailLocale = 'zh-CN' | 'en';

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

/** A mail template: one file exporting one of these, plus one line in registry.ts. */
export interface MailTemplate<V> {
  render(vars: V, locale: MailLocale): RenderedMail;
}

/** "label: value" rows of a summary table, or plain lines. */
export type SummaryLine = string | { label: string; value: string };

export type MailBlock =
  | { kind: 'paragraph'; text: string }
  | { kind: 'summary'; lines: SummaryLine[] }
  | { kind: 'button'; label: string; url: string }
  | { kind: 'note'; text: string };

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Only absolute http(s) links go into a button: no javascript:, data: or relative URLs from variables. */
export function safeUrl(url: string, field: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`Mail template variable "${field}" is not an absolute URL: ${JSON.stringify(url)}`);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new Error(`Mail template variable "${field}" must be an http(s) URL: ${JSON.stringify(url)}`);
  }
  return parsed.toString();
}

/** A subject is one line whatever the variables hold (a spreadsheet cell may contain a line break). */
export function oneLine(s: string): string {
  return s.replace(/\s+/gu, ' ').trim();
}

/** Formats an ISO time for people in `timeZone`, e.g. "2026-12-05 18:00 (Asia/Shanghai)". */
export function formatTime(iso: string, timeZone: string, field: string): string {
  const t = DateTime.fromISO(iso, { zone: timeZone });
  if (!t.isValid) throw new Error(`Mail template variable "${field}" is not an ISO date-time: ${JSON.stringify(iso)}`);
  return `${t.toFormat('yyyy-MM-dd HH:mm')} (${timeZone})`;
}

export function requireText(value: unknown, field: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new Error(`Mail template variable "${field}" must be a non-empty string`);
  }
  return value;
}

const FONT = "font-family:'PingFang SC','Microsoft YaHei','Noto Sans CJK SC',Arial,sans-serif";

/** Renders the same blocks as plain text and as simple, inline-styled HTML with every variable escaped. */
export function composeMail(locale: MailLocale, subject: string, blocks: MailBlock[]): RenderedMail {
  const text: string[] = [];
  const html: string[] = [];
  for (const b of blocks) {
    switch (b.kind) {
      case 'paragraph':
        text.push(b.text);
        html.push(`<p style="margin:0 0 14px">${escapeHtml(b.text).replace(/\n/g, '<br>')}</p>`);
        break;
      case 'note':
        text.push(b.text);
        html.push(
          `<p style="margin:18px 0 0;color:#777;font-size:12px">${escapeHtml(b.text).replace(/\n/g, '<br>')}</p>`,
        );
        break;
      case 'summary': {
        if (b.lines.length === 0) break;
        text.push(b.lines.map((l) => (typeof l === 'string' ? `  • ${l}` : `  • ${l.label}: ${l.value}`)).join('\n'));
        const rows = b.lines.map((l) =>
          typeof l === 'string'
            ? `<tr><td colspan="2" style="padding:4px 8px;border-bottom:1px solid #eee">${escapeHtml(l)}</td></tr>`
            : `<tr><td style="padding:4px 8px;border-bottom:1px solid #eee;color:#555;white-space:nowrap">${escapeHtml(l.label)}</td>` +
              `<td style="padding:4px 8px;border-bottom:1px solid #eee">${escapeHtml(l.value)}</td></tr>`,
        );
        html.push(
          `<table role="presentation" style="border-collapse:collapse;margin:0 0 16px">${rows.join('')}</table>`,
        );
        break;
      }
      case 'button':
        text.push(`${b.label}: ${b.url}`);
        html.push(
          `<p style="margin:8px 0 18px"><a href="${escapeHtml(b.url)}" style="display:inline-block;padding:10px 22px;` +
            `background:#1f6feb;color:#fff;text-decoration:none;border-radius:4px">${escapeHtml(b.label)}</a></p>` +
            `<p style="margin:0 0 14px;color:#777;font-size:12px">${escapeHtml(b.url)}</p>`,
        );
        break;
    }
  }
  return {
    subject: oneLine(subject),
    text: `${text.join('\n\n')}\n`,
    html:
      `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(oneLine(subject))}</title></head>` +
      `<body style="margin:0;padding:24px;${FONT};font-size:14px;line-height:1.6;color:#222">${html.join('\n')}</body></html>`,
  };
}
