/**
 * The decision mechanism, workflow side: one Update (`decide`) and two queries shared by every workflow that
 * waits for a person (manager approval, dealer confirm/dispute, technician verdict form, "received",
 * "counts submitted"). State lives in this module, which Temporal isolates per workflow execution.
 *
 * The web server verifies the signed link and then sends the Update; the validator here is the second
 * line of defence and the source of truth: unknown step, already decided, wrong recipient, a jti this
 * workflow never issued, an expired grant (workflow time) or bad form values are rejected *before* they
 * reach history. Accepted decisions are recorded (who/when/what/comment/fields) in history and in state.
 */
import {
  ApplicationFailure,
  defineQuery,
  defineUpdate,
  patched,
  setHandler,
  uuid4,
  workflowInfo,
} from '@temporalio/workflow';
import { sha256HexOf } from '../../domain/stable-hash';
import {
  DECISION_REJECTED,
  actionsOf,
  normaliseEmail,
  validateFormFields,
  type DecisionInput,
  type DecisionRecord,
  type DecisionResult,
  type Grant,
  type NotifyEvent,
  type RejectionDetails,
  type StepSpec,
  type StepView,
} from './decision-types';

export * from './decision-types';

export const decideUpdate = defineUpdate<DecisionResult, [DecisionInput]>('decide');
/** Open steps of this workflow (what is waiting for whom). */
export const pendingStepsQuery = defineQuery<StepView[]>('pendingSteps');
/** One step, open or decided; null when the workflow has no such step. */
export const stepQuery = defineQuery<StepView | null, [string]>('step');

interface StepState {
  spec: StepSpec;
  recipients: string[];
  grants: Grant[];
  openedAt: number;
  deadline?: number;
  decision?: DecisionRecord;
}

let board: Map<string, StepState> | undefined;

function reject(details: RejectionDetails, message: string): never {
  throw ApplicationFailure.create({ message, type: DECISION_REJECTED, nonRetryable: true, details: [details] });
}

function viewOf(s: StepState): StepView {
  const view: StepView = {
    stepId: s.spec.stepId,
    kind: s.spec.kind,
    title: s.spec.title,
    summary: s.spec.summary,
    figures: s.spec.figures ?? [],
    docIds: s.spec.docIds ?? [],
    docLabels: s.spec.docLabels ?? {},
    recipients: s.recipients,
    actions: actionsOf(s.spec),
    actionLabels: s.spec.actionLabels ?? {},
    commentRequiredFor: s.spec.commentRequiredFor ?? ['reject', 'dispute'],
    form: s.spec.form ?? [],
    locale: s.spec.locale ?? 'zh-CN',
    openedAt: new Date(s.openedAt).toISOString(),
    status: s.decision ? 'decided' : 'open',
  };
  if (s.deadline !== undefined) view.deadline = new Date(s.deadline).toISOString();
  if (s.decision) view.decision = s.decision;
  return view;
}

