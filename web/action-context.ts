import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { Client } from '@temporalio/client';
import type { DecisionInput, DecisionRecord, StepView } from '../workflows/lib/decision-types';
import { tokenFingerprint, verifyActionToken, type ActionTokenClaims, type TokenKeys } from '../lib/action-token';
import { createFormTokens } from './csrf';
import { actionLabel, formatInstant, messages, requestLang, type Lang, type Messages } from './i18n';
import { messagePage, type Html } from './pages/layout';
import { describeAttachments } from './pages/describe-attachments';
import { stepPage, type StepPageInput } from './pages/step-page';
import { lookupStep, sendDecision } from './step-gateway';

/** What the page says about an archived document: its name, kind and type (ArchiveStore's entries satisfy it). */
export interface DocumentInfo {
  fileName: string;
  kind?: string;
  contentType?: string;
}

/** Archive read access the preview needs, by document id only (ArchiveStore satisfies it). */
export interface DocumentSource {
  getDocument(docId: string): Promise<{ entry: DocumentInfo; bytes: Uint8Array } | null>;
  /** Metadata only, for the attachment list (without it the list goes by file names). */
  getEntry?(docId: string): Promise<DocumentInfo | null>;
}

/** One audit record; the archive's AuditLog (`record`) satisfies AuditSink. */
export interface WebAuditEvent {
  actor: string;
  action: 'approval.decision' | 'approval.refused' | 'approval.link-refused' | 'approval.preview';
  /** `<workflowId>/<stepId>` */
  target: string;
  detail?: Record<string, unknown>;
  /** Makes the decision record idempotent (one per step). */
  eventId?: string;
}

export interface AuditSink {
  record(event: WebAuditEvent): Promise<unknown>;
}

export interface ActionRouteDeps {
  temporal: Client;
  tokens: TokenKeys;
  csrfSecret: string;
  documents: DocumentSource;
  audit?: AuditSink;
  /** UI language when neither ?lang nor the link says otherwise. */
  locale?: Lang;
  /** Served over https (kept for the composition root; action pages set no cookies). */
  secureCookies?: boolean;
  now?: () => number;
  /** Upper bounds for the step query (default 10 s) and the decision Update (default 20 s). */
  queryTimeoutMs?: number;
  updateTimeoutMs?: number;
  onError?: (err: unknown, where: string) => void;
}

/** A request whose link verified: who it is for, in which language. */
export interface Authorised {
  claims: ActionTokenClaims;
  lang: Lang;
  m: Messages;
  fingerprint: string;
  basePath: string;
}

const TOKEN_STATUS = { malformed: 400, forged: 403, tampered: 403, expired: 410 } as const;

