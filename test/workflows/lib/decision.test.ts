// The decision Update and its validator, on the run's real Temporal dev server.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { WorkflowUpdateFailedError, type Client, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { Worker } from '@temporalio/worker';
import {
  decideUpdate,
  pendingStepsQuery,
  stepQuery,
  type DecisionInput,
  type DecisionResult,
  type RejectionDetails,
  type StepSpec,
} from '../../../workflows/lib/decision';
import { connectClient } from '../../support/temporal';
import { createFixtureWorker, terminateQuietly, waitForNotices } from './decision-test-kit';
import { decisionFixtureWorkflow, type DecisionFixtureInput, type FixtureNotice } from './fixtures';

const MANAGER = 'manager@example.com';
const DEALER = 'dealer.a@example.com';
const TECH = 'tech@example.com';
const CLERK = 'counter@example.com';

const approval: StepSpec = {
  stepId: 'manager-approval',
  kind: 'approval',
  title: '2026-11 新件库盘点差异审批',
  summary: ['盘点行数 1,204', '超差行 3'],
  figures: [{ label: '差异金额', value: '¥1,234.50' }],
  docIds: ['doc-variance-draft'],
  recipients: [MANAGER],
};
const statement: StepSpec = {
  stepId: 'dealer-confirm',
  kind: 'confirm',
  title: '对账单确认',
  summary: [],
  recipients: [DEALER],
};
const verdict: StepSpec = {
  stepId: 'tech-verdict',
  kind: 'form',
  title: '旧件鉴定',
  summary: ['退货单 R-0007'],
  recipients: [TECH],
  form: [
    {
      name: 'verdict',
      label: '鉴定结论',
      type: 'select',
      required: true,
      options: [
        { value: 'accepted', label: '三包认可' },
        { value: 'rejected', label: '不予认可' },
        { value: 'supplier', label: '供应商责任' },
        { value: 'nff', label: '未发现故障' },
      ],
    },
    { name: 'qty', label: '数量', type: 'integer', required: true, min: 1, max: 999 },
    { name: 'credit', label: '索赔金额', type: 'money' },
    { name: 'notes', label: '备注', type: 'text', maxLength: 200 },
  ],
};
const counts: StepSpec = {
  stepId: 'counts-submitted',
  kind: 'acknowledge',
  title: '盘点数已提交',
  summary: [],
  recipients: [CLERK],
  actionLabels: { acknowledge: '已提交盘点数' },
};

let client: Client;
let worker: Worker;
let running: Promise<void>;
let closeWorker: () => Promise<void>;
let taskQueue: string;
const started: string[] = [];

beforeAll(async () => {
  client = await connectClient();
  const w = await createFixtureWorker();
  ({ worker, taskQueue } = w);
  closeWorker = w.close;
  running = worker.run();
});

afterAll(async () => {
  for (const id of started) await terminateQuietly(client, id);
  worker?.shutdown();
  await running;
  await closeWorker?.();
  await client?.connection.close();
});

async function start(
  input: DecisionFixtureInput,
): Promise<{ handle: WorkflowHandle<typeof decisionFixtureWorkflow>; notices: FixtureNotice[] }> {
  const workflowId = `decision-test-${randomUUID()}`;
  started.push(workflowId);
  const handle = await client.workflow.start(decisionFixtureWorkflow, { workflowId, taskQueue, args: [input] });
  const notices = await waitForNotices(handle, (n) => n.length >= input.steps.length);
  return { handle, notices };
}

function grantOf(notices: FixtureNotice[], stepId: string) {
  const g = notices.find((n) => n.stepId === stepId)?.grants[0];
  if (!g) throw new Error(`no grant for ${stepId}`);
  return g;
}

async function decide(
  handle: WorkflowHandle,
  input: DecisionInput,
): Promise<DecisionResult | { rejected: RejectionDetails; message: string }> {
  try {
    return await handle.executeUpdate(decideUpdate, { args: [input] });
  } catch (err) {
    if (
      err instanceof WorkflowUpdateFailedError &&
      err.cause instanceof ApplicationFailure &&
      err.cause.type === 'DecisionRejected'
    ) {
      return { rejected: err.cause.details?.[0] as RejectionDetails, message: err.cause.message };
    }
    throw err;
  }
}

