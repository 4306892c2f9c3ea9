// `status`, `resend-mail` and `approve` through the real entry point, against a workflow waiting for a manager's
// decision on a real worker (the approvals activity mails the link over real SMTP), in a namespace of its own.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeConnection, Worker } from '@temporalio/worker';
import type { Client, WorkflowHandle } from '@temporalio/client';
import { startMailCatcher, type MailCatcher } from '../../scripts/lib/mail-catcher';
import { createActivities, createPlatformServices, type PlatformServices } from '../../worker';
import { fixtureBundle } from '../workflows/lib/decision-test-kit';
import type { DecisionFixtureInput, DecisionFixtureResult } from '../workflows/lib/fixtures';
import { temporalAddress } from '../support/temporal';
import { eventually, freshNamespace, json, runCli, writeTestConfig, type TestConfigFile } from './cli-kit';
import { activityBoundary } from '../../activities/boundary';

const MANAGER = 'manager@example.cn';
const WORKFLOW_ID = 'stocktake-2026-11-new-parts';
const TITLE = '2026-11 新件库盘点差异审批';

interface StatusJson {
  runs: {
    workflowId: string;
    status: string;
    waiting: { stepId: string; title: string; recipients: string[] }[] | null;
  }[];
}

describe('aftersales status / resend-mail / approve (real worker, real SMTP, real Update)', () => {
  let catcher: MailCatcher;
  let services: PlatformServices;
  let file: TestConfigFile;
  let client: Client;
  let connection: NativeConnection;
  let worker: Worker;
  let running: Promise<void>;
  let handle: WorkflowHandle;

  beforeAll(async () => {
    catcher = await startMailCatcher({ port: 0 });
    const ns = await freshNamespace('cli-approve');
    client = ns.client;
    file = writeTestConfig({ namespace: ns.namespace, smtpPort: catcher.port });
    services = createPlatformServices(file.config);
    connection = await NativeConnection.connect({ address: temporalAddress() });
    worker = await Worker.create({
      connection,
      namespace: ns.namespace,
      taskQueue: file.config.temporal.taskQueue,
      workflowBundle: await fixtureBundle(),
      activities: createActivities(services),
      interceptors: { activity: [activityBoundary] },
    });
    running = worker.run();
    const input: DecisionFixtureInput = {
      steps: [
        {
          spec: {
            stepId: 'manager-approval',
            kind: 'approval',
            title: TITLE,
            summary: ['超差行 3'],
            figures: [{ label: '差异金额', value: '¥1,234.50' }],
            recipients: [MANAGER],
          },
          wait: {},
        },
      ],
      mail: true,
      names: { [MANAGER]: '王经理' },
    };
    handle = await client.workflow.start('decisionFixtureWorkflow', {
      taskQueue: file.config.temporal.taskQueue,
      workflowId: WORKFLOW_ID,
      args: [input],
    });
    await catcher.waitFor((m) => (m.subject ?? '').includes(TITLE), 20_000);
  });
  afterAll(async () => {
    await handle?.terminate('test cleanup').catch(() => undefined);
    worker?.shutdown();
    await running;
    await connection?.close();
    await client?.connection.close();
    services?.transport.close();
    await catcher?.close();
  });

  it('status shows the waiting step and who is expected to act', async () => {
    const runs = await eventually(async () => {
      const r = json<StatusJson>(await runCli(['status', '--json'], { config: file.path })).runs;
      return r.length ? r : null;
    });
    expect(runs).toEqual([
      expect.objectContaining({
        workflowId: WORKFLOW_ID,
        status: 'RUNNING',
        waiting: [expect.objectContaining({ stepId: 'manager-approval', title: TITLE, recipients: [MANAGER] })],
      }),
    ]);
    const text = await runCli(['status'], { config: file.path });
    expect(text.code).toBe(0);
    expect(text.stdout).toContain(`waiting: manager-approval "${TITLE}" → ${MANAGER}`);
    expect(text.stdout).toContain('1 step(s) waiting for someone');
  });

  it('resend-mail sends the same link again under a new key, with the reason in the audit log', async () => {
    const list = await runCli(['resend-mail', WORKFLOW_ID, '--list', '--json'], { config: file.path });
    expect(list.code, list.stderr).toBe(0);
    const mails = json<{
      mails: { activityType: string; key: { step: string; recipient: string }; sentAt?: string }[];
    }>(list).mails;
    expect(mails).toEqual([
      expect.objectContaining({
        activityType: 'sendActionRequest',
        key: expect.objectContaining({ recipient: MANAGER }),
        sentAt: expect.any(String),
      }),
    ]);
    expect(mails[0]!.key.step).toMatch(/^manager-approval#request#/);

    const noReason = await runCli(['resend-mail', WORKFLOW_ID, '--step', 'manager-approval', '--to', MANAGER], {
      config: file.path,
    });
    expect(noReason.code).toBe(2);
    expect(noReason.stderr).toContain('--reason is required');

    const reason = '邮件被误判为垃圾邮件';
    const resend = await runCli(
      [
        'resend-mail',
        WORKFLOW_ID,
        '--step',
        'manager-approval',
        '--to',
        MANAGER,
        '--reason',
        reason,
        '--operator',
        'ops@example.cn',
      ],
      { config: file.path },
    );
    expect(resend.code, resend.stderr).toBe(0);
    expect(resend.stdout).toContain(`#resend-1`);
    const sent = catcher.messages().filter((m) => (m.subject ?? '').includes(TITLE));
    expect(sent).toHaveLength(2);
    const [original, again] = sent as [(typeof sent)[0], (typeof sent)[0]];
    expect(again.messageId).not.toBe(original.messageId);
    expect(again.headers.get('x-aftersales-resend-of')).toBe(original.messageId);
    const link = (m: typeof original) => /https?:\/\/\S+\/a\/[A-Za-z0-9_.-]+/.exec(m.text ?? '')?.[0];
    expect(link(again)).toBeDefined();
    expect(link(again)).toBe(link(original));
    const audit = await services.audit.list({ action: 'mail.resend' });
    expect(audit).toEqual([
      expect.objectContaining({
        actor: 'ops@example.cn',
        detail: expect.objectContaining({ reason, resendStep: `${mails[0]!.key.step}#resend-1` }),
      }),
    ]);
  });

  it('approve goes through the same Update: wrong person and missing reason refused, then decided once', async () => {
    const [intruder, noComment] = await Promise.all([
      runCli(['approve', WORKFLOW_ID, 'manager-approval', '--as', 'intruder@example.cn'], { config: file.path }),
      runCli(['approve', WORKFLOW_ID, 'manager-approval', '--as', MANAGER, '--reject'], { config: file.path }),
    ]);
    expect(intruder.code).toBe(1);
    expect(intruder.stderr).toContain(
      `no link for step "manager-approval" was sent to intruder@example.cn; who may decide: ${MANAGER}`,
    );
    expect(noComment.code).toBe(1);
    expect(noComment.stderr).toContain('comment: required');

    const ok = await runCli(
      [
        'approve',
        WORKFLOW_ID,
        'manager-approval',
        '--as',
        'Manager@Example.cn',
        '--comment',
        '电话确认同意',
        '--operator',
        'ops@example.cn',
        '--json',
      ],
      { config: file.path },
    );
    expect(ok.code, ok.stderr).toBe(0);
    expect(json(ok)).toMatchObject({ decision: { action: 'approve', decidedBy: MANAGER }, operator: 'ops@example.cn' });
    const result = (await handle.result()) as DecisionFixtureResult;
    expect(result.outcomes['manager-approval']!.decision).toMatchObject({
      action: 'approve',
      decidedBy: MANAGER,
      comment: '电话确认同意',
      meta: { via: 'cli', userAgent: 'aftersales-cli; operator ops@example.cn' },
    });
    const audit = await services.audit.list({ action: 'approval.decision' });
    expect(audit).toEqual([
      expect.objectContaining({
        actor: MANAGER,
        target: `${WORKFLOW_ID}/manager-approval`,
        detail: expect.objectContaining({ via: 'cli', operator: 'ops@example.cn' }),
      }),
    ]);

    const twice = await runCli(['approve', WORKFLOW_ID, 'manager-approval', '--as', MANAGER], { config: file.path });
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain(`already decided: approve by ${MANAGER}`);
  });
});
