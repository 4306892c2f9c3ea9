import type { Context, Hono } from 'hono';
import { type ArchiveFilter, isDocId } from '../../activities/archive/archive-store';
import { sha256Hex } from '../../activities/archive/canonical-json';
import { AppError } from '../../domain/errors';
import { type Portal, type PortalEnv, auditPortal, chrome } from './portal-context';
import { documentBody } from './views/document-page';
import { layout, messagePage } from './views/layout';
import { listBody } from './views/list-page';

const PAGE_SIZE = 50;

/** Served as-is; anything else (e.g. text/html smuggled into metadata) is sent as an opaque download. */
const SAFE_TYPES = new Set([
  'application/pdf',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'text/csv',
  'application/json',
]);

/** Read-only archive pages: list with filters, document details, download by id (logged). */
export function registerArchiveRoutes(app: Hono<PortalEnv>, portal: Portal): void {
  const { m, base, tz } = portal;
  const notFound = (c: Context<PortalEnv>) => c.html(messagePage(chrome(portal, c, '404'), m.notFound).value, 404);

  app.get('/', async (c) => {
    const q = (k: string) => {
      const v = c.req.query(k)?.trim();
      return v ? v.slice(0, 200) : undefined;
    };
    const filter: ArchiveFilter = {};
    for (const k of ['period', 'workflowId', 'kind', 'dealerId', 'text'] as const) {
      const v = q(k);
      if (v) filter[k] = v;
    }
    const all = (await portal.deps.store.list(filter)).reverse();
    const pages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
    const page = Math.min(pages, Math.max(1, Number.parseInt(q('page') ?? '1', 10) || 1));
    const body = listBody({
      m,
      base,
      tz,
      filter,
      facets: await portal.deps.store.facets(),
      rows: all.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE),
      total: all.length,
      page,
      pages,
    });
    return c.html(layout(chrome(portal, c, m.archive, 'archive'), body).value);
  });

  app.get('/documents/:docId', async (c) => {
    const entry = await portal.deps.store.getEntry(c.req.param('docId'));
    if (!entry) return notFound(c);
    const versions = (await portal.deps.store.list({ workflowId: entry.workflowId, kind: entry.kind })).filter(
      (e) => e.fileName === entry.fileName,
    );
    const body = documentBody(m, base, tz, entry, versions);
    return c.html(layout(chrome(portal, c, entry.title ?? entry.fileName, 'archive'), body).value);
  });

  app.get('/documents/:docId/download', async (c) => {
    const docId = c.req.param('docId');
    // Only a well-formed id that the index knows ever reaches the file system.
    if (!isDocId(docId)) return notFound(c);
    const user = c.get('session').u;
    let doc;
    try {
      doc = await portal.deps.store.getDocument(docId);
    } catch (err) {
      if (err instanceof AppError && err.code === 'ArchiveFileMissing') {
        await auditPortal(portal, c, user, 'portal.download', docId, { result: 'file-missing' });
        return notFound(c);
      }
      throw err;
    }
    if (!doc) return notFound(c);
    const { entry, bytes } = doc;
    const actual = sha256Hex(bytes);
    if (actual !== entry.sha256) {
      await auditPortal(portal, c, user, 'portal.download', docId, {
        result: 'refused-altered',
        actual,
        recorded: entry.sha256,
      });
      return c.html(messagePage(chrome(portal, c, '409'), m.fileIntegrityBroken).value, 409);
    }
    // Logged before the bytes leave: if the audit log cannot be written, the download fails.
    await auditPortal(portal, c, user, 'portal.download', docId, {
      fileName: entry.fileName,
      sha256: entry.sha256,
      size: entry.size,
    });
    const type =
      entry.contentType && SAFE_TYPES.has(entry.contentType) ? entry.contentType : 'application/octet-stream';
    return c.body(new Uint8Array(bytes), 200, {
      'Content-Type': type,
      'Content-Length': String(bytes.length),
      'Content-Disposition': contentDisposition(entry.fileName),
      'X-Content-SHA256': entry.sha256,
      'Repr-Digest': `sha-256=:${Buffer.from(entry.sha256, 'hex').toString('base64')}:`,
      'X-Archive-Doc-Id': entry.docId,
    });
  });
}

/** RFC 6266 / 5987: an ASCII fallback plus the UTF-8 name, so Chinese file names survive. */
export function contentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^A-Za-z0-9._-]/g, '_') || 'download';
  const encoded = encodeURIComponent(fileName).replace(
    /['()*]/g,
    (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encoded}`;
}
