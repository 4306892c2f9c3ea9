// Weeks of waiting in seconds on the Java time-skipping server: a dealer reminded every 3 days about a part
// that never arrives (closed as not received at day 30), and a supplier claim that ages past its limit and is
// escalated to the manager, who settles it from the escalation mail over HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { startReturn, type ReturnsActivities } from '../../../activities/returns';
import { type returnProcessingWorkflow, returnStatusQuery, supplierRecoveryWorkflow } from '../../../workflows';
import { decideUpdate } from '../../../workflows/lib/decision';
import { createTimeSkippingEnv, createTimeSkippingWorker, uniqueTaskQueue } from '../../support/temporal';
import { MANAGER, linkPath, mailTo, mailsTo, readSheet, startHarness, tag, type ReturnsHarness } from './returns-kit';
import { parsePeriod } from '../../../domain/calendar';

const T = tag();
const DAY = 86_400_000;
const RETURN_NO = `L${T}01`;
const HUAXIN = '浙江华信制动系统有限公司';

let env: TestWorkflowEnvironment;
let h: ReturnsHarness;
let worker: Worker;
let taskQueue: string;
let running: Promise<void>;

beforeAll(async () => {
  // The return is registered on 2 November; the clock starts the next morning, whatever today's date is.
  env = await createTimeSkippingEnv({ startAt: '2026-11-03T01:00:00Z' });
  h = await startHarness({
    client: env.client,
    register: [[RETURN_NO, '2026-11-02', 'D002', 'BRK-1001', 1, 'SP9', '三包更换', null, null, '待收货', 320]],
    settings: {
      receiptPollInterval: '1 day',
      suppliers: [{ code: `HX${T}`, name: HUAXIN, email: 'claims@huaxin.example.cn' }],
    },
  });
  taskQueue = uniqueTaskQueue('returns-ts');
  ({ worker } = await createTimeSkippingWorker(env, { taskQueue, activities: h.activities(env.client, taskQueue) }));
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await h?.close();
  await env?.teardown();
});

describe('long waits on durable timers (time-skipping server)', () => {
  // The manager's decision goes through a plain client's Update (what the web server sends on a click), with the
  // grant from the real escalation mail: an HTTP click in flight lets the time-skipping server skip past the link's
  // validity on a loaded machine. The click itself is covered on the real-time server (return-processing.test.ts).
  it('reminds the dealer after 3, 6 and 9 days, closes as not received after 30; an aged supplier claim escalates to the manager', async () => {
    const acts = h.activities(env.client, taskQueue) as unknown as ReturnsActivities;
    await acts.recordInspection({
      returnNo: `L${T}90`,
      date: '2026-11-12',
      model: 'JX1040',
      partNo: 'BRK-1001',
      partName: '制动盘',
      supplier: HUAXIN,
      dealerId: 'D001',
      region: '华东',
      qty: 2,
      failureMode: '制动异响',
      notes: '',
      verdict: 'supplier-responsible',
      creditFen: 64_000,
    });
    const started = await startReturn(env.client, { returnNo: RETURN_NO }, { taskQueue });
    const ret = env.client.workflow.getHandle<typeof returnProcessingWorkflow>(started.workflowId);
    const claim = await env.client.workflow.start(supplierRecoveryWorkflow, {
      taskQueue,
      workflowId: `supplier-recovery-2026-11-HX${T}`,
      args: [{ period: parsePeriod('2026-11'), supplierCode: `HX${T}` }],
    });
    await mailTo(h.catcher, 'claims@huaxin.example.cn', ['【待处理】供应商索赔确认']);
    const t0 = Date.parse((await ret.describe()).startTime.toISOString());

    const reminded = () => mailsTo(h.catcher, 'dealer2@example.cn', ['旧件尚未收到', RETURN_NO]);
    await env.sleep('2 days');
    expect(reminded()).toHaveLength(0);
    await env.sleep('2 days'); // day 4: the first reminder went out on day 3
    expect((await ret.query(returnStatusQuery)).receiptReminders).toBe(1);
    expect(reminded()).toHaveLength(1);
    await env.sleep('6 days'); // day 10
    const status = await ret.query(returnStatusQuery);
    expect(status).toMatchObject({ phase: 'awaiting-receipt', receiptReminders: 3 });
    expect(status.sheetPolls).toBeGreaterThanOrEqual(9);
    const reminders = reminded();
    expect(reminders).toHaveLength(3);
    expect(reminders[2]!.text).toContain('第 3 次提醒');
    // The supplier got a reminder after a week; the manager is not involved yet.
    expect(mailsTo(h.catcher, 'claims@huaxin.example.cn', ['【提醒】供应商索赔确认'])).toHaveLength(1);
    expect(mailsTo(h.catcher, MANAGER.email, ['供应商索赔确认'])).toHaveLength(0);

    // Nothing ever arrives: closed as not received at day 30, no more than 3 reminders, nothing posted.
    // Sleep to day 30 and read the result on a plain client: the time-skipping client's result() would unlock
    // skipping, and in the instant before it locks again the server could jump past the claim's own deadlines.
    await env.sleep('20 days');
    const plain = new Client({ connection: env.connection, namespace: env.namespace ?? 'default' });
    const out = await plain.workflow.getHandle<typeof returnProcessingWorkflow>(ret.workflowId).result();
    expect(out).toMatchObject({ status: 'not-received', receiptReminders: 3, creditFen: 0, postings: {} });
    expect(Math.round(((await ret.describe()).closeTime!.getTime() - t0) / DAY)).toBe(30);
    expect(reminded()).toHaveLength(3);

    // Day 30: the claim is past its aging limit, the manager gets the link, and settles it.
    const escalation = await mailTo(h.catcher, MANAGER.email, ['【升级】供应商索赔确认']);
    expect(mailsTo(h.catcher, 'claims@huaxin.example.cn', ['【提醒】供应商索赔确认'])).toHaveLength(4); // days 7, 14, 21, 28
    const token = linkPath(escalation).split('/a/')[1]!.split('.')[0]!;
    const jti = (JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { j: string }).j;
    await plain.workflow.getHandle(claim.workflowId).executeUpdate(decideUpdate, {
      args: [
        {
          stepId: 'supplier-confirmation',
          action: 'confirm',
          jti,
          recipient: MANAGER.email,
          fields: { amount: '500' },
        },
      ],
    });
    const settled = await plain.workflow.getHandle<typeof supplierRecoveryWorkflow>(claim.workflowId).result();
    expect(settled).toMatchObject({ status: 'confirmed', aged: true, recoveredFen: 50_000, decidedBy: MANAGER.email });
    const row = (await readSheet(join(h.dir, '供应商索赔.xlsx'), '供应商索赔')).find(
      (r) => r[0] === `SC-2026-11-HX${T}`,
    );
    expect(row?.[11]).toBe('是');
    await mailTo(h.catcher, MANAGER.email, ['【供应商索赔】', '已确认']);
  });
});
