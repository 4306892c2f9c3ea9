/**
 * People in the loop, clicked through the real web server with the links from the real mails: a dealer disputes
 * its statement and the customer supervisor resolves it; a final notice waits for the manager, then goes out with
 * a credit hold written to the dealer sheet, which is lifted once the dealer pays.
 *
 * On the time-skipping server with its clock set to 6 December 2026 (and kept locked: it moves in real time, never
 * skips), because a dealer's looks are dated by workflow time: on the real server the outcome would depend on the
 * day the suite runs (a year later the follow-up horizon has passed and the October invoices are long overdue).
 * Every child ends before its parent here, so the parent's fan-out is safe on this server
 * (temporalio/sdk-typescript#1101 concerns children that outlive their parent).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { emptyDunningState } from '../../../domain/dunning';
import {
  dunningDealerStatusQuery,
  dunningFinishSignal,
  dunningMonthWorkflow,
  dunningRecheckSignal,
  type DunningDealerResult,
} from '../../../workflows';
import { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { exampleProcedure } from '../../domain/dunning/fixtures';
import { createTimeSkippingEnv, createTimeSkippingWorker } from '../../support/temporal';
import { addTransactions, dealer, dealerEmail, holdCell, writeBooks } from './dunning-data';
import { PEOPLE, click, linkIn, mailsTo, startDunningHarness, waitUntil, type DunningHarness } from './dunning-harness';

describe('dunning decisions over HTTP (real server, real mails, real clicks)', () => {
  let h: DunningHarness;
  let env: TestWorkflowEnvironment;
  /** The server's clock: locked, it runs in real time from the instant the test set. Links expire by it. */
  let serverNow: () => number;
  beforeAll(async () => {
    h = await startDunningHarness();
    env = await createTimeSkippingEnv({ startAt: '2026-12-06T01:00:00Z' });
    const offset = (await env.currentTimeMs()) - Date.now();
    serverNow = () => Date.now() + offset;
  });
  afterAll(async () => {
    await env?.teardown();
    await h?.close();
  });

  /** A worker on the time-skipping server for one scenario, with a plain client (which never unlocks skipping). */
  async function withWorker<T>(
    opts: { activities: DunningHarness['activities'] },
    fn: (w: { client: Client; taskQueue: string }) => Promise<T>,
  ): Promise<T> {
    const { worker, taskQueue } = await createTimeSkippingWorker(env, opts);
    const client = new Client({ connection: env.connection, namespace: env.namespace ?? 'default' });
    return worker.runUntil(fn({ client, taskQueue }));
  }

  it('a disputed statement pauses dunning and goes to the customer supervisor, who resolves it', async () => {
    const dir = join(h.dir, 'dispute');
    mkdirSync(dir, { recursive: true });
    const books = await writeBooks(
      dir,
      [dealer('P001', { name: '宁波港城汽配', contact: '陈先生' })],
      [{ date: '2026-10-12', dealer: 'P001', type: '发货', doc: 'FP0001', amount: 4200, due: '2026-12-11' }],
    );
    const workflowId = `dunning-2026-10-d${Date.now()}`;
    await withWorker({ activities: h.activities }, async ({ client, taskQueue }) => {
      await h.startWeb(client, serverNow);
      const parent = await client.workflow.start(dunningMonthWorkflow, {
        taskQueue,
        workflowId,
        args: [{ settings: h.settings(books, { followUpDays: 60 }), settleWait: '1 second' }],
      });
      // The month's first report goes out while the dealer's child keeps its link open and follows up; it says so.
      const first = await h.catcher.waitFor(
        (m) => JSON.stringify(m.to).includes(PEOPLE.finance.email) && !!m.subject?.includes('经销商往来账目月统计报表'),
        60_000,
      );
      expect(first.text).toMatch(/待处理[^\n]*1 项/);
      const child = client.workflow.getHandle(`${workflowId}-P001`);
      const statement = await h.catcher.waitFor((m) => m.subject === '【对账单】宁波港城汽配 2026-10', 10_000);
      expect(statement.attachments[0]!.filename).toBe('对账单-P001-2026-10.pdf');
      const link = linkIn(statement);

      // Dispute without a reason is refused by the page; with one it is recorded.
      expect((await click(link, 'dispute')).status).toBe(422);
      const disputed = await click(link, 'dispute', '10月12日发货少了两箱，金额不对');
      expect(disputed.status).toBe(200);

      // The customer supervisor gets a link of their own, with the statement attached.
      const ask = await h.catcher.waitFor(
        (m) =>
          JSON.stringify(m.to).includes(PEOPLE.customerSupervisor.email) && !!m.subject?.includes('经销商对账异议'),
        15_000,
      );
      expect(ask.text).toContain('10月12日发货少了两箱');
      expect(ask.attachments.map((a) => a.filename)).toEqual(['对账单-P001-2026-10.pdf']);
      await waitUntil(
        async () => (await child.query(dunningDealerStatusQuery)).phase === 'disputed',
        10_000,
        'disputed',
      );
      const open = await h.dunning.state.load('P001');
      expect(open.state.disputes).toEqual([
        expect.objectContaining({ id: 'STMT-2026-10', reason: '10月12日发货少了两箱，金额不对' }),
      ]);
      expect(open.state.disputes[0]!.resolvedOn).toBeUndefined();

      const resolved = await click(linkIn(ask), 'resolve', '已核实：补发两箱，开具退货抵扣单 TH0099');
      expect(resolved.status).toBe(200);
      await waitUntil(
        async () => (await h.dunning.state.load('P001')).state.disputes[0]?.resolvedOn,
        15_000,
        'dispute resolved in the dunning state',
      );
      const after = await h.dunning.state.load('P001');
      expect(after.state.disputes[0]).toMatchObject({ resolution: '已核实：补发两箱，开具退货抵扣单 TH0099' });

      // A second click on the dealer's link says it was already decided.
      const again = await (await fetch(link)).text();
      expect(again).toContain('已由 p001@dealers.example.cn');
      expect(again).not.toContain('<form');

      await child.signal(dunningFinishSignal);
      const result = (await child.result()) as DunningDealerResult;
      expect(result).toMatchObject({ disputed: true, statementSent: true, levelsSent: [], ended: 'finish-signal' });
      // Once the dealer is done, the month's report is built again from the final facts: a correction.
      const month = await parent.result();
      expect(month).toMatchObject({ reportVersions: 2, pending: 0 });
      expect(month.summary).toMatchObject({ disputes: 1, statementsSent: 1 });
      const correction = await h.catcher.waitFor(
        (m) => !!m.subject?.includes('经销商往来账目月统计报表（更正）'),
        10_000,
      );
      expect(correction.attachments[0]!.filename).toBe('经销商往来账目月统计报表-2026-10.pdf');
    });
    // No dunning letter went to the dealer.
    expect(mailsTo(h.catcher, dealerEmail('P001')).filter((m) => !m.subject?.startsWith('【对账单】'))).toEqual([]);
  });

  it('a final notice needs the manager; approved, it goes out with a credit hold that is lifted when the dealer pays', async () => {
    const dir = join(h.dir, 'final');
    mkdirSync(dir, { recursive: true });
    const books = await writeBooks(
      dir,
      [dealer('F001', { name: '温州瓯江汽修', hold: '否' })],
      [{ date: '2026-08-31', dealer: 'F001', type: '发货', doc: 'FF0001', amount: '12,500.00', due: '2026-09-30' }],
    );
    // Where the dealer stood after September: the reminder (level 1) already went out on 2026-10-10.
    const seeded = emptyDunningState('F001');
    seeded.levelByDoc = { FF0001: { level: 1, sentOn: '2026-10-10' } };
    seeded.highestLevel = 1;
    seeded.lastLetterOn = '2026-10-10';
    seeded.letters = [{ letterId: 'DUN-F001-20261010-L1', level: 1, sentOn: '2026-10-10', docNos: ['FF0001'] }];
    await h.dunning.state.save('F001', 0, seeded, { opId: 'seed', by: 'test' });
    const procedure = exampleProcedure({
      graceDays: 0,
      levels: [
        { level: 1, daysAfterDue: 0, minOverdueFen: 10_000, template: 'dunning-reminder' },
        { level: 2, daysAfterDue: 10, minOverdueFen: 10_000, template: 'dunning-final', needsApproval: true },
      ],
      creditHold: { overLimit: false },
    });
    const workflowId = `dunning-2026-10-f${Date.now()}`;
    await withWorker({ activities: h.activities }, async ({ client, taskQueue }) => {
      await h.startWeb(client, serverNow);
      const parent = await client.workflow.start(dunningMonthWorkflow, {
        taskQueue,
        workflowId,
        args: [{ settings: h.settings(books, { procedure, followUpDays: 60 }), settleWait: '1 second' }],
      });
      // The child reports before it waits for the manager: the first report goes out meanwhile, naming it pending.
      const firstReport = await h.catcher.waitFor(
        (m) => JSON.stringify(m.to).includes(PEOPLE.finance.email) && !!m.subject?.includes('经销商往来账目月统计报表'),
        60_000,
      );
      expect(firstReport.text).toMatch(/待处理[^\n]*1 项/);
      const child = client.workflow.getHandle(`${workflowId}-F001`);

      const ask = await h.catcher.waitFor(
        (m) => JSON.stringify(m.to).includes(PEOPLE.manager.email) && !!m.subject?.includes('催款函及信用冻结审批'),
        15_000,
      );
      // The approval page and mail give the reasons in words, not codes.
      expect(ask.text).toContain('最后一级催款函（最后通知）');
      expect(ask.text).not.toContain('final-level');
      const draft = ask.attachments.find((a) => a.filename === '催款函（待审批）-F001-L2-2026-10.pdf');
      expect(draft).toBeDefined();
      const draftPath = join(dir, 'draft.pdf');
      writeFileSync(draftPath, draft!.content);
      const draftText = execFileSync('pdftotext', ['-layout', draftPath, '-'], { encoding: 'utf8' });
      expect(draftText).toContain('草稿');
      expect(draftText).toContain('最后催款通知书'); // a level-1 letter went out in October: not a first notice
      expect(draftText).toContain('信用冻结');
      expect(mailsTo(h.catcher, dealerEmail('F001')).filter((m) => m.subject?.includes('最后催款通知'))).toEqual([]);
      expect(await holdCell(books, 'F001')).toBe('否');

      expect((await click(linkIn(ask), 'approve', '同意发出最后通知并冻结')).status).toBe(200);
      const notice = await h.catcher.waitFor((m) => !!m.subject?.includes('【最后催款通知书】温州瓯江汽修'), 15_000);
      // The letter sent is the approved one, numbered and signed off with the approver and the time.
      expect(notice.attachments[0]!.filename).toBe('催款函-CK-2026-10-F001-01.pdf');
      const sentPath = join(dir, 'sent.pdf');
      writeFileSync(sentPath, notice.attachments[0]!.content);
      const sent = execFileSync('pdftotext', ['-layout', sentPath, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
      expect(sent).toContain('CK-2026-10-F001-01');
      expect(sent).toMatch(/审批 王经理 已批准（电子审批） \d{4}-\d\d-\d\d \d\d:\d\d/);
      expect(sent).toContain('我部已于 2026-10-10 发函催告');
      expect(sent).not.toContain('草稿');
      await waitUntil(async () => (await holdCell(books, 'F001')) === '是', 15_000, 'credit hold on the dealer sheet');
      // The sheet is written first, then the state is committed.
      const held = await waitUntil(
        async () => {
          const st = await h.dunning.state.load('F001');
          return st.state.creditHold ? st : undefined;
        },
        15_000,
        'the hold committed to the dunning state',
      );
      expect(held.state.creditHold).toMatchObject({ reason: 'dunning-level' });
      expect(held.state.levelByDoc['FF0001']?.level).toBe(2);

      // The dealer pays in full; staff enter it and ask the child to look again.
      await waitUntil(async () => (await child.query(dunningDealerStatusQuery)).phase === 'waiting', 15_000, 'waiting');
      await addTransactions(books, [
        { date: '2026-11-20', dealer: 'F001', type: '回款', doc: 'HF0001', amount: 12500, ref: 'FF0001' },
      ]);
      await child.signal(dunningRecheckSignal);
      await waitUntil(async () => (await holdCell(books, 'F001')) === '否', 20_000, 'credit hold lifted');
      await waitUntil(
        async () => (await h.dunning.state.load('F001')).state.creditHold === undefined,
        15_000,
        'the lift committed to the dunning state',
      );

      await child.signal(dunningFinishSignal);
      const result = (await child.result()) as DunningDealerResult;
      expect(result).toMatchObject({ levelsSent: [2], creditHold: 'lifted', onHold: false });
      // The final report counts the letter the manager approved, not what stood before the decision.
      const month = await parent.result();
      expect(month).toMatchObject({ reportVersions: 2, pending: 0 });
      expect(month.summary).toMatchObject({ statementsSent: 1, levelsSent: { '2': 1 } });
    });
    // Exactly one final notice.
    expect(mailsTo(h.catcher, dealerEmail('F001')).filter((m) => m.subject?.includes('最后催款通知'))).toHaveLength(1);
  });
});
