// The returns-register watcher on the run's real dev server: one workflow per return number whatever happens
// (re-reads, edits, a restarted watcher with its seen-set lost), bad rows reported with file/sheet/row/column,
// and receipt + verdict taken from the sheet's own cells.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import type { NativeConnection, Worker } from '@temporalio/worker';
import { seenSetPath } from '../../../activities/returns/seen-set';
import { type returnProcessingWorkflow, returnsWatcherWorkflow, type ReturnOutcome } from '../../../workflows';
import { connectClient, createTestWorker, uniqueTaskQueue } from '../../support/temporal';
import {
  KEEPER,
  TECH,
  mailTo,
  mailsTo,
  readSheet,
  startHarness,
  tag,
  writeRegister,
  type RegisterRow,
  type ReturnsHarness,
} from './returns-kit';

const T = tag();
const no = (n: string): string => `W${T}${n}`;
const ROWS: RegisterRow[] = [
  [no('01'), '2026-11-02', 'D001', 'BRK-1001', 1, 'SP1', '三包更换', null, null, '待收货', 320], // row 2
  [no('02'), '2026-11-02', 'D002', 'FLT-3001', 2, 'SP2', '三包更换', '2026-11-06', '三包同意', '已鉴定', 90], // row 3
  [no('03'), '2026-11-03', 'D001', 'BRK-1001', 1, 'SP3', '三包更换', null, null, '待收货', 320], // row 4
  [no('03'), '2026-11-03', 'D001', 'BRK-1001', 2, 'SP3', '三包更换', null, null, '待收货', 640], // row 5: same number
  [no('04'), '2026-11-04', 'D777', 'BRK-1001', 1, 'SP4', '三包更换', null, null, '待收货', 320], // row 6: unknown dealer
  [no('05'), '2026-11-04', 'D001', 'ZZZ-9999', 1, 'SP5', '三包更换', null, null, '待收货', 10], // row 7: unknown part
  [no('06'), '2026-11-05', 'D002', 'FLT-3001', 0, 'SP6', '三包更换', null, null, '待收货', 0], // row 8: qty 0
  [no('07'), '2026-11-05', 'D002', 'FLT-3001', 1, 'SP7', '三包更换', null, '三包同意', '已鉴定', 45], // row 9: verdict, never received
  [no('08'), '2026-10-05', 'D002', 'FLT-3001', 1, 'SP8', '三包更换', '2026-10-09', '三包同意', '已结算', 45], // row 10: settled
];

let client: Client;
let h: ReturnsHarness;
let taskQueue: string;
let current: { worker: Worker; connection: NativeConnection; running: Promise<void> } | undefined;

async function startWorker(): Promise<void> {
  const w = await createTestWorker({ taskQueue, activities: h.activities(client, taskQueue) });
  current = { worker: w.worker, connection: w.connection, running: w.worker.run() };
}

async function stopWorker(): Promise<void> {
  if (!current) return;
  current.worker.shutdown();
  await current.running;
  await current.connection.close();
  current = undefined;
}

let runs = 0;
const watch = () =>
  client.workflow.execute(returnsWatcherWorkflow, {
    taskQueue,
    workflowId: `returns-watcher-${T}-${++runs}`,
    args: [],
  });

beforeAll(async () => {
  client = await connectClient();
  taskQueue = uniqueTaskQueue('returns-watch');
  h = await startHarness({ client, register: ROWS, settings: { receiptPollInterval: '1 second' } });
  await startWorker();
});

afterAll(async () => {
  for (const n of ['01', '02'])
    await client.workflow
      .getHandle(`return-${no(n)}`)
      .terminate('cleanup')
      .catch(() => undefined);
  await stopWorker();
  await h?.close();
  await client?.connection.close();
});

