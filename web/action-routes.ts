import { Hono, type Context } from 'hono';
import type { DecisionRecord } from '../workflows/lib/decision-types';
import { bodyLimit } from 'hono/body-limit';
import { createActionKit, type ActionRouteDeps, type Authorised } from './action-context';
import { CSRF_FIELD } from './csrf';
import { contentDisposition, documentFormat, safeContentType } from './document-response';
import { readForm } from './read-form';

export type { ActionRouteDeps, AuditSink, DocumentSource, WebAuditEvent } from './action-context';

/**
 * Routes under /a. GET /:token shows the step and never changes anything (mail scanners open links);
 * POST /:token decides through the workflow's `decide` Update, after the link and CSRF checks;
 * GET /:token/doc/:docId previews one of the step's own documents.
 */
export function createActionRoutes(deps: ActionRouteDeps): Hono {
  const app = new Hono();
  const kit = createActionKit(deps);

  /** The decision in the audit log, once (its event id): a retried or answer-lost click never records it twice. */
  const recordDecision = (c: Context, auth: Authorised, d: DecisionRecord) =>
    kit.audit(c, {
      actor: d.decidedBy,
      action: 'approval.decision',
      target: `${auth.claims.workflowId}/${auth.claims.stepId}`,
      eventId: `${auth.claims.workflowId}/${auth.claims.stepId}/decision`,
      detail: {
        action: d.action,
        decidedAt: d.decidedAt,
        ...(d.comment ? { comment: d.comment } : {}),
        ...(d.fields ? { fields: d.fields } : {}),
        tokenFingerprint: auth.fingerprint,
      },
    });

  app.get('/:token', async (c) => {
    const auth = await kit.authorise(c);
    if (auth instanceof Response) return auth;
    const step = await kit.loadStep(c, auth);
    if (step instanceof Response) return step;
    if (step.decision) return kit.decided(c, auth, step.decision, 200, false);
    return kit.stepForm(c, auth, step, 200);
  });

  app.post('/:token', bodyLimit({ maxSize: 64 * 1024, onError: (c) => kit.malformed(c, 413) }), async (c) => {
    const auth = await kit.authorise(c);
    if (auth instanceof Response) return auth;
    const { claims, m } = auth;
    const form = await readForm(c);
    if (!form) {
      await kit.refused(c, auth, 'malformed-request');
      return kit.malformed(c, 400, auth);
    }
    if (!kit.formAccepted(c, auth, form[CSRF_FIELD])) {
      await kit.refused(c, auth, 'csrf');
      return kit.message(c, auth, 403, m.csrfTitle, [m.csrfBody]);
    }
    const action = typeof form.action === 'string' ? form.action : '';
    if (!claims.actions.includes(action)) {
      await kit.refused(c, auth, 'action-not-in-link');
      return kit.message(c, auth, 400, m.invalidInputTitle, [`action: ${action || '—'}`]);
    }
    const comment = typeof form.comment === 'string' ? form.comment : '';
    const fields: Record<string, string> = {};
    for (const [key, value] of Object.entries(form)) {
      if (key.startsWith('field.') && typeof value === 'string') fields[key.slice('field.'.length)] = value;
    }
    const outcome = await kit.decide(auth, {
      stepId: claims.stepId,
      action,
      jti: claims.jti,
      recipient: claims.recipient,
      ...(comment.trim() ? { comment } : {}),
      ...(Object.keys(fields).length ? { fields } : {}),
      meta: { ...kit.clientInfo(c), via: 'web' },
    });

    if (outcome.kind === 'decided') {
      await recordDecision(c, auth, outcome.decision);
      return kit.decided(c, auth, outcome.decision, 200, true);
    }
    if (outcome.kind !== 'rejected') {
      // A workflow that moved on (or closed) takes no Update, but its query still tells who decided. An Update whose
      // answer was lost (a deadline on a loaded server, a restart) may have been taken: if this link's own decision
      // stands, the click worked, and is recorded as a decision rather than refused.
      const found = await kit.findStep(auth);
      const d = found.kind === 'found' ? found.step.decision : undefined;
      if (d && d.jti === claims.jti && outcome.kind === 'unavailable') {
        await recordDecision(c, auth, d);
        return kit.decided(c, auth, d, 200, true);
      }
      if (d) {
        // This link's own decision is made sure of in the audit log (once, by its event id), the click refused.
        if (d.jti === claims.jti) await recordDecision(c, auth, d);
        await kit.refused(c, auth, 'already-decided');
        return kit.decided(c, auth, d, 409, false);
      }
      if (found.kind === 'closed') {
        await kit.refused(c, auth, 'closed');
        return kit.message(c, auth, 410, m.closedTitle, [m.closedBody], 'warn');
      }
      if (outcome.kind === 'not-found') {
        await kit.refused(c, auth, outcome.kind);
        return kit.message(c, auth, 404, m.notFoundTitle, [m.notFoundBody]);
      }
      // Not a refusal of the person's decision but a service fault: logged, not written to the audit log.
      kit.onError(outcome.error, 'decision update');
      return kit.message(c, auth, 503, m.unavailableTitle, [m.unavailableBody]);
    }

    const details = outcome.details;
    const found = details.reason === 'already-decided' ? await kit.findStep(auth) : undefined;
    const mine = found?.kind === 'found' && found.step.decision?.jti === claims.jti ? found.step.decision : undefined;
    // A repeat of this link's own decision (a second click, or a retry after its first answer was lost): the decision
    // is made sure of in the audit log (once, by its event id), and the repeat refused.
    if (mine) await recordDecision(c, auth, mine);
    await kit.refused(c, auth, details.reason);
    switch (details.reason) {
      case 'already-decided': {
        const decision =
          found?.kind === 'found' && found.step.decision
            ? found.step.decision
            : {
                stepId: details.stepId,
                action: '',
                decidedBy: details.decidedBy ?? '?',
                decidedAt: details.decidedAt ?? '',
              };
        return kit.decided(c, auth, decision, 409, false);
      }
      case 'invalid-input': {
        const step = await kit.loadStep(c, auth);
        if (step instanceof Response) return step;
        const errors = details.problems ?? [outcome.message];
        return kit.stepForm(c, auth, step, 422, { errors, values: { comment, fields } });
      }
      case 'expired':
        return kit.message(c, auth, 410, m.expiredTitle, [m.expiredBody], 'warn');
      case 'wrong-recipient':
        return kit.message(c, auth, 403, m.wrongRecipientTitle, [m.wrongRecipientBody]);
      case 'unknown-step':
        return kit.message(c, auth, 404, m.notFoundTitle, [m.notFoundBody]);
      default:
        return kit.message(c, auth, 403, m.invalidTitle, [m.invalidBody]);
    }
  });

  app.get('/:token/doc/:docId', async (c) => {
    const auth = await kit.authorise(c);
    if (auth instanceof Response) return auth;
    const step = await kit.loadStep(c, auth);
    if (step instanceof Response) return step;
    const docId = c.req.param('docId');
    const doc = step.docIds.includes(docId) ? await deps.documents.getDocument(docId) : null;
    if (!doc) return kit.message(c, auth, 404, auth.m.notFoundTitle, [auth.m.docNotAllowed]);
    await kit.audit(c, {
      actor: auth.claims.recipient,
      action: 'approval.preview',
      target: `${auth.claims.workflowId}/${step.stepId}`,
      detail: { docId, tokenFingerprint: auth.fingerprint },
    });
    const { fileName, contentType } = doc.entry;
    // A PDF is previewed in the browser; a workbook (a count sheet) or any other file is downloaded.
    const inline = documentFormat(fileName, contentType) === 'pdf';
    c.header('Content-Type', safeContentType(contentType ?? (inline ? 'application/pdf' : undefined)));
    c.header('Content-Disposition', contentDisposition(fileName, inline ? 'inline' : 'attachment'));
    c.header('Cache-Control', 'no-store');
    return c.body(new Uint8Array(doc.bytes));
  });

  return app;
}
