/**
 * Follow-up between levels on the time-skipping server (weeks pass in seconds): durable timers to each review date,
 * a fresh look at the payments each time. A partial payer climbs two levels with the reduced amount and stops once
 * paid; a paying dealer gets one reminder and nothing more; a disputed dealer gets no letter while the dispute is
 * open, and next month's children pick the open dispute up again instead of dunning.
 *
 * The dealer children are started on their own here (as the parent would start them, from the same validated
 * manifest): the Java time-skipping server stops skipping time once an abandoned child outlives its parent
 * (temporalio/sdk-typescript#1101), so the parent's fan-out is tested on the real server instead.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Client, type WorkflowHandle } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { Worker } from '@temporalio/worker';
import { decideUpdate } from '../../../workflows/lib/decision';
import { dunningDealerStatusQuery, dunningDealerWorkflow, type DunningSettingsInput } from '../../../workflows';
import { exampleProcedure } from '../../domain/dunning/fixtures';
import { createTimeSkippingEnv, createTimeSkippingWorker } from '../../support/temporal';
import { addTransactions, dealer, dealerEmail, writeBooks, type DealerBooks } from './dunning-data';
import { PEOPLE, linkIn, mailsTo, startDunningHarness, waitUntil, type DunningHarness } from './dunning-harness';
import { parsePeriod } from '../../../domain/calendar';

/** The jti a link token carries (what the web server would verify and pass on). */
function jtiOf(url: string): string {
  const payload = url.split('/a/')[1]!.split('.')[0]!;
  return (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { j: string }).j;
}

const subjects = (h: DunningHarness, id: string): string[] =>
  mailsTo(h.catcher, dealerEmail(id)).map((m) => m.subject ?? '');

type DealerHandle = WorkflowHandle<typeof dunningDealerWorkflow>;