/** Throws a DecisionRejected failure when the input may not decide the step; returns the typed form values. */
function check(input: DecisionInput): { state: StepState; fields?: DecisionRecord['fields'] } {
  const state = steps().get(input?.stepId);
  if (!state) reject({ reason: 'unknown-step', stepId: String(input?.stepId) }, `Unknown step "${input?.stepId}"`);
  const { stepId } = input;
  if (state.decision) {
    const { decidedBy, decidedAt } = state.decision;
    reject(
      { reason: 'already-decided', stepId, decidedBy, decidedAt },
      `Step "${stepId}" already decided by ${decidedBy} at ${decidedAt}`,
    );
  }
  const recipient = normaliseEmail(String(input.recipient ?? ''));
  const grant = state.grants.find((g) => g.jti === input.jti);
  if (!grant) reject({ reason: 'token-mismatch', stepId }, `Link was not issued for step "${stepId}"`);
  if (grant.recipient !== recipient || !state.recipients.includes(recipient)) {
    reject({ reason: 'wrong-recipient', stepId }, `${recipient} may not decide step "${stepId}"`);
  }
  if (grant.expiresAt <= Date.now()) {
    reject(
      { reason: 'expired', stepId },
      `Link for step "${stepId}" expired at ${new Date(grant.expiresAt).toISOString()}`,
    );
  }
  if (!actionsOf(state.spec).includes(input.action)) {
    reject({ reason: 'invalid-action', stepId }, `Action "${input.action}" is not allowed for step "${stepId}"`);
  }
  const problems: string[] = [];
  const comment = typeof input.comment === 'string' ? input.comment.trim() : '';
  if (input.comment !== undefined && typeof input.comment !== 'string') problems.push('comment: not text');
  if (input.fields !== undefined && (typeof input.fields !== 'object' || input.fields === null))
    problems.push('fields: not an object');
  if (comment.length > 4000) problems.push('comment: too long');
  if ((state.spec.commentRequiredFor ?? ['reject', 'dispute']).includes(input.action) && !comment) {
    problems.push('comment: required');
  }
  // Fields belong to submitting a form, to acknowledging with details (e.g. the date goods were received), and to
  // an approval that carries a form (the quality draft review classifies failure texts while deciding).
  const withFields = input.action === 'submit' || ['form', 'acknowledge', 'approval'].includes(state.spec.kind);
  const form = withFields ? (state.spec.form ?? []) : [];
  const validated = validateFormFields(form, form.length ? input.fields : undefined, Date.now());
  if (!validated.ok) problems.push(...validated.problems);
  if (problems.length)
    reject({ reason: 'invalid-input', stepId, problems }, `Invalid decision: ${problems.join('; ')}`);
  return { state, fields: validated.ok && form.length ? validated.values : undefined };
}

/**
 * The gateway's request time, kept within [step opened, now]; workflow time for callers that send none (histories
 * from before it, internal decisions). Deterministic on replay either way: both come from history.
 */
function decisionTime(input: DecisionInput, state: StepState): string {
  const now = Date.now();
  const requested = typeof input.requestedAt === 'string' ? Date.parse(input.requestedAt) : NaN;
  return new Date(Number.isFinite(requested) ? Math.min(now, Math.max(state.openedAt, requested)) : now).toISOString();
}

function record(state: StepState, rec: DecisionRecord): DecisionRecord {
  state.decision = rec;
  return rec;
}

function steps(): Map<string, StepState> {
  if (board) return board;
  const created = new Map<string, StepState>();
  board = created;
  setHandler(pendingStepsQuery, () => [...created.values()].filter((s) => !s.decision).map(viewOf));
  setHandler(stepQuery, (stepId) => {
    const s = created.get(stepId);
    return s ? viewOf(s) : null;
  });
  setHandler(
    decideUpdate,
    (input) => {
      // Re-check: two Updates validated in the same activation must not both win.
      const { state, fields } = check(input);
      const comment = typeof input.comment === 'string' ? input.comment.trim() : undefined;
      return record(state, {
        stepId: input.stepId,
        action: input.action,
        decidedBy: normaliseEmail(input.recipient),
        decidedAt: decisionTime(input, state),
        ...(comment ? { comment } : {}),
        ...(fields ? { fields } : {}),
        jti: input.jti,
        ...(input.meta ? { meta: input.meta } : {}),
      });
    },
    { validator: (input) => void check(input) },
  );
  return created;
}

/** Registers the handlers early so queries answer before the first step opens. Idempotent. */
export function installDecisionHandlers(): void {
  steps();
}

/** Opens a step (idempotent per stepId: reopening an open step keeps its grants and decision). */
export function openStep(spec: StepSpec, deadline?: number): StepView {
  const map = steps();
  const existing = map.get(spec.stepId);
  if (existing) return viewOf(existing);
  const state: StepState = {
    spec,
    recipients: [...new Set(spec.recipients.map(normaliseEmail))],
    grants: [],
    openedAt: Date.now(),
    ...(deadline !== undefined ? { deadline } : {}),
  };
  map.set(spec.stepId, state);
  return viewOf(state);
}

