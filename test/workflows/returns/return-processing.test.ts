// Return processing end to end on the run's real dev server: real workbooks, real SMTP, real PDFs (pdftotext),
// and every person's decision clicked over real HTTP from the link in the real mail.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { WorkflowFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import { readTransactions } from '../../../activities/dunning/read-dealer-tables';
import { startReturn, type ReturnsActivities } from '../../../activities/returns';
import { createExcelBackend } from '../../../activities/sheets/excel/excel-backend';
import { readTable } from '../../../activities/sheets/read-table';
import { schemas } from '../../../domain/sheets';
import { decideUpdate, pendingStepsQuery } from '../../../workflows/lib/decision';
import { type returnProcessingWorkflow, returnStatusQuery, type ReturnOutcome } from '../../../workflows';
import { connectClient, createTestWorker, uniqueTaskQueue } from '../../support/temporal';
import {
  KEEPER,
  MANAGER,
  TECH,
  answer,
  clickLink,
  linkPath,
  mailTo,
  readSheet,
  startHarness,
  tag,
  type RegisterRow,
  type ReturnsHarness,
} from './returns-kit';

const T = tag();
const no = (n: string): string => `R${T}${n}`;
const REGISTER: RegisterRow[] = [
  [no('01'), '2026-11-03', 'D001', 'BRK-1001', 2, 'SP20261101', '三包更换', null, null, '待收货', 700],
  [no('02'), '2026-11-04', 'D002', 'FLT-3001', 3, 'SP20261102', '质量问题', null, null, '待收货', 150],
  [no('03'), '2026-11-05', 'D001', 'BRK-1001', 4, 'SP20261103', '三包更换', null, null, '待收货', 1280],
  [no('04'), '2026-11-06', 'D002', 'ELC-2001', 3, 'SP20261104', '索赔旧件', null, null, '待收货', 6000],
  [no('05'), '2026-11-07', 'D001', 'FLT-3001', 1, 'SP20261105', '三包更换', null, null, '待收货', 45],
];

let client: Client;
let h: ReturnsHarness;
let worker: Worker;
let running: Promise<void>;
let taskQueue: string;
let closeConnection: () => Promise<void>;
const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  client = await connectClient();
  h = await startHarness({ client, register: REGISTER });
  taskQueue = uniqueTaskQueue('returns');
  const w = await createTestWorker({ taskQueue, activities: h.activities(client, taskQueue) });
  worker = w.worker;
  closeConnection = () => w.connection.close();
  running = worker.run();
});

afterAll(async () => {
  worker?.shutdown();
  await running;
  await closeConnection?.();
  await h?.close();
  await client?.connection.close();
});

const start = (returnNo: string) => startReturn(client, { returnNo }, { taskQueue });
const result = (workflowId: string): Promise<ReturnOutcome> =>
  client.workflow.getHandle<typeof returnProcessingWorkflow>(workflowId).result();
const backend = () => createExcelBackend({ root: h.dir });

async function receiveAndInspect(
  returnNo: string,
  fields: Record<string, string>,
  receipt: Record<string, string> = {},
): Promise<void> {
  await answer(h, KEEPER.email, ['旧件收货确认', returnNo], 'acknowledge', { fields: receipt });
  await answer(h, TECH.email, ['三包旧件鉴定', returnNo], 'submit', { fields });
}

