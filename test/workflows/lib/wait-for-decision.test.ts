// waitForDecision on the Java time-skipping test server: weeks of durable timers in seconds of test time.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { Client, WorkflowFailedError, WorkflowNotFoundError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import {
  decideUpdate,
  stepQuery,
  type DecisionInput,
  type DecisionResult,
  type StepSpec,
} from '../../../workflows/lib/decision';
import { createTimeSkippingEnv } from '../../support/temporal';
import { createFixtureWorker } from './decision-test-kit';
import {
  decisionFixtureWorkflow,
  fixtureNoticesQuery,
  type DecisionFixtureInput,
  type FixtureNotice,
} from './fixtures';

const DAY = 24 * 3600 * 1000;
const MANAGER = 'manager@example.com';
const BOSS = 'director@example.com';

let env: TestWorkflowEnvironment;
let worker: Worker;
let taskQueue: string;
let running: Promise<void>;

beforeAll(async () => {
  env = await createTimeSkippingEnv();
  ({ worker, taskQueue } = await createFixtureWorker({ connection: env.nativeConnection }));
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await env?.teardown();
});

const spec = (stepId: string, kind: StepSpec['kind'] = 'approval'): StepSpec => ({
  stepId,
  kind,
  title: `审批 ${stepId}`,
  summary: ['差异金额 ¥1,234.50'],
  recipients: [MANAGER],
});

function start(input: DecisionFixtureInput) {
  return env.client.workflow.start(decisionFixtureWorkflow, {
    workflowId: `wait-${randomUUID()}`,
    taskQueue,
    args: [input],
  });
}

/**
 * executeUpdate, tolerating the Java test server occasionally answering "update not found" under load (its
 * speculative workflow task was dropped): the step's own state tells whether our decision landed; if not, resend.
 */
async function decide(handle: WorkflowHandle, input: DecisionInput): Promise<DecisionResult> {
  // A plain client (not the time-skipping one) so sending the update does not also unlock time skipping.
  const plain = plainHandle(handle);
  for (let attempt = 1; ; attempt++) {
    try {
      return await plain.executeUpdate(decideUpdate, { args: [input] });
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError) || attempt >= 10) throw err;
      const step = await handle.query(stepQuery, input.stepId);
      if (step?.decision?.jti === input.jti) return step.decision;
      await new Promise((r) => setTimeout(r, 200 * attempt));
    }
  }
}

/** A handle on a plain client: waiting on it does not let the time-skipping server skip. */
function plainHandle<T extends typeof decisionFixtureWorkflow>(handle: WorkflowHandle): WorkflowHandle<T> {
  return new Client({ connection: env.connection }).workflow.getHandle<T>(handle.workflowId);
}

/** Offset of each notice from the request, in days (workflow time). */
function timeline(notices: FixtureNotice[]): { event: string; day: number; to: string[] }[] {
  const t0 = Date.parse(notices[0]!.at);
  return notices.map((n) => ({
    event: n.event,
    day: Math.round(((Date.parse(n.at) - t0) / DAY) * 1000) / 1000,
    to: n.grants.map((g) => g.recipient),
  }));
}