/** Patch id: link grants derived from the ask instead of random (docs/OPERATIONS.md, deploying while a month is open). */
const JTI_FROM_ASK = 'jti-from-ask';

/** Set when the workflow's own, later patch already implies JTI_FROM_ASK (see grantsFromAsk). */
let fromAskKnown = false;

/**
 * Tells issueGrant that this run derives its jtis from the ask without asking `patched('jti-from-ask')`: for a
 * workflow whose own, later patch was taken (so the run began after that change), where one patch marker fewer (and
 * one search-attribute upsert fewer on the server) per run counts, as in a month's 5,000 dealer children.
 */
export function grantsFromAsk(): void {
  fromAskKnown = true;
}

/** What a person is asked: the same content in the same step is the same ask, in any run of the workflow. */
function askHash(spec: StepSpec): string {
  const { stepId, kind, title, summary, figures, docIds, actions, form } = spec;
  return sha256HexOf(JSON.stringify({ stepId, kind, title, summary, figures, docIds, actions, form }));
}

/**
 * Issues a link grant for a recipient (adds them to the step when escalating). The jti is derived from the workflow
 * id, the step, what is asked, the recipient and the n-th notice of this kind to them, never from the run: a re-run
 * of a failed workflow that asks the same thing issues the same jti, so the mail it would send is already in the
 * sent-log (no second ask) and the link in the first mail decides the new run's step.
 */
export function issueGrant(stepId: string, recipient: string, expiresAt: number, event: NotifyEvent): Grant {
  const state = steps().get(stepId);
  if (!state) throw new Error(`issueGrant: unknown step "${stepId}"`);
  const email = normaliseEmail(recipient);
  if (!state.recipients.includes(email)) state.recipients.push(email);
  const nth = state.grants.filter((g) => g.recipient === email && g.event === event).length + 1;
  const seed = [workflowInfo().workflowId, stepId, askHash(state.spec), email, event, nth].join('\u0000');
  // Runs started before this change issued random jtis, and their mailed links carry them: they keep doing so.
  const jti = fromAskKnown || patched(JTI_FROM_ASK) ? `g1-${sha256HexOf(seed).slice(0, 32)}` : uuid4();
  const grant: Grant = { jti, recipient: email, expiresAt, event };
  state.grants.push(grant);
  return grant;
}

/**
 * When the latest decision of this workflow was recorded (ISO instant from history), or undefined: the time a
 * document made after it states, so a re-run with the same decisions renders the same bytes.
 */
export function latestDecisionAt(): string | undefined {
  let latest: string | undefined;
  for (const s of steps().values()) {
    const at = s.decision?.decidedAt;
    if (at && (latest === undefined || Date.parse(at) > Date.parse(latest))) latest = at;
  }
  return latest;
}

/** The step's decision so far, if any. */
export function decisionOf(stepId: string): DecisionRecord | undefined {
  return steps().get(stepId)?.decision;
}

export function stepView(stepId: string): StepView | undefined {
  const s = steps().get(stepId);
  return s ? viewOf(s) : undefined;
}

/**
 * Closes a step from inside the workflow: a deadline default, or a source other than a link (e.g. the
 * sheet's status cell says "counts submitted"). Returns the existing decision if one already won.
 */
export function decideInternally(
  stepId: string,
  decision: { action: string; by: string; comment?: string; byDefault?: boolean },
): DecisionRecord {
  const state = steps().get(stepId);
  if (!state) throw new Error(`decideInternally: unknown step "${stepId}"`);
  if (state.decision) return state.decision;
  return record(state, {
    stepId,
    action: decision.action,
    decidedBy: decision.by,
    decidedAt: new Date(Date.now()).toISOString(),
    ...(decision.comment ? { comment: decision.comment } : {}),
    ...(decision.byDefault ? { byDefault: true } : {}),
    meta: { via: 'system' },
  });
}
