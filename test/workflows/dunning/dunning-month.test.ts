/**
 * The monthly parent on the real dev server with real SMTP, real Excel files and real PDFs: validation holds back
 * the dealers with bad rows (reported per row to finance), statements go to every dealer with activity or a
 * balance, letters to the overdue ones, the parent continues as new and stays small, and the finance summary
 * arrives as PDF + sheet tab. Then next month continues where each dealer stands, and a re-run sends nothing twice.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import type { Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { defaultSummaryTarget } from '../../../activities/dunning/finance-report';
import { dunningMonthWorkflow, dunningProgressQuery } from '../../../workflows';
import { withWorker } from '../../support/temporal';
import { dealer, readTab, writeBooks, type DealerBooks, dealerEmail } from './dunning-data';
import { PEOPLE, mailsTo, startDunningHarness, type DunningHarness } from './dunning-harness';
import { parsePeriod, type Period } from '../../../domain/calendar';

function pdfText(h: DunningHarness, bytes: Buffer, name: string): string {
  const path = join(h.dir, name);
  writeFileSync(path, bytes);
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
}

/** The local activities a history recorded, in order (each marker's details name the activity type). */
function localActivities(events: temporal.api.history.v1.IHistoryEvent[]): string[] {
  return events.flatMap((e) => {
    const data = e.markerRecordedEventAttributes?.details?.data?.payloads?.[0]?.data;
    return data ? [(JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type: string }).activity_type] : [];
  });
}

async function historyLength(client: Client, workflowId: string, runId?: string): Promise<number> {
  const h = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  return h.events?.length ?? 0;
}

