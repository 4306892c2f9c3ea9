import type { Context, Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { isSha256Hex, sha256Hex } from '../../activities/archive/canonical-json';
import { type Portal, type PortalEnv, auditPortal, checkedForm, chrome, refusal, textOf } from './portal-context';
import { layout } from './views/layout';
import { type FileCheck, verifyChainBody, verifyFileBody } from './views/verify-pages';

/** Hash-chain check of the archive (and audit log), and "is this file the one we archived?". Both are audited. */
export function registerVerifyRoutes(app: Hono<PortalEnv>, portal: Portal): void {
  const { base, tz } = portal;
  const csrfOf = (c: Context<PortalEnv>) => chrome(portal, c, '').user?.csrf ?? '';

  app.get('/verify', (c) => {
    const m = textOf(c);
    return c.html(layout(chrome(portal, c, m.verifyChain, 'verify-chain'), verifyChainBody(m, base, csrfOf(c))));
  });

  app.post(
    '/verify',
    bodyLimit({ maxSize: 16 * 1024, onError: (c) => refusal(portal, c, 413, textOf(c).requestTooLarge) }),
    async (c) => {
      const form = await checkedForm(portal, c);
      if (form instanceof Response) return form;
      const m = textOf(c);
      const [archive, audit] = await Promise.all([portal.deps.store.verifyChain(), portal.deps.audit.verifyChain()]);
      await auditPortal(portal, c, c.get('session').u, 'portal.verify-chain', 'archive-index', {
        ok: archive.ok,
        entries: archive.entries,
        headHash: archive.headHash,
        firstBadSeq: archive.firstBadSeq,
        reason: archive.reason,
        auditLogOk: audit.ok,
      });
      const body = verifyChainBody(m, base, csrfOf(c), { archive, audit });
      return c.html(layout(chrome(portal, c, m.verifyChain, 'verify-chain'), body), archive.ok ? 200 : 409);
    },
  );

  app.get('/verify-file', (c) => {
    const m = textOf(c);
    return c.html(layout(chrome(portal, c, m.verifyFile, 'verify-file'), verifyFileBody(m, base, tz, csrfOf(c))));
  });

  const maxUpload = portal.deps.maxUploadBytes ?? 50 * 1024 * 1024;
  const tooLarge = (c: Context<PortalEnv>) => {
    const m = textOf(c);
    return c.html(
      layout(
        chrome(portal, c, m.verifyFile, 'verify-file'),
        verifyFileBody(m, base, tz, csrfOf(c), undefined, m.tooLarge),
      ),
      413,
    );
  };

  app.post('/verify-file', bodyLimit({ maxSize: maxUpload + 64 * 1024, onError: tooLarge }), async (c) => {
    const body = await checkedForm(portal, c);
    if (body instanceof Response) return body;
    const m = textOf(c);
    const file = body.file;
    let check: FileCheck | undefined;
    if (file instanceof File && file.size > 0) {
      const sha256 = sha256Hex(new Uint8Array(await file.arrayBuffer()));
      const fileName = file.name.slice(0, 200);
      const matches = await portal.deps.store.findBySha256(sha256);
      check = {
        sha256,
        fileName,
        matches,
        sameName: matches.length ? [] : await portal.deps.store.findByFileName(fileName),
      };
    } else if (typeof body.sha256 === 'string' && isSha256Hex(body.sha256.trim().toLowerCase())) {
      const sha256 = body.sha256.trim().toLowerCase();
      check = { sha256, matches: await portal.deps.store.findBySha256(sha256), sameName: [] };
    }
    if (!check) {
      return c.html(
        layout(
          chrome(portal, c, m.verifyFile, 'verify-file'),
          verifyFileBody(m, base, tz, csrfOf(c), undefined, m.chooseFile),
        ),
        400,
      );
    }
    const result = check.matches.length ? 'matched' : check.sameName.length ? 'altered' : 'not-found';
    await auditPortal(portal, c, c.get('session').u, 'portal.verify-file', check.sha256, {
      fileName: check.fileName,
      result,
      docIds: (check.matches.length ? check.matches : check.sameName).map((e) => e.docId),
    });
    return c.html(
      layout(chrome(portal, c, m.verifyFile, 'verify-file'), verifyFileBody(m, base, tz, csrfOf(c), check)),
    );
  });
}