/** The pieces every action route uses: link check, step loading, audit and page rendering. */
export function createActionKit(deps: ActionRouteDeps) {
  const now = deps.now ?? Date.now;
  const formTokens = createFormTokens(deps.csrfSecret);
  const onError = deps.onError ?? ((err, where) => console.error(`[web] ${where}:`, err));

  const findStep = (auth: Authorised) =>
    lookupStep(deps.temporal, auth.claims.workflowId, auth.claims.stepId, deps.queryTimeoutMs);
  const decide = (auth: Authorised, input: DecisionInput) =>
    sendDecision(
      deps.temporal,
      auth.claims.workflowId,
      { ...input, requestedAt: new Date(now()).toISOString() },
      deps.updateTimeoutMs,
    );

  const clientInfo = (c: Context): { ip?: string; userAgent?: string } => {
    let ip: string | undefined;
    try {
      ip = getConnInfo(c).remote.address;
    } catch {
      ip = undefined; // not served by the Node adapter (e.g. app.request in a unit test)
    }
    const ua = c.req.header('user-agent')?.slice(0, 300);
    return { ...(ip ? { ip } : {}), ...(ua ? { userAgent: ua } : {}) };
  };

  const audit = async (c: Context, event: WebAuditEvent): Promise<void> => {
    if (!deps.audit) return;
    const record = { ...event, detail: { ...event.detail, ...clientInfo(c) } };
    try {
      await deps.audit.record(record);
    } catch (err) {
      onError(err, 'audit record');
      // The decision already happened: keep trying (disk full, lock held) so it is not missing from the audit log.
      retryAudit(() => deps.audit!.record(record), onError);
    }
  };

  const refused = (c: Context, auth: Authorised, reason: string): Promise<void> =>
    audit(c, {
      actor: auth.claims.recipient,
      action: 'approval.refused',
      target: `${auth.claims.workflowId}/${auth.claims.stepId}`,
      detail: { reason, tokenFingerprint: auth.fingerprint },
    });

  const show = (c: Context, status: number, page: Html): Response | Promise<Response> => {
    c.header('Cache-Control', 'no-store');
    return c.html(page, status as 200);
  };

  const message = (
    c: Context,
    auth: { lang: Lang },
    status: number,
    title: string,
    lines: string[],
    tone: 'ok' | 'warn' | 'error' = 'error',
  ) => show(c, status, messagePage({ lang: auth.lang, tone, title, lines }));

  const authorise = async (c: Context): Promise<Authorised | Response> => {
    const token = c.req.param('token') ?? '';
    const result = verifyActionToken(token, deps.tokens, now());
    const lang = requestLang(c, result.claims?.locale, deps.locale);
    const m = messages(lang);
    if (result.ok) {
      return { claims: result.claims, lang, m, fingerprint: tokenFingerprint(token), basePath: `/a/${token}` };
    }
    await audit(c, {
      actor: 'anonymous',
      action: 'approval.link-refused',
      target: result.claims ? `${result.claims.workflowId}/${result.claims.stepId}` : 'unknown',
      detail: { reason: result.reason, tokenFingerprint: tokenFingerprint(token) },
    });
    return result.reason === 'expired'
      ? message(c, { lang }, TOKEN_STATUS.expired, m.expiredTitle, [m.expiredBody], 'warn')
      : message(c, { lang }, TOKEN_STATUS[result.reason], m.invalidTitle, [m.invalidBody]);
  };

  const decided = (c: Context, auth: Authorised, decision: DecisionRecord, status: number, fresh: boolean) => {
    const { m } = auth;
    const by = decision.decidedBy.startsWith('system') ? m.system : decision.decidedBy;
    const at = formatInstant(decision.decidedAt);
    const what = actionLabel(m, decision.action);
    const lines = fresh ? [m.recordedBody(what, by, at)] : [m.decidedBody(by, at), `${m.decidedAction}: ${what}`];
    if (decision.comment) lines.push(`${m.comment}: ${decision.comment}`);
    return message(c, auth, status, fresh ? m.recordedTitle : m.decidedTitle, lines, fresh ? 'ok' : 'warn');
  };

  /** Loads the step named by the link; answers with a page when it cannot be shown to this person. */
  const loadStep = async (c: Context, auth: Authorised): Promise<StepView | Response> => {
    const { m } = auth;
    const found = await findStep(auth);
    if (found.kind === 'unavailable') {
      onError(found.error, 'step lookup');
      return message(c, auth, 503, m.unavailableTitle, [m.unavailableBody]);
    }
    if (found.kind === 'not-found') return message(c, auth, 404, m.notFoundTitle, [m.notFoundBody]);
    if (found.kind === 'closed') return message(c, auth, 410, m.closedTitle, [m.closedBody], 'warn');
    if (!found.step.recipients.includes(auth.claims.recipient)) {
      return message(c, auth, 403, m.wrongRecipientTitle, [m.wrongRecipientBody]);
    }
    return found.step;
  };

  /** The decision page, with a form token bound to this link and its expiry (no cookie: many links may be open). */
  const stepForm = async (
    c: Context,
    auth: Authorised,
    step: StepView,
    status: number,
    extra: Pick<StepPageInput, 'errors' | 'values'> = {},
  ) => {
    const csrf = formTokens.issue(auth.fingerprint, auth.claims.expiresAt);
    const facts = await Promise.all(
      step.docIds.map(async (docId) => {
        const entry = await Promise.resolve(deps.documents.getEntry?.(docId)).catch(() => null);
        return { docId, label: step.docLabels[docId], ...entry };
      }),
    );
    const attachments = describeAttachments(facts, auth.lang);
    const page = stepPage({
      lang: auth.lang,
      step,
      recipient: auth.claims.recipient,
      basePath: auth.basePath,
      csrf,
      attachments,
      ...extra,
    });
    return show(c, status, page);
  };

  /** A page for a request the server cannot read (not a form, broken multipart, too large), in the person's language. */
  const malformed = (c: Context, status: 400 | 413 | 415, auth?: { lang: Lang }) => {
    const lang = auth?.lang ?? requestLang(c, undefined, deps.locale);
    const m = messages(lang);
    return status === 413
      ? message(c, { lang }, 413, m.tooLargeTitle, [m.tooLargeBody])
      : message(c, { lang }, status, m.badRequestTitle, [m.badRequestBody]);
  };

  /** A POST from our own page for this link: its form token, and not a browser's cross-site request. */
  const formAccepted = (c: Context, auth: Authorised, field: unknown): boolean =>
    c.req.header('sec-fetch-site') !== 'cross-site' && formTokens.check(auth.fingerprint, auth.claims.expiresAt, field);

  return {
    audit,
    refused,
    message,
    authorise,
    decided,
    loadStep,
    stepForm,
    malformed,
    formAccepted,
    clientInfo,
    onError,
    findStep,
    decide,
  };
}

export type ActionKit = ReturnType<typeof createActionKit>;

/** Retries a failed audit write in the background every 5 s (for up to a day); idempotent events make retries safe. */
function retryAudit(write: () => Promise<unknown>, onError: (err: unknown, what: string) => void, attempt = 1): void {
  if (attempt > 17_280) return;
  setTimeout(() => {
    write().catch((err: unknown) => {
      if (attempt === 1) onError(err, 'audit record (retrying every 5 s)');
      retryAudit(write, onError, attempt + 1);
    });
  }, 5_000).unref();
}