describe('dunning month (parent + children on the real server)', () => {
  let h: DunningHarness;
  beforeAll(async () => {
    h = await startDunningHarness();
  });
  afterAll(async () => {
    await h.close();
  });

  it('holds back bad dealers, sends statements and letters, continues as new, and reports to finance', async () => {
    const books = await writeBooks(
      h.dir,
      [
        dealer('D001', { name: '杭州东风汽配', region: '华东' }),
        dealer('D002', { name: '南京长江汽修', region: '华东' }),
        dealer('D003', { name: '合肥安达服务站', region: '华东' }),
        dealer('D004', { name: '武汉江城汽配', region: '华中' }),
        dealer('D005', { name: '长沙湘江汽修', region: '华中' }),
        dealer('D006', { name: '成都蜀道服务站', region: '西南' }),
        dealer('D007', { name: '重庆山城汽配', region: '西南' }),
        // Staff paused dunning for this one (催款冻结): statement yes, letter no.
        dealer('D008', { name: '贵阳筑城汽修', region: '西南', block: '是' }),
      ],
      [
        { date: '2026-09-10', dealer: 'D001', type: '发货', doc: 'FH0001', amount: 8000, due: '2026-10-10' },
        { date: '2026-10-08', dealer: 'D001', type: '回款', doc: 'HK0001', amount: '8,000.00', ref: 'FH0001' },
        { date: '2026-09-20', dealer: 'D002', type: '发货', doc: 'FH0002', amount: 5000, due: '2026-10-20' },
        { date: '2026-10-03', dealer: 'D004', type: '发货', doc: 'FH0004', amount: -300, due: '2026-11-02' },
        { date: '2026-10-05', dealer: 'D004', type: '发货', doc: 'FH0005', amount: 1200 },
        { date: '2026-08-01', dealer: 'D005', type: '发货', doc: 'FH0006', amount: 2000, due: '2026-08-31' },
        { date: '2026-10-06', dealer: 'D006', type: '发货', doc: 'FH0007', amount: 900, due: '2026-11-05' },
        { date: '2026-10-07', dealer: 'D006', type: '回款', doc: 'FH0007', amount: 900 },
        { date: '2026-10-01', dealer: 'D007', type: '发货', doc: 'FH0008', amount: 3000, due: '2026-10-31' },
        { date: '2026-10-15', dealer: 'D007', type: '退货抵扣', doc: 'TH0001', amount: 500, ref: 'FH0008' },
        { date: '2026-10-20', dealer: 'D007', type: '回款', doc: 'HK0002', amount: 1000 },
        { date: '2026-10-09', dealer: 'D999', type: '回款', doc: 'HK0099', amount: 100 },
        { date: '2026-08-15', dealer: 'D008', type: '发货', doc: 'FH0009', amount: 700, due: '2026-09-14' },
      ],
    );
    const workflowId = `dunning-2026-10-m${Date.now()}`;
    const result = await withWorker({ activities: h.activities }, async ({ client, taskQueue }) => {
      const handle = await client.workflow.start(dunningMonthWorkflow, {
        taskQueue,
        workflowId,
        args: [{ settings: h.settings(books), concurrency: 2, childrenPerRun: 2 }],
      });
      const r = await handle.result();
      const progress = await handle.query(dunningProgressQuery);
      expect(progress).toMatchObject({ phase: 'done', total: 8, done: 8, heldBack: 2, inFlight: 0 });
      // Continue-as-new kept every run of the parent small; a child's history is a few dozen events.
      const runs = await client.workflow.list({ query: `WorkflowId = '${workflowId}'` });
      const lengths: number[] = [];
      for await (const run of runs) lengths.push(await historyLength(client, workflowId, run.runId));
      expect(lengths.length).toBe(r.generations);
      expect(Math.max(...lengths)).toBeLessThan(200);
      const child = await historyLength(client, `${workflowId}-D002`);
      console.log(`parent runs: ${lengths.join(', ')} events; child D002: ${child} events`);
      expect(child).toBeLessThan(120);
      // A dealer whose month ends with its decision (followUpDays 0, nobody asked) reports once, finally, by its
      // result: no signal to the parent, one workflow task; the parent counted its completion (done 8 above, failed
      // none below). The parent's input says which paths the child takes (oneTask), so no patch marker and no
      // search-attribute upsert (dunning-report-by-result.test.ts starts children without it: they ask for the patch).
      for (const dealer of ['D001', 'D003']) {
        const handle = client.workflow.getHandle(`${workflowId}-${dealer}`);
        const events = (await handle.fetchHistory()).events ?? [];
        expect(
          events.filter((e) => e.signalExternalWorkflowExecutionInitiatedEventAttributes),
          dealer,
        ).toHaveLength(0);
        expect(
          events.filter((e) => e.workflowTaskCompletedEventAttributes),
          dealer,
        ).toHaveLength(1);
        expect(
          events.filter((e) => e.upsertWorkflowSearchAttributesEventAttributes),
          dealer,
        ).toHaveLength(0);
        expect(
          events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_patch'),
          dealer,
        ).toHaveLength(0);
        expect(await handle.result(), dealer).toMatchObject({ dealerId: dealer, reportedBy: 'result' });
      }
      // Every statement was rendered by its child's first look (ChildBegin.statementDocId), with no render step of its
      // own: the children's render steps are the two letters' (levelsSent below), not the five statements'.
      const steps: string[][] = [];
      for (const dealer of ['D001', 'D002', 'D003', 'D004', 'D005', 'D006', 'D007', 'D008']) {
        const history = await client.workflow
          .getHandle(`${workflowId}-${dealer}`)
          .fetchHistory()
          .catch(() => null); // held back: no child
        if (history) steps.push(localActivities(history.events ?? []));
      }
      expect(steps).toHaveLength(6);
      expect(steps.filter((s) => s.includes('sendStatementMail'))).toHaveLength(5);
      for (const s of steps) expect(s[0]).toBe('beginDealerMonth');
      expect(steps.flat().filter((a) => a === 'renderDocument')).toHaveLength(2);
      return r;
    });

    expect(result.generations).toBe(3); // 6 children, 2 per run
    expect(result).toMatchObject({ period: '2026-10', dealers: 8, heldBack: 2, failed: [] });
    expect(result.summary).toMatchObject({ statementsSent: 5, levelsSent: { '1': 2 }, heldBack: 2 });
    // 2,000 (D005) + 5,000 (D002) + 1,500 (D007) + 700 (D008) owed; D001 settled; D003 nothing.
    expect(result.summary.closingFen).toBe(920_000);

    // Problem report: every bad row with file, sheet, row and column, mailed to finance as xlsx.
    const problemMail = mailsTo(h.catcher, PEOPLE.finance.email).find((m) => m.subject?.includes('对账数据问题清单'));
    expect(problemMail?.attachments).toHaveLength(1);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(problemMail!.attachments[0]!.content as unknown as ExcelJS.Buffer);
    const rows: string[] = [];
    wb.worksheets[0]!.eachRow((r) => rows.push((r.values as unknown[]).slice(1).join(' | ')));
    // Text starting with '-' is written with a leading apostrophe so it can never become a formula.
    expect(rows.some((r) => /^往来账\.xlsx \| 往来账 \| 6 \| 金额 \| '?-300 \|/.test(r) && r.includes('D004'))).toBe(
      true,
    );
    expect(rows.some((r) => r.startsWith('往来账.xlsx | 往来账 | 7 | 到期日') && r.includes('D004'))).toBe(true);
    expect(rows.filter((r) => / \| (9|10) \| 单据号 \| FH0007/.test(r) && r.includes('D006'))).toHaveLength(2);
    expect(rows.some((r) => r.includes('| 经销商编号 | D999') && r.includes('未知'))).toBe(true);

    // Statements to dealers with activity or a balance, once each; none to the others.
    const statements = h.catcher.messages().filter((m) => m.subject?.startsWith('【对账单】'));
    const to = statements.map((m) => JSON.stringify(m.to)).join(' ');
    for (const id of ['D001', 'D002', 'D005', 'D007', 'D008'])
      expect(mailsTo(h.catcher, dealerEmail(id)).filter((m) => m.subject?.startsWith('【对账单】'))).toHaveLength(1);
    for (const id of ['D003', 'D004', 'D006']) expect(to).not.toContain(dealerEmail(id));
    const d007 = mailsTo(h.catcher, dealerEmail('D007')).find((m) => m.subject?.startsWith('【对账单】'))!;
    expect(d007.text).toContain('/a/');
    const stmt = pdfText(h, d007.attachments[0]!.content, 'stmt-d007.pdf');
    expect(stmt).toContain('对账单 2026-10');
    expect(stmt).toContain('重庆山城汽配');
    expect(stmt).toMatch(/期末余额[\s\S]*1,500\.00/);

    // Letters: level 1 to the two overdue dealers, with the letter PDF.
    const letters = h.catcher.messages().filter((m) => m.subject?.includes('付款提醒'));
    expect(letters.map((m) => (m.to as { text: string }).text).sort()).toEqual([
      expect.stringContaining(dealerEmail('D002')),
      expect.stringContaining(dealerEmail('D005')),
    ]);
    const letter = pdfText(h, letters[0]!.attachments[0]!.content, 'letter.pdf');
    expect(letter).toContain('付款提醒函');

    // Finance summary: PDF mailed to finance, per-dealer tab written beside the transactions.
    const summaryMail = mailsTo(h.catcher, PEOPLE.finance.email).find((m) =>
      m.subject?.includes('经销商往来账目月统计报表'),
    );
    const summaryText = pdfText(h, summaryMail!.attachments[0]!.content, 'summary.pdf');
    expect(summaryText).toContain('经销商往来账目月统计报表 2026-10');
    expect(summaryText).toContain('华中');
    expect(summaryText).toMatch(/D004（2）/);
    const target = defaultSummaryTarget({ kind: 'excel', path: books.transactionsPath });
    const tab = await readTab((target as { path: string }).path, '往来统计 2026-10');
    expect(tab[0]).toContain('经销商编号');
    expect(
      tab
        .slice(1)
        .map((r) => r[0])
        .sort(),
    ).toEqual(['D001', 'D002', 'D003', 'D005', 'D007', 'D008']);
    expect(mailsTo(h.catcher, dealerEmail('D008')).map((m) => m.subject)).toEqual(['【对账单】贵阳筑城汽修 2026-10']);
  });

  it('next month continues where each dealer stands; re-running a month sends and posts nothing twice', async () => {
    const dir = join(h.dir, 'next-month');
    mkdirSync(dir, { recursive: true });
    const books: DealerBooks = await writeBooks(
      dir,
      [dealer('N001', { name: '苏州吴中汽配' }), dealer('N002', { name: '无锡太湖汽修' })],
      [
        { date: '2026-08-20', dealer: 'N001', type: '发货', doc: 'FN0001', amount: 6000, due: '2026-09-19' },
        { date: '2026-09-05', dealer: 'N002', type: '发货', doc: 'FN0002', amount: 700, due: '2026-10-05' },
      ],
    );
    const run = (period: Period, id: string) =>
      withWorker({ activities: h.activities }, ({ client, taskQueue }) =>
        client.workflow.execute(dunningMonthWorkflow, {
          taskQueue,
          workflowId: id,
          args: [{ settings: h.settings(books, { period }), concurrency: 4 }],
        }),
      );
    const stamp = Date.now();
    const sep = await run(parsePeriod('2026-09'), `dunning-2026-09-n${stamp}`);
    expect(sep.summary.levelsSent).toEqual({ '1': 1 });
    const oct = await run(parsePeriod('2026-10'), `dunning-2026-10-n${stamp}`);
    // N001 climbs to level 2 (with its fee); N002 gets its first reminder. Nobody gets level 1 again.
    expect(oct.summary.levelsSent).toEqual({ '1': 1, '2': 1 });
    const n001 = mailsTo(h.catcher, dealerEmail('N001'));
    expect(n001.filter((m) => m.subject?.includes('付款提醒'))).toHaveLength(1);
    expect(n001.filter((m) => m.subject?.includes('催款通知书（第二次）'))).toHaveLength(1);
    expect(await h.dunning.journal.list('N001')).toEqual([
      expect.objectContaining({ docNo: 'FEE-N001-2026-10-L2', amountFen: 5_000, date: '2026-11-01' }),
    ]);
    const state = await h.dunning.state.load('N001');
    expect(state.state.levelByDoc['FN0001']).toEqual({ level: 2, sentOn: '2026-10-31' });

    // Re-running October (same business id): statements and letters are already sent, the fee already posted.
    const before = h.catcher.messages().length;
    const again = await run(parsePeriod('2026-10'), `dunning-2026-10-n${stamp}`);
    expect(again.summary.statementsSent).toBe(2);
    await new Promise((r) => setTimeout(r, 500));
    expect(
      h.catcher
        .messages()
        .slice(before)
        .map((m) => m.subject),
    ).toEqual([]);
    expect(await h.dunning.journal.list('N001')).toHaveLength(1);
  });
});
