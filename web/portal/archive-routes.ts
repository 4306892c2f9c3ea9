import type { Context, Hono } from 'hono';
import { type ArchiveFilter, isDocId } from '../../activities/archive/archive-store';
import { sha256Hex } from '../../activities/archive/canonical-json';
import { AppError } from '../../domain/errors';
import { contentDisposition, safeContentType } from '../document-response';
import { type Portal, type PortalEnv, auditPortal, chrome, refusal, textOf } from './portal-context';
import { documentBody } from './views/document-page';
import { layout } from './views/layout';
import { listBody } from './views/list-page';
import { isPeriod, PeriodError } from '../../domain/calendar';

const PAGE_SIZE = 50;

/** Read-only archive pages: list with filters, document details, download by id (logged). */
export function registerArchiveRoutes(app: Hono<PortalEnv>, portal: Portal): void {
  const { base, tz } = portal;
  const notFound = (c: Context<PortalEnv>) => refusal(portal, c, 404, textOf(c).notFound);

  app.get('/', async (c) => {
    const q = (k: string) => {
      const v = c.req.query(k)?.trim();
      return v ? v.slice(0, 200) : undefined;
    };
    const filter: ArchiveFilter = {};
    const period = q('period');
    if (period && !isPeriod(period)) return refusal(portal, c, 400, new PeriodError('period', period).message);
    if (period) filter.period = period;
    for (const k of ['workflowId', 'kind', 'dealerId', 'text'] as const) {
      const v = q(k);
      if (v) filter[k] = v;
    }
    const all = (await portal.deps.store.list(filter)).reverse();
    const pages = Math.max(1, Math.ceil(all.length / PAGE_SIZE));
    const page = Math.min(pages, Math.max(1, Number.parseInt(q('page') ?? '1', 10) || 1));
    const m = textOf(c);
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
    return c.html(layout(chrome(portal, c, m.archive, 'archive'), body));
  });

  app.get('/documents/:docId', async (c) => {
    const entry = await portal.deps.store.getEntry(c.req.param('docId'));
    if (!entry) return notFound(c);
    const versions = (await portal.deps.store.list({ workflowId: entry.workflowId, kind: entry.kind })).filter(
      (e) => e.fileName === entry.fileName,
    );
    const body = documentBody(textOf(c), base, tz, entry, versions);
    return c.html(layout(chrome(portal, c, entry.title ?? entry.fileName, 'archive'), body));
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
      return refusal(portal, c, 409, textOf(c).fileIntegrityBroken);
    }
    // Logged before the bytes leave: if the audit log cannot be written, the download fails.
    await auditPortal(portal, c, user, 'portal.download', docId, {
      fileName: entry.fileName,
      sha256: entry.sha256,
      size: entry.size,
    });
    return c.body(new Uint8Array(bytes), 200, {
      'Content-Type': safeContentType(entry.contentType),
      'Content-Length': String(bytes.length),
      'Content-Disposition': contentDisposition(entry.fileName),
      'X-Content-SHA256': entry.sha256,
      'Repr-Digest': `sha-256=:${Buffer.from(entry.sha256, 'hex').toString('base64')}:`,
      'X-Archive-Doc-Id': entry.docId,
    });
  });
}