async function pdfText(docId: string): Promise<string> {
  const doc = await h.services.archive.getDocument(docId);
  expect(doc).not.toBeNull();
  const dir = join(process.cwd(), 'test-artifacts', 'returns');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${doc!.entry.fileName}`);
  writeFileSync(path, doc!.bytes);
  return execFileSync('pdftotext', ['-layout', path, '-'], { encoding: 'utf8' });
}

describe('return processing (real worker, dev server, SMTP, HTTP links)', () => {
  it('accepted warranty return: receipt and verdict by link, credit written once where dunning reads it, GRN archived and mailed', async () => {
    const started = await start(no('01'));
    expect(started).toMatchObject({ workflowId: `return-${no('01')}`, status: 'started' });
    // A second start of the same number is refused by Temporal, not run twice.
    expect((await start(no('01'))).status).toBe('already-started');

    // The keeper and the technician give the business dates (the part came in on the 5th, inspected on the 6th),
    // which the GRN and the inspection journal carry instead of the day the links were clicked.
    await receiveAndInspect(
      no('01'),
      {
        verdict: 'warranty-accepted',
        qtyAccepted: '2',
        failureMode: '制动异响',
        vin: 'LJ1K1040P12345678',
        notes: '摩擦面异常磨损',
        inspectedOn: '2026-11-06',
      },
      { receivedOn: '2026-11-05' },
    );
    const out = await result(started.workflowId);
    expect(out).toMatchObject({
      status: 'completed',
      receivedOn: '2026-11-05',
      inspection: { inspectedOn: '2026-11-06' },
      receivedVia: 'link',
      verdict: 'warranty-accepted',
      qtyCredited: 2,
      creditFen: 70_000,
      abnormal: false,
    });
    expect(out.postings.credit).toMatchObject({ status: 'appended', key: `CR-${no('01')}` });

    // The credit note, in the dealer-transactions layout: the dunning reader parses it as a 退货抵扣 credit.
    const tx = await readTransactions(backend(), h.settings.targets.credits);
    const credit = tx.rows.find((r) => r.docNo === `CR-${no('01')}`);
    expect(credit).toMatchObject({ dealerId: 'D001', type: 'credit', amountFen: 70_000 });
    expect(tx.summary.problemCount).toBe(0);

    // Old-parts ledger receipt (stockMovements layout) and the inspection result (qualityEvents layout).
    const moves = await readTable(backend(), h.settings.targets.oldParts, schemas.stockMovements, {
      policy: 'stop-on-error',
    });
    expect(moves.rows.find((r) => r.docNo === `GRN-${no('01')}`)).toMatchObject({
      warehouse: 'old-parts',
      partNo: 'BRK-1001',
      qty: 2,
    });
    const q = await readTable(backend(), h.settings.targets.inspections, schemas.qualityEvents, {
      policy: 'stop-on-error',
    });
    expect(q.rows.find((r) => r.vin === 'LJ1K1040P12345678')).toMatchObject({
      source: 'inspection',
      model: 'JX1040',
      partNo: 'BRK-1001',
      failureMode: '制动异响',
      supplier: '浙江华信制动系统有限公司',
      dealerId: 'D001',
      date: '2026-11-06',
      region: '华东',
      qty: 2,
    });

    // The GRN: archived, mailed to the dealer with the same bytes, Chinese text intact.
    const mail = await mailTo(h.catcher, 'dealer1@example.cn', ['入库单', no('01')]);
    expect(mail.attachments).toHaveLength(1);
    expect(sha256(mail.attachments[0]!.content)).toBe(out.grn!.sha256);
    expect(mail.text).toContain('700.00');
    const text = await pdfText(out.grn!.docId);
    expect(text).toContain(`旧件入库单 GRN-${no('01')}`);
    expect(text).toContain('三包同意');
    expect(text).toContain('700.00');
    expect(text).toContain(`CR-${no('01')}`);

    // The history replays deterministically and stays small: references and step decisions, no tables.
    const history = await client.workflow.getHandle(started.workflowId).fetchHistory();
    await Worker.runReplayHistory(
      { workflowBundle: { codePath: inject('workflowBundlePath') } },
      history,
      started.workflowId,
    );
    expect(history.events!.length).toBeLessThan(200);

    // A retried posting (a replay, a reset) finds the key and writes nothing.
    const acts = h.activities(client, taskQueue) as unknown as ReturnsActivities;
    const again = await acts.postReturnCredit({
      returnNo: no('01'),
      date: '2026-12-01',
      dealerId: 'D001',
      amountFen: 99_999,
    });
    expect(again).toMatchObject({ status: 'already-present', amountFen: 70_000 });
    const rows = (await readSheet(join(h.dir, '退货抵扣.xlsx'), '退货抵扣')).filter((r) => r[3] === `CR-${no('01')}`);
    expect(rows).toHaveLength(1);
  });

  it('rejected return: the dealer agrees through the link, nothing is credited, the inspection is recorded', async () => {
    const started = await start(no('02'));
    await receiveAndInspect(no('02'), {
      verdict: 'rejected-not-warranty',
      qtyAccepted: '0',
      failureMode: '人为损坏',
      notes: '滤清器外壳有撬痕',
    });
    const ask = await answer(h, 'dealer2@example.cn', ['鉴定结果确认', no('02')], 'confirm');
    expect(ask.page).toContain('鉴定不属于三包范围');
    expect(ask.page).toContain('滤清器外壳有撬痕');
    const out = await result(started.workflowId);
    expect(out).toMatchObject({
      abnormal: true,
      reasons: ['rejected'],
      resolution: 'dealer-agreed',
      creditFen: 0,
      qtyCredited: 0,
    });
    expect(out.postings.credit).toBeUndefined();
    expect(out.postings.oldParts).toBeUndefined();
    const credits = await readSheet(join(h.dir, '退货抵扣.xlsx'), '退货抵扣');
    expect(credits.some((r) => r[8] === no('02'))).toBe(false);
    const q = await readSheet(join(h.dir, '三包鉴定结果.xlsx'), '三包鉴定');
    expect(q.find((r) => r[12] === no('02'))?.[13]).toBe('拒绝（非三包）');
    const grn = await mailTo(h.catcher, 'dealer2@example.cn', ['入库单', no('02')]);
    expect(grn.text).toContain('经销商同意鉴定结果');
  });

  it('a dispute goes to the manager, who accepts the dealer claim: the full quantity is credited', async () => {
    const started = await start(no('03'));
    await receiveAndInspect(no('03'), {
      verdict: 'warranty-accepted',
      qtyAccepted: '3',
      failureMode: '制动抖动',
      notes: '一件无故障',
    });
    await answer(h, 'dealer1@example.cn', ['鉴定结果确认', no('03')], 'dispute', {
      comment: '四件均有抖动，附检测记录',
    });
    const review = await answer(h, MANAGER.email, ['经销商异议处理', no('03')], 'reject', {
      comment: '复检确认四件均有问题',
    });
    expect(review.mail.text).toContain('四件均有抖动，附检测记录');
    const out = await result(started.workflowId);
    expect(out).toMatchObject({
      abnormal: true,
      reasons: ['qty-mismatch'],
      resolution: 'manager-overruled',
      qtyCredited: 4,
      creditFen: 128_000,
    });
    const tx = await readTransactions(backend(), h.settings.targets.credits);
    expect(tx.rows.find((r) => r.docNo === `CR-${no('03')}`)?.amountFen).toBe(128_000);
  });

  it('a credit over the threshold waits for the manager, approved from the link in the real mail', async () => {
    const started = await start(no('04'));
    await receiveAndInspect(no('04'), {
      verdict: 'supplier-responsible',
      qtyAccepted: '3',
      failureMode: '发电不足',
      notes: '调节器失效',
    });
    const status = async () => client.workflow.getHandle(started.workflowId).query(returnStatusQuery);
    const mail = await mailTo(h.catcher, MANAGER.email, ['退货抵扣审批', no('04')]);
    expect((await status()).phase).toBe('awaiting-credit-approval');
    expect(mail.text).toContain('6,000.00');
    // Nothing is posted before the approval.
    const before = await readTransactions(backend(), h.settings.targets.credits);
    expect(before.rows.some((r) => r.docNo === `CR-${no('04')}`)).toBe(false);
    const path = linkPath(mail);
    const click = await clickLink(h.web, path, 'approve');
    expect(click.status).toBe(200);
    const out = await result(started.workflowId);
    expect(out).toMatchObject({
      verdict: 'supplier-responsible',
      creditFen: 600_000,
      creditApproval: { approved: true, by: MANAGER.email },
    });
    const tx = await readTransactions(backend(), h.settings.targets.credits);
    expect(tx.rows.find((r) => r.docNo === `CR-${no('04')}`)?.amountFen).toBe(600_000);
    // The same link a second time: already decided, nothing changes.
    const page = await fetch(`${h.web.url}${path}`);
    expect(await page.text()).toContain('此事项已处理');
    const moves = await readSheet(join(h.dir, '旧件入库.xlsx'), '旧件入库');
    expect(moves.find((r) => r[5] === `GRN-${no('04')}`)?.[3]).toBe('索赔区');
  });

  it('bad input: unknown dealer and qty 0 from the CLI fail with file/sheet/row/column; a verdict before receipt is refused', async () => {
    const bad = `R${T}99`;
    const started = await startReturn(
      client,
      {
        returnNo: bad,
        line: {
          returnNo: bad,
          date: '2026-11-08',
          dealerId: 'D999',
          partNo: 'XXX-0000',
          qty: 0,
          source: {
            file: 'returns.xlsx',
            sheet: '旧件退回',
            row: 42,
            columns: { dealerId: '经销商编号', qty: '数量', partNo: '配件编号' },
          },
        },
      },
      { taskQueue },
    );
    const err = await result(started.workflowId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkflowFailedError);
    // WorkflowFailedError › ActivityFailure › ApplicationFailure (type ValidationError) with every problem.
    const app = (err as WorkflowFailedError).cause?.cause as ApplicationFailure;
    expect(app).toBeInstanceOf(ApplicationFailure);
    expect(app.type).toBe('ValidationError');
    expect(app.nonRetryable).toBe(true);
    const msg = app.message;
    expect(msg).toContain('returns.xlsx › 旧件退回 › row 42 › column "经销商编号"');
    expect(msg).toContain('column "数量"');
    expect(msg).toContain('column "配件编号"');
    const credits = await readSheet(join(h.dir, '退货抵扣.xlsx'), '退货抵扣');
    expect(credits.some((r) => r[8] === bad)).toBe(false);

    // Return 05 waits for receipt: there is no verdict step to decide yet.
    const waiting = await start(no('05'));
    const handle = client.workflow.getHandle(waiting.workflowId);
    await mailTo(h.catcher, KEEPER.email, ['旧件收货确认', no('05')]);
    expect((await handle.query(pendingStepsQuery)).map((s) => s.stepId)).toEqual(['receipt']);
    const refused = await handle
      .executeUpdate(decideUpdate, {
        args: [
          {
            stepId: 'verdict',
            action: 'submit',
            jti: 'forged',
            recipient: TECH.email,
            fields: { verdict: 'warranty-accepted', qtyAccepted: '1' },
          },
        ],
      })
      .catch((e: unknown) => e);
    const why = (refused as { cause?: ApplicationFailure }).cause;
    expect(why?.type).toBe('DecisionRejected');
    expect(why?.message).toMatch(/Unknown step "verdict"/);
    expect((await handle.query(returnStatusQuery)).phase).toBe('awaiting-receipt');
    await handle.terminate('test done');
    expect(existsSync(join(h.dir, '退货抵扣.xlsx'))).toBe(true);
    const after = await readSheet(join(h.dir, '退货抵扣.xlsx'), '退货抵扣');
    expect(after.some((r) => r[8] === no('05'))).toBe(false);
  });
});