describe('dunning follow-up with durable timers (time-skipping server)', () => {
  let h: DunningHarness;
  let env: TestWorkflowEnvironment;
  let worker: Worker;
  let taskQueue: string;
  let running: Promise<void>;
  let books: DealerBooks;
  let plain: Client;

  beforeAll(async () => {
    h = await startDunningHarness();
    // The month's run on 6 December (the dealers' payments and reviews below are dated from there).
    env = await createTimeSkippingEnv({ startAt: '2026-12-06T01:00:00Z' });
    ({ worker, taskQueue } = await createTimeSkippingWorker(env, { activities: h.activities }));
    running = worker.run();
    // A plain client: the time-skipping client's result() lets the server skip ahead while it waits.
    plain = new Client({ connection: env.connection, namespace: env.namespace ?? 'default' });
    const dir = join(h.dir, 'follow-up');
    mkdirSync(dir, { recursive: true });
    books = await writeBooks(
      dir,
      [
        dealer('T001', { name: '绍兴越城汽配' }),
        dealer('T002', { name: '嘉兴南湖汽修' }),
        dealer('T003', { name: '湖州太湖服务站' }),
      ],
      [
        { date: '2026-10-20', dealer: 'T001', type: '发货', doc: 'FT0001', amount: 10000, due: '2026-11-19' },
        { date: '2026-10-22', dealer: 'T002', type: '发货', doc: 'FT0002', amount: 3000, due: '2026-11-21' },
        { date: '2026-10-18', dealer: 'T003', type: '发货', doc: 'FT0003', amount: 8000, due: '2026-11-17' },
      ],
    );
  });
  afterAll(async () => {
    worker?.shutdown();
    await running?.catch(() => undefined);
    await env?.teardown();
    await h?.close();
  });

  /** What the parent does for a month, minus the fan-out: validate, then one child per dealer. */
  async function startMonth(settings: DunningSettingsInput, prefix: string): Promise<Record<string, DealerHandle>> {
    const prepared = await h.activities.prepareDunningRun({ settings, workflowId: prefix, runId: 'test' });
    const entries = await h.activities.readManifestSlice({ manifestRef: prepared.manifestRef, offset: 0, limit: 100 });
    const handles: Record<string, DealerHandle> = {};
    for (const e of entries) {
      handles[e.dealerId] = await env.client.workflow.start(dunningDealerWorkflow, {
        taskQueue,
        workflowId: `${prefix}-${e.dealerId}`,
        args: [{ settingsRef: prepared.settingsRef, period: settings.period, dealerId: e.dealerId, shard: e.shard }],
      });
    }
    for (const handle of Object.values(handles)) {
      await waitUntil(
        async () => ['waiting', 'disputed', 'done'].includes((await handle.query(dunningDealerStatusQuery)).phase),
        60_000,
        `${handle.workflowId} to finish its first phase`,
      );
    }
    return handles;
  }

  const resultOf = (handle: DealerHandle) =>
    plain.workflow.getHandle<typeof dunningDealerWorkflow>(handle.workflowId).result();

  it('a partial payer climbs two levels on the reduced amount; a payer stops; a dispute pauses; next month continues', async () => {
    const procedure = exampleProcedure({
      levels: [
        { level: 1, daysAfterDue: 0, minOverdueFen: 10_000, template: 'dunning-reminder' },
        { level: 2, daysAfterDue: 10, minOverdueFen: 10_000, template: 'dunning-second', feeFen: 5_000 },
        { level: 3, daysAfterDue: 30, minOverdueFen: 10_000, template: 'dunning-final', needsApproval: true },
      ],
    });
    const prefix = `dunning-2026-11-t${Date.now()}`;
    const settings = h.settings(books, { period: parsePeriod('2026-11'), procedure, followUpDays: 30 });
    const nov = await startMonth(settings, prefix);
    for (const id of ['T001', 'T002', 'T003'])
      expect(subjects(h, id).filter((s) => s.includes('付款提醒'))).toHaveLength(1);

    // The dealers answer their statements: T001 and T002 confirm, T003 disputes (through the decision Update).
    const decide = async (id: string, action: string, comment?: string) => {
      const stmt = mailsTo(h.catcher, dealerEmail(id)).find((m) => m.subject?.startsWith('【对账单】'))!;
      await plain.workflow.getHandle(nov[id]!.workflowId).executeUpdate(decideUpdate, {
        args: [
          {
            stepId: 'statement',
            action,
            jti: jtiOf(linkIn(stmt)),
            recipient: dealerEmail(id),
            ...(comment ? { comment } : {}),
          },
        ],
      });
    };
    await decide('T001', 'confirm');
    await decide('T002', 'confirm');
    await decide('T003', 'dispute', '退货抵扣未体现');
    await h.catcher.waitFor((m) => JSON.stringify(m.to).includes(PEOPLE.customerSupervisor.email), 15_000);

    // Payments entered in the sheet: T001 pays 4,000 of 10,000; T002 pays everything.
    await addTransactions(books, [
      { date: '2026-12-03', dealer: 'T001', type: '回款', doc: 'HT0001', amount: 4000 },
      { date: '2026-12-02', dealer: 'T002', type: '回款', doc: 'HT0002', amount: 3000, ref: 'FT0002' },
    ]);
    // Nine days pass: the review on 2026-12-07 finds T001 still 6,000 overdue and sends level 2.
    await env.sleep('9 days');
    const second = await waitUntil(
      () => mailsTo(h.catcher, dealerEmail('T001')).find((m) => m.subject?.includes('催款通知书（第二次）')),
      20_000,
      'level 2 letter to T001',
    );
    expect(second.text).toContain('6,000.00');
    // The fee is posted right after the letter went out.
    const fees = await waitUntil(
      async () => {
        const posted = await h.dunning.journal.list('T001');
        return posted.length ? posted : undefined;
      },
      15_000,
      'the level 2 fee',
    );
    expect(fees).toEqual([expect.objectContaining({ docNo: 'FEE-T001-2026-11-L2', amountFen: 5_000 })]);

    // T001 pays the rest and the fee; at the next look it is settled and its child ends.
    await addTransactions(books, [
      { date: '2026-12-09', dealer: 'T001', type: '回款', doc: 'HT0003', amount: '6,050.00' },
    ]);
    const t2 = await resultOf(nov.T002!);
    expect(t2).toMatchObject({ levelsSent: [1], ended: 'settled', confirmed: true });
    await env.sleep('20 days');
    const t1 = await resultOf(nov.T001!);
    expect(t1).toMatchObject({ levelsSent: [1, 2], feesChargedFen: 5_000, confirmed: true, ended: 'settled' });
    // Nobody resolved T003's dispute: no level 2 while it was open, and it is still open in the dunning state.
    const t3 = await resultOf(nov.T003!);
    expect(t3).toMatchObject({ levelsSent: [1], disputed: true, ended: 'dispute-unresolved' });
    expect(subjects(h, 'T003').filter((s) => s.includes('第二次'))).toEqual([]);
    expect(subjects(h, 'T002').filter((s) => s.includes('第二次'))).toEqual([]);
    const open = await h.dunning.state.load('T003');
    expect(open.state.disputes).toEqual([expect.objectContaining({ id: 'STMT-2026-11', reason: '退货抵扣未体现' })]);

    // December continues where each dealer stands: T003 is still disputed (routed again, no letter);
    // T001/T002 are paid up; nothing already sent is sent again.
    const asks = mailsTo(h.catcher, PEOPLE.customerSupervisor.email).length;
    const dec = await startMonth(
      { ...settings, period: parsePeriod('2026-12'), followUpDays: 0 },
      `dunning-2026-12-t${Date.now()}`,
    );
    await waitUntil(
      () => mailsTo(h.catcher, PEOPLE.customerSupervisor.email).length > asks,
      15_000,
      'dispute routed again',
    );
    expect((await dec.T003!.query(dunningDealerStatusQuery)).phase).toBe('disputed');
    for (const id of ['T001', 'T002'])
      expect(await resultOf(dec[id]!)).toMatchObject({ levelsSent: [], ended: 'horizon' });
    for (const id of ['T001', 'T002', 'T003']) {
      const letters = subjects(h, id).filter((s) => !s.startsWith('【对账单】'));
      expect(new Set(letters).size).toBe(letters.length);
    }
  });
});
