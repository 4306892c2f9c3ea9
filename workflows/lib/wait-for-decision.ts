/**
 * "Wait for a person, remind, escalate, then take the configured default" — the one waiting pattern every
 * workflow uses. Built on condition() with durable timers only, so it has no time limit of its own: a
 * 45-day wait is a handful of timer events in history, and a worker restart changes nothing.
 *
 * Every notification issues fresh link grants (a new jti per recipient, see issueGrant) and hands them to
 * `notify`, where the workflow calls its mail activity; `notifyByEmail` builds that callback in one line.
 */
import { ApplicationFailure, condition } from '@temporalio/workflow';
import { msToNumber, type Duration } from '@temporalio/common';
import {
  ACTIONS_BY_KIND,
  decideInternally,
  decisionOf,
  issueGrant,
  openStep,
  stepView,
  type DecisionRecord,
  type Grant,
  type NotifyEvent,
  type StepSpec,
  type StepView,
} from './decision';

export type TimeoutPolicy = 'default-approve' | 'default-reject' | 'escalate-and-keep-waiting' | 'fail';

/** What `notify` receives: the step as the page will show it and one grant (jti, recipient, expiry) per mail to send. */
export interface StepNotice {
  event: NotifyEvent;
  step: StepView;
  grants: Grant[];
}

export interface WaitOptions {
  /** Offsets from the request, e.g. ['2 days', '4 days']; each sends a reminder to everyone who may decide. */
  reminders?: Duration[];
  /** Offset from the request after which `escalateTo` get their own links. */
  escalateAfter?: Duration;
  escalateTo?: string[];
  /** Offset from the request after which `onTimeout` applies. Without it the wait is unbounded. */
  deadline?: Duration;
  onTimeout?: TimeoutPolicy;
  /** Validity of each link; default: until the deadline, else 30 days. */
  linkTtl?: Duration;
  notify: (event: NotifyEvent, notice: StepNotice) => Promise<void>;
}

export interface DecisionOutcome {
  decision: DecisionRecord;
  /** The deadline passed and the default was applied (decision.byDefault is set too). */
  timedOut: boolean;
  escalated: boolean;
}

type Milestone = { at: number; kind: 'reminder' | 'escalation' | 'deadline' };

const DEFAULT_TTL_MS = 30 * 24 * 3600 * 1000;
const SYSTEM = 'system';

function checkOptions(spec: StepSpec, opts: WaitOptions): void {
  const fail = (msg: string): never => {
    throw ApplicationFailure.nonRetryable(`waitForDecision(${spec.stepId}): ${msg}`, 'ConfigError');
  };
  if (opts.deadline !== undefined && !opts.onTimeout) fail('a deadline needs onTimeout');
  if (opts.escalateAfter !== undefined && !opts.escalateTo?.length) fail('escalateAfter needs escalateTo');
  if (opts.onTimeout === 'escalate-and-keep-waiting' && !opts.escalateTo?.length)
    fail('escalate-and-keep-waiting needs escalateTo');
  const actions = spec.actions ?? ACTIONS_BY_KIND[spec.kind];
  if (opts.onTimeout === 'default-approve' && (spec.kind === 'form' || !actions[0]))
    fail('no default action for this step');
  if (opts.onTimeout === 'default-reject' && (spec.kind === 'form' || !actions[1]))
    fail('no reject action for this step');
}

/**
 * Opens the step, sends the request, then sleeps durably until a decision or the next milestone
 * (reminder, escalation, deadline). Returns the decision, whoever (or whatever default) made it.
 * Throws ApplicationFailure `DecisionDeadlineExceeded` when onTimeout is 'fail'. Side effects: only through
 * `notify` (the caller's mail activity, which must be idempotent); timers are durable, and nothing is retried here.
 */