describe('returns watcher', () => {
  const firstRuns: Record<string, string> = {};

  it('starts one workflow per valid new row and reports every bad row with file, sheet, row and column', async () => {
    const r = await watch();
    expect(r.started.sort()).toEqual([no('01'), no('02')]);
    expect(r.settled).toBe(1);
    expect(r.problemsMailed).toBe(true);
    const mail = await mailTo(h.catcher, KEEPER.email, ['旧件退回登记', 'returns.xlsx']);
    const text = mail.text ?? '';
    expect(text).toContain('returns.xlsx › 旧件退回 › row 4 › column "退回单号"');
    expect(text).toContain('returns.xlsx › 旧件退回 › row 5 › column "退回单号"');
    expect(text).toContain('row 6 › column "经销商编号"');
    expect(text).toContain('row 7 › column "配件编号"');
    expect(text).toContain('row 8 › column "数量"');
    expect(text).toContain('row 9 › column "鉴定结论"');
    expect(r.problemCount).toBe(6);
    // The journals exist from the first run on (header only until something is posted).
    for (const f of ['退货抵扣.xlsx', '旧件入库.xlsx', '三包鉴定结果.xlsx', '供应商索赔.xlsx'])
      expect(existsSync(join(h.dir, f))).toBe(true);
    for (const n of ['01', '02']) firstRuns[n] = (await client.workflow.getHandle(`return-${no(n)}`).describe()).runId;
  });

  it('a re-read starts nothing and does not mail the same problems again', async () => {
    const before = mailsTo(h.catcher, KEEPER.email, ['旧件退回登记']).length;
    const r = await watch();
    expect(r.started).toEqual([]);
    expect(r.alreadyStarted).toEqual([]);
    expect(r.known).toBe(2);
    expect(r.problemsMailed).toBe(false);
    expect(mailsTo(h.catcher, KEEPER.email, ['旧件退回登记']).length).toBe(before);
  });

  it('a restarted watcher that lost its seen-set starts no duplicate: Temporal refuses the second start', async () => {
    await stopWorker();
    rmSync(seenSetPath(join(h.services.config.dataDirAbs, 'returns'), h.settings.sources.register));
    await startWorker();
    const r = await watch();
    expect(r.started).toEqual([]);
    expect(r.alreadyStarted.sort()).toEqual([no('01'), no('02')]);
    for (const n of ['01', '02']) {
      expect((await client.workflow.getHandle(`return-${no(n)}`).describe()).runId).toBe(firstRuns[n]);
    }
  });

  it('receipt and verdict written in the sheet move the return on; an edited row starts nothing new', async () => {
    // Return 02 was received and inspected in the sheet already: it completes without anyone clicking.
    const two: ReturnOutcome = await client.workflow
      .getHandle<typeof returnProcessingWorkflow>(`return-${no('02')}`)
      .result();
    expect(two).toMatchObject({
      receivedOn: '2026-11-06',
      receivedVia: 'sheet',
      verdict: 'warranty-accepted',
      qtyCredited: 2,
      creditFen: 9_000,
    });
    expect(two.inspection?.by).toMatch(/^sheet:returns\.xlsx › 旧件退回 › 3$/);

    // The warehouse fills in 01's received date and verdict (and edits its quantity): the waiting workflow reads them.
    const edited = ROWS.map((r): RegisterRow =>
      r[0] === no('01')
        ? [r[0], r[1], r[2], r[3], 1, r[5], '改：三包更换', '2026-11-09', '供应商责任', '已鉴定', r[10]]
        : r,
    );
    mkdirSync(join(h.dir, 'tmp'), { recursive: true });
    await writeRegister(join(h.dir, 'tmp'), edited);
    renameSync(join(h.dir, 'tmp', 'returns.xlsx'), join(h.dir, 'returns.xlsx'));
    const one: ReturnOutcome = await client.workflow
      .getHandle<typeof returnProcessingWorkflow>(`return-${no('01')}`)
      .result();
    expect(one).toMatchObject({
      receivedOn: '2026-11-09',
      receivedVia: 'sheet',
      verdict: 'supplier-responsible',
      creditFen: 32_000,
    });
    // The technician had been asked through the form link; the sheet's verdict closed that step.
    await mailTo(h.catcher, TECH.email, ['三包旧件鉴定', no('01')]);
    const r = await watch();
    expect(r.started).toEqual([]);
    expect(r.known).toBe(2);
    const credits = await readSheet(join(h.dir, '退货抵扣.xlsx'), '退货抵扣');
    expect(credits.filter((c) => c[8] === no('01') || c[8] === no('02'))).toHaveLength(2);
  });
});
