/**
 * How an archived document is sent to a browser, for the action pages and the portal alike: a content type from a
 * short list of safe ones (anything else, e.g. text/html smuggled into metadata, goes as an opaque download), and
 * an RFC 6266 / 5987 Content-Disposition whose UTF-8 name survives (Chinese file names) with an ASCII fallback.
 */
export const PDF_TYPE = 'application/pdf';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const SAFE_TYPES = new Set([PDF_TYPE, XLSX_TYPE, 'text/csv', 'application/json']);

export function safeContentType(contentType: string | undefined): string {
  return contentType && SAFE_TYPES.has(contentType) ? contentType : 'application/octet-stream';
}

export function contentDisposition(fileName: string, disposition: 'inline' | 'attachment' = 'attachment'): string {
  const fallback = fileName.replace(/[^A-Za-z0-9._-]/g, '_') || 'download';
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `${disposition}; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}

/** What a document is for a person: a PDF to preview in the browser, an Excel workbook or another file to download. */
export type DocumentFormat = 'pdf' | 'xlsx' | 'file';

export function documentFormat(fileName: string, contentType?: string): DocumentFormat {
  const name = fileName.toLowerCase();
  if (contentType === PDF_TYPE || (!contentType && name.endsWith('.pdf'))) return 'pdf';
  if (contentType === XLSX_TYPE || (!contentType && name.endsWith('.xlsx'))) return 'xlsx';
  return 'file';
}