export async function waitForDecision(spec: StepSpec, opts: WaitOptions): Promise<DecisionOutcome> {
  checkOptions(spec, opts);
  const stepId = spec.stepId;
  const start = Date.now();
  const deadlineAt = opts.deadline !== undefined ? start + msToNumber(opts.deadline) : undefined;
  openStep(spec, deadlineAt);
  let escalated = false;
  const send = notifier(stepId, opts, deadlineAt);
  const escalate = async (): Promise<void> => {
    escalated = true;
    await send('escalation', opts.escalateTo ?? []);
  };
  const milestones = milestonesOf(opts, start, deadlineAt);
  const decided = (): boolean => decisionOf(stepId) !== undefined;
  await send('request', spec.recipients);

  for (const m of milestones) {
    // Minimum 1 ms: condition(fn, 0) would mean "no timeout" under old patch semantics.
    if (await condition(decided, Math.max(1, m.at - Date.now()))) break;
    if (m.kind === 'reminder') await send('reminder', stepView(stepId)!.recipients);
    else if (m.kind === 'escalation') await escalate();
    else if (takeDefault(spec, opts, m.at)) return { decision: decisionOf(stepId)!, timedOut: true, escalated };
    else await escalate();
  }
  await condition(decided);
  return { decision: decisionOf(stepId)!, timedOut: false, escalated };
}

/** Sends `event` to `recipients` with fresh link grants, unless the step is decided by now. */
function notifier(
  stepId: string,
  opts: WaitOptions,
  deadlineAt: number | undefined,
): (event: NotifyEvent, recipients: string[]) => Promise<void> {
  const ttl = opts.linkTtl !== undefined ? msToNumber(opts.linkTtl) : undefined;
  const linkExpiry = (): number => {
    const now = Date.now();
    if (ttl !== undefined) return now + ttl;
    return deadlineAt !== undefined && deadlineAt > now ? deadlineAt : now + DEFAULT_TTL_MS;
  };
  return async (event, recipients) => {
    if (decisionOf(stepId)) return;
    const expiresAt = linkExpiry();
    const grants = recipients.map((r) => issueGrant(stepId, r, expiresAt, event));
    await opts.notify(event, { event, step: stepView(stepId)!, grants });
  };
}

/** Reminders, escalation and deadline in time order; none after the deadline. */
function milestonesOf(opts: WaitOptions, start: number, deadlineAt: number | undefined): Milestone[] {
  return [
    ...(opts.reminders ?? []).map((d): Milestone => ({ at: start + msToNumber(d), kind: 'reminder' })),
    ...(opts.escalateAfter !== undefined
      ? [{ at: start + msToNumber(opts.escalateAfter), kind: 'escalation' as const }]
      : []),
    ...(deadlineAt !== undefined ? [{ at: deadlineAt, kind: 'deadline' as const }] : []),
  ]
    .filter((m) => deadlineAt === undefined || m.at <= deadlineAt)
    .sort((a, b) => a.at - b.at);
}

/**
 * At the deadline: decides the step by the timeout policy and returns true (default approve / reject), throws
 * (fail), or returns false when the wait goes on after an escalation.
 */
function takeDefault(spec: StepSpec, opts: WaitOptions, at: number): boolean {
  const stepId = spec.stepId;
  const actions = spec.actions ?? ACTIONS_BY_KIND[spec.kind];
  const by = `${SYSTEM}:deadline`;
  switch (opts.onTimeout) {
    case 'default-approve':
      decideInternally(stepId, { action: actions[0]!, by, comment: 'deadline passed', byDefault: true });
      return true;
    case 'default-reject':
      decideInternally(stepId, { action: actions[1]!, by, comment: 'deadline passed', byDefault: true });
      return true;
    case 'fail':
      decideInternally(stepId, { action: 'timeout', by, comment: 'deadline passed', byDefault: true });
      throw ApplicationFailure.nonRetryable(
        `Step "${stepId}" was not decided by ${new Date(at).toISOString()}`,
        'DecisionDeadlineExceeded',
        { stepId },
      );
    case 'escalate-and-keep-waiting':
    default:
      return false;
  }
}