describe('waitForDecision with durable timers (time-skipping server)', () => {
  it('reminds after 2 days, escalates after 5, takes a decision after 40, and applies deadline defaults', async () => {
    const escalating = await start({
      steps: [
        {
          spec: spec('posting-approval'),
          wait: {
            reminders: ['2 days'],
            escalateAfter: '5 days',
            escalateTo: [BOSS],
            deadline: '45 days',
            onTimeout: 'default-reject',
          },
        },
      ],
    });
    const deemedConfirmed = await start({
      steps: [
        {
          spec: spec('statement', 'confirm'),
          wait: { reminders: ['10 days', '20 days'], deadline: '45 days', onTimeout: 'default-approve' },
        },
      ],
    });
    const failing = await start({
      steps: [{ spec: spec('credit-hold'), wait: { deadline: '30 days', onTimeout: 'fail' } }],
    });
    const keepWaiting = await start({
      steps: [
        {
          spec: spec('final-notice'),
          wait: { deadline: '7 days', onTimeout: 'escalate-and-keep-waiting', escalateTo: [BOSS], linkTtl: '60 days' },
        },
      ],
    });

    await env.sleep('40 days');

    // 40 days in: request, reminder at day 2, escalation to the director at day 5 — and still open.
    const notices = await escalating.query(fixtureNoticesQuery);
    expect(timeline(notices)).toEqual([
      { event: 'request', day: 0, to: [MANAGER] },
      { event: 'reminder', day: 2, to: [MANAGER] },
      { event: 'escalation', day: 5, to: [BOSS] },
    ]);
    const view = await escalating.query(stepQuery, 'posting-approval');
    expect(view).toMatchObject({ status: 'open', recipients: [MANAGER, BOSS] });
    expect(Date.parse(view!.deadline!) - Date.parse(notices[0]!.at)).toBe(45 * DAY);

    // The director decides on day 40 with the link from the escalation mail (still valid: links last to the deadline).
    const bossGrant = notices[2]!.grants[0]!;
    expect(bossGrant.expiresAt).toBe(Date.parse(view!.deadline!));
    const decision = await decide(escalating, {
      stepId: 'posting-approval',
      jti: bossGrant.jti,
      recipient: BOSS,
      action: 'approve',
      comment: '经理出差，我批准',
    });
    expect(decision).toMatchObject({ action: 'approve', decidedBy: BOSS });
    expect((Date.parse(decision.decidedAt) - Date.parse(notices[0]!.at)) / DAY).toBeCloseTo(40, 3);
    // A plain client's result: the time-skipping client's would unlock skipping, and in the instant between the
    // result and the lock the server jumps over the other workflows' timers (day 45 and beyond).
    const done = await plainHandle<typeof decisionFixtureWorkflow>(escalating).result();
    expect(done.outcomes['posting-approval']).toMatchObject({
      timedOut: false,
      escalated: true,
      decision: { decidedBy: BOSS, comment: '经理出差，我批准' },
    });
    expect(done.notices).toHaveLength(3);

    // Keep-waiting: escalated exactly at its 7-day deadline, then the director's decision on day 40 still counts.
    const kwNotices = await keepWaiting.query(fixtureNoticesQuery);
    expect(timeline(kwNotices)).toEqual([
      { event: 'request', day: 0, to: [MANAGER] },
      { event: 'escalation', day: 7, to: [BOSS] },
    ]);
    await decide(keepWaiting, {
      stepId: 'final-notice',
      jti: kwNotices[1]!.grants[0]!.jti,
      recipient: BOSS,
      action: 'reject',
      comment: '暂缓',
    });
    expect(
      (await plainHandle<typeof decisionFixtureWorkflow>(keepWaiting).result()).outcomes['final-notice'],
    ).toMatchObject({
      timedOut: false,
      escalated: true,
      decision: { action: 'reject' },
    });

    // Nobody answers the statement: on day 45 it is deemed confirmed by the system, after two reminders.
    const deemed = await deemedConfirmed.result();
    expect(timeline(deemed.notices).map((n) => `${n.event}@${n.day}`)).toEqual([
      'request@0',
      'reminder@10',
      'reminder@20',
    ]);
    const outcome = deemed.outcomes['statement']!;
    expect(outcome).toMatchObject({
      timedOut: true,
      decision: { action: 'confirm', decidedBy: 'system:deadline', byDefault: true },
    });
    expect((Date.parse(outcome.decision.decidedAt) - Date.parse(deemed.notices[0]!.at)) / DAY).toBeCloseTo(45, 3);
    // The workflow has moved on; its step still answers the page's query with "already decided by the system".
    expect(await deemedConfirmed.query(stepQuery, 'statement')).toMatchObject({
      status: 'decided',
      decision: { decidedBy: 'system:deadline', action: 'confirm', byDefault: true },
    });
    const late = await deemedConfirmed
      .executeUpdate(decideUpdate, {
        args: [
          {
            stepId: 'statement',
            jti: deemed.notices[0]!.grants[0]!.jti,
            recipient: MANAGER,
            action: 'dispute',
            comment: 'x',
          },
        ],
      })
      .catch((e: unknown) => e);
    expect(late).toBeInstanceOf(Error); // a closed workflow takes no Update; the web page falls back to the query

    // onTimeout 'fail' fails the workflow with a typed, non-retryable failure on day 30.
    const failure = await failing.result().catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const cause = (failure as WorkflowFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect((cause as ApplicationFailure).type).toBe('DecisionDeadlineExceeded');
  });
});
