import { DateTime } from 'luxon';
import type { Content, DynamicContent, Margins, TDocumentDefinitions } from 'pdfmake/interfaces';
import { type PdfLocale, pdfLabels } from './labels';
import { DEFAULT_TIME_ZONE, PAGE_MARGINS, RULE, defaultPdfStyle, pdfStyles } from './theme';

/*
 * The shared page layout: document shell, running header and footer. Templates import everything from
 * here (theme, content blocks and labels are re-exported) so all reports look alike.
 */

export { type PdfLocale, pdfLabels, byLocale } from './labels';
export * from './theme';
export * from './blocks';
export * from './record-table';

/** What every template receives besides its data. `generatedAt` is an ISO instant chosen by the workflow. */
export interface PdfContext {
  locale: PdfLocale;
  generatedAt: string;
  docId: string;
  timeZone?: string;
}

/** "2026-11-30 10:00:00 (Asia/Shanghai)"; throws RangeError on a value that is not an instant. */
export function formatGeneratedAt(generatedAt: string | Date, timeZone = DEFAULT_TIME_ZONE): string {
  const dt =
    typeof generatedAt === 'string'
      ? DateTime.fromISO(generatedAt, { setZone: true })
      : DateTime.fromJSDate(generatedAt);
  if (!dt.isValid) throw new RangeError(`generatedAt is not a valid ISO-8601 instant: ${String(generatedAt)}`);
  const local = dt.setZone(timeZone);
  if (!local.isValid) throw new RangeError(`unknown time zone: ${timeZone}`);
  return `${local.toFormat('yyyy-MM-dd HH:mm:ss')} (${timeZone})`;
}

/** Running header: document title left, generation time right, a hairline below. */
export function pageHeader(opts: { title: string; ctx: PdfContext }): DynamicContent {
  const L = pdfLabels(opts.ctx.locale);
  const stamp = `${L.generatedAt}${L.sep}${formatGeneratedAt(opts.ctx.generatedAt, opts.ctx.timeZone)}`;
  const [left, , right] = PAGE_MARGINS;
  return (_page, _pages, pageSize) => ({
    margin: [left, 24, right, 0] as Margins,
    stack: [
      {
        columns: [
          { text: opts.title, style: 'pageChrome', bold: true, width: '*' },
          { text: stamp, style: 'pageChrome', alignment: 'right', width: 'auto' },
        ],
      },
      {
        canvas: [
          { type: 'line', x1: 0, y1: 4, x2: pageSize.width - left - right, y2: 4, lineWidth: 0.5, lineColor: RULE },
        ],
      },
    ],
  });
}

/** Running footer: document id left, "第 x / y 页" right. */
export function pageFooter(ctx: PdfContext): DynamicContent {
  const L = pdfLabels(ctx.locale);
  const [left, , right] = PAGE_MARGINS;
  return (currentPage, pageCount) => ({
    margin: [left, 18, right, 0] as Margins,
    columns: [
      { text: `${L.docId}${L.sep}${ctx.docId}`, style: 'pageChrome', width: '*' },
      { text: L.page(currentPage, pageCount), style: 'pageChrome', alignment: 'right', width: 'auto' },
    ],
  });
}

/** The common document shell: A4, house styles, CJK default font, metadata title. */
export function baseDocument(opts: {
  ctx: PdfContext;
  title: string;
  content: Content[];
  pageOrientation?: 'portrait' | 'landscape';
}): TDocumentDefinitions {
  return {
    pageSize: 'A4',
    pageOrientation: opts.pageOrientation ?? 'portrait',
    pageMargins: PAGE_MARGINS,
    language: opts.ctx.locale,
    info: { title: opts.title },
    styles: pdfStyles,
    defaultStyle: defaultPdfStyle,
    content: opts.content,
  };
}