describe('decision Update on a real Temporal dev server', () => {
  it('lists open steps, rejects every bad decision in the validator, records good ones, and refuses a second decision', async () => {
    const { handle, notices } = await start({
      steps: [approval, statement, verdict, counts].map((spec) => ({ spec, wait: {} })),
    });
    const pending = await handle.query(pendingStepsQuery);
    expect(pending.map((s) => s.stepId).sort()).toEqual([
      'counts-submitted',
      'dealer-confirm',
      'manager-approval',
      'tech-verdict',
    ]);
    const a = pending.find((s) => s.stepId === 'manager-approval')!;
    expect(a).toMatchObject({
      kind: 'approval',
      title: approval.title,
      summary: approval.summary,
      figures: approval.figures,
      docIds: ['doc-variance-draft'],
      recipients: [MANAGER],
      actions: ['approve', 'reject'],
      status: 'open',
    });
    expect(JSON.stringify(pending)).not.toContain(grantOf(notices, 'manager-approval').jti);

    const mg = grantOf(notices, 'manager-approval');
    const base = { stepId: 'manager-approval', jti: mg.jti, recipient: MANAGER };
    expect(await decide(handle, { ...base, stepId: 'no-such-step', action: 'approve' })).toMatchObject({
      rejected: { reason: 'unknown-step' },
    });
    expect(await decide(handle, { ...base, jti: randomUUID(), action: 'approve' })).toMatchObject({
      rejected: { reason: 'token-mismatch' },
    });
    // The dealer's genuine grant used on the manager's step: a jti of another step is not this step's.
    expect(
      await decide(handle, { ...base, jti: grantOf(notices, 'dealer-confirm').jti, action: 'approve' }),
    ).toMatchObject({
      rejected: { reason: 'token-mismatch' },
    });
    expect(await decide(handle, { ...base, recipient: 'intruder@example.com', action: 'approve' })).toMatchObject({
      rejected: { reason: 'wrong-recipient' },
    });
    expect(await decide(handle, { ...base, action: 'confirm' })).toMatchObject({
      rejected: { reason: 'invalid-action' },
    });
    expect(await decide(handle, { ...base, action: 'reject', comment: '   ' })).toMatchObject({
      rejected: { reason: 'invalid-input', problems: ['comment: required'] },
    });

    const approved = await decide(handle, {
      ...base,
      recipient: 'Manager@Example.com',
      action: 'approve',
      comment: '同意过账',
      meta: { via: 'web', ip: '127.0.0.1' },
    });
    expect(approved).toMatchObject({
      stepId: 'manager-approval',
      action: 'approve',
      decidedBy: MANAGER,
      comment: '同意过账',
      jti: mg.jti,
    });
    const decidedAt = (approved as DecisionResult).decidedAt;
    expect(Math.abs(Date.parse(decidedAt) - Date.now())).toBeLessThan(30_000);

    const second = await decide(handle, { ...base, action: 'reject', comment: '改主意了' });
    expect(second).toMatchObject({ rejected: { reason: 'already-decided', decidedBy: MANAGER, decidedAt } });
    expect((second as { message: string }).message).toBe(
      `Step "manager-approval" already decided by ${MANAGER} at ${decidedAt}`,
    );
    expect(await handle.query(stepQuery, 'manager-approval')).toMatchObject({
      status: 'decided',
      decision: { action: 'approve', comment: '同意过账' },
    });
    expect((await handle.query(pendingStepsQuery)).map((s) => s.stepId)).not.toContain('manager-approval');

    // Dealer: a dispute needs a reason.
    const dg = grantOf(notices, 'dealer-confirm');
    const dealer = { stepId: 'dealer-confirm', jti: dg.jti, recipient: DEALER };
    expect(await decide(handle, { ...dealer, action: 'dispute' })).toMatchObject({
      rejected: { reason: 'invalid-input' },
    });
    expect(await decide(handle, { ...dealer, action: 'dispute', comment: '11月8日回款 5,000 元未计入' })).toMatchObject(
      { action: 'dispute' },
    );

    // Technician verdict: typed fields validated, stored typed (money as integer fen).
    const tg = grantOf(notices, 'tech-verdict');
    const tech = { stepId: 'tech-verdict', jti: tg.jti, recipient: TECH, action: 'submit' };
    const bad = await decide(handle, { ...tech, fields: { verdict: 'maybe', qty: '0', credit: 'abc', bogus: 'x' } });
    expect(bad).toMatchObject({ rejected: { reason: 'invalid-input' } });
    expect((bad as { rejected: RejectionDetails }).rejected.problems).toEqual([
      'unknown field "bogus"',
      '鉴定结论: not an allowed choice',
      '数量: out of range 1..999',
      '索赔金额: not an amount in yuan',
    ]);
    const notText = await decide(handle, { ...tech, fields: { verdict: 'nff', qty: 2 as unknown as string } });
    expect(notText).toMatchObject({
      rejected: { reason: 'invalid-input', problems: ['field "qty": not text', '数量: required'] },
    });
    expect(await decide(handle, { ...tech, fields: { qty: '2' } })).toMatchObject({
      rejected: { problems: ['鉴定结论: required'] },
    });
    const ok = await decide(handle, {
      ...tech,
      fields: { verdict: 'supplier', qty: '2', credit: '1,280.5', notes: '轴承异响' },
    });
    expect(ok).toMatchObject({ fields: { verdict: 'supplier', qty: 2, credit: 128050, notes: '轴承异响' } });

    const cg = grantOf(notices, 'counts-submitted');
    expect(
      await decide(handle, { stepId: 'counts-submitted', jti: cg.jti, recipient: CLERK, action: 'acknowledge' }),
    ).toMatchObject({
      action: 'acknowledge',
      decidedBy: CLERK,
    });

    const result = await handle.result();
    expect(Object.keys(result.outcomes).sort()).toEqual([
      'counts-submitted',
      'dealer-confirm',
      'manager-approval',
      'tech-verdict',
    ]);
    expect(result.outcomes['manager-approval']).toMatchObject({
      timedOut: false,
      escalated: false,
      decision: { action: 'approve', decidedBy: MANAGER },
    });

    // History: only the four accepted decisions are there (validator rejections never reach it), with who/what/comment.
    const history = await handle.fetchHistory();
    const accepted = (history.events ?? []).filter((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    expect(accepted).toHaveLength(4);
    const completed = (history.events ?? []).filter((e) => e.workflowExecutionUpdateCompletedEventAttributes);
    const payloads = completed.map((e) =>
      Buffer.from(e.workflowExecutionUpdateCompletedEventAttributes!.outcome!.success!.payloads![0]!.data!).toString(
        'utf8',
      ),
    );
    expect(payloads.some((p) => p.includes('"decidedBy":"manager@example.com"') && p.includes('同意过账'))).toBe(true);
  });

  it('rejects a link whose grant has expired by workflow time', async () => {
    const { handle, notices } = await start({
      steps: [{ spec: { ...approval, stepId: 'short-lived' }, wait: { linkTtl: '1 second' } }],
    });
    const g = grantOf(notices, 'short-lived');
    await new Promise((r) => setTimeout(r, Math.max(0, g.expiresAt - Date.now()) + 500));
    const late = await decide(handle, { stepId: 'short-lived', jti: g.jti, recipient: MANAGER, action: 'approve' });
    expect(late).toMatchObject({ rejected: { reason: 'expired' } });
    expect((await handle.query(stepQuery, 'short-lived'))?.status).toBe('open');
  });

  it("takes the decision's time from the gateway's request, kept between the step's opening and now", async () => {
    const ids = ['at-requested', 'at-future', 'at-before-open', 'at-none'];
    const { handle, notices } = await start({
      steps: ids.map((stepId) => ({ spec: { ...approval, stepId }, wait: {} })),
    });
    const opened = Date.parse((await handle.query(stepQuery, 'at-requested'))!.openedAt);
    // A click received 1 ms after the step opened: a workflow task lost and re-run later must not move it.
    const clicked = new Date(opened + 1).toISOString();
    const at = async (stepId: string, requestedAt?: string) => {
      const g = grantOf(notices, stepId);
      const before = Date.now();
      const r = await decide(handle, {
        stepId,
        jti: g.jti,
        recipient: MANAGER,
        action: 'approve',
        ...(requestedAt ? { requestedAt } : {}),
      });
      if (!('decidedAt' in r)) throw new Error(`rejected: ${JSON.stringify(r)}`);
      return { decidedAt: Date.parse(r.decidedAt), before };
    };
    expect((await at('at-requested', clicked)).decidedAt).toBe(opened + 1);
    const future = await at('at-future', '2099-01-01T00:00:00.000Z');
    expect(future.decidedAt).toBeLessThanOrEqual(Date.now());
    expect((await at('at-before-open', '2000-01-01T00:00:00.000Z')).decidedAt).toBe(opened);
    const none = await at('at-none');
    expect(none.decidedAt).toBeGreaterThanOrEqual(opened);
  });
});
