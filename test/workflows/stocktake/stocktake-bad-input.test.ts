// Bad input on the real dev server: a count sheet with a negative count, text in the count column, a locked
// column edited, a duplicate line, an unknown and a missing part number goes back to its counter as a problem
// report (sheet/row/column) and nothing moves on until a corrected sheet is submitted; a ledger with invalid
// rows stops before any count sheet is written; counts not submitted are reminded and escalated.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { WorkflowFailedError, type ApplicationFailure } from '@temporalio/client';
import { generateSamples } from '../../../activities/sheets/samples';
import { stocktakeWorkflow, stocktakeWorkflowId } from '../../../workflows/stocktake';
import { withWorker } from '../../support/temporal';
import {
  COUNTERS,
  MANAGER,
  PERIOD,
  actionLink,
  decideWithLink,
  fillCountSheet,
  mailTo,
  mailsTo,
  oldPartsInput,
  sheetPath,
  startStocktakeEnv,
  truth,
  waitForStatus,
  type StocktakeEnv,
} from './stocktake-kit';
import { PeriodError, type Period } from '../../../domain/calendar';

let env: StocktakeEnv;
beforeAll(async () => {
  env = await startStocktakeEnv();
});
afterAll(async () => env?.close());

async function xlsxRows(content: Buffer): Promise<unknown[][]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(content as unknown as ArrayBuffer);
  return wb.worksheets[0]!.getSheetValues()
    .slice(2)
    .map((r) => (r as unknown[]).slice(1));
}

describe('stocktake workflow: bad input', () => {
  it('reports every problem of a count sheet with its row and column, and waits for a corrected sheet', async () => {
    const workflowId = stocktakeWorkflowId(PERIOD, 'old-parts', `bad-${Date.now()}`);
    const [bad, good] = COUNTERS;
    const result = await withWorker({ activities: env.activities }, async ({ client, taskQueue }) => {
      const handle = await client.workflow.start(stocktakeWorkflow, {
        taskQueue,
        workflowId,
        // Links only: the corrected sheet is submitted by pressing the link in the problem mail.
        args: [oldPartsInput(env, { docNoPrefix: 'PD-OP-B', submission: 'link' })],
      });
      const st = await waitForStatus(handle, (s) => s.phase === 'counting' && s.waitingFor.length === 2);
      const badSheet = st.sheets.find((s) => s.counter.email === bad!.email)!;
      const planted: Record<string, number> = {};
      let original = '';
      let seen = 0;
      await fillCountSheet(
        sheetPath(env, badSheet),
        (r) => {
          seen++;
          if (seen === 1) return ((planted.negative = r.row), -4);
          if (seen === 2) return ((planted.text = r.row), '十二');
          return truth(env, r);
        },
        {
          edit: (ws, col) => {
            // A locked column typed over, a line written twice, an unknown and a missing part number.
            planted.locked = 5;
            original = String(ws.getCell(5, col['配件编号']!).value);
            ws.getCell(5, col['配件编号']!).value = 'XX-0000';
            const first = ws.getRow(3);
            const last = ws.actualRowCount + 1;
            const spare = (n: number, partNo: string | null, qty: number) => {
              const row = ws.getRow(n);
              row.getCell(col['仓库']!).value = first.getCell(col['仓库']!).value;
              row.getCell(col['库位']!).value = first.getCell(col['库位']!).value;
              row.getCell(col['配件编号']!).value = partNo;
              row.getCell(col['实盘数量']!).value = qty;
            };
            spare(last, String(first.getCell(col['配件编号']!).value), 3);
            spare(last + 1, 'ZZ-9999', 1);
            spare(last + 2, null, 2);
            Object.assign(planted, { duplicate: last, unknown: last + 1, missing: last + 2 });
          },
        },
      );
      for (const s of st.sheets.filter((x) => x !== badSheet)) {
        await fillCountSheet(sheetPath(env, s), (r) => truth(env, r));
      }
      for (const c of COUNTERS)
        await decideWithLink(client, actionLink(await mailTo(env, c.email, /盘点表/)), 'acknowledge');

      // The problem report reaches the counter; the round does not move on.
      const fix = await env.catcher.waitFor(
        (m) => JSON.stringify(m.to).includes(bad!.email) && /需修正/.test(m.subject ?? ''),
        30_000,
      );
      const status = await waitForStatus(handle, (s) => s.problems.length === 1 && !s.waitingFor.includes(good!.email));
      expect(status.phase).toBe('counting');
      expect(status.waitingFor).toEqual([bad!.email]);
      const report = fix.attachments.find((a) => a.filename?.endsWith('.xlsx'))!;
      const rows = await xlsxRows(report.content);
      const at = (row: number, column: string) => rows.find((r) => r[2] === row && r[3] === column);
      expect(at(planted.negative!, '实盘数量')?.[5]).toMatch(/负/);
      expect(at(planted.text!, '实盘数量')?.[5]).toMatch(/不是数字/);
      expect(at(planted.locked!, '配件编号')?.[5]).toMatch(/锁定列被修改/);
      expect(at(planted.duplicate!, '配件编号')?.[5]).toMatch(/重复/);
      expect(at(planted.unknown!, '配件编号')?.[5]).toMatch(/不在盘点快照/);
      expect(at(planted.missing!, '配件编号')?.[5]).toMatch(/为空/);
      expect(rows.every((r) => r[1] === '盘点表' && String(r[0]).endsWith('.xlsx'))).toBe(true);
      expect(fix.text).toContain('个问题');

      // The counter corrects the same sheet (the locked cell back as generated, the extra rows cleared) and
      // presses the link in the problem mail.
      await fillCountSheet(
        sheetPath(env, badSheet),
        (r) => (r.row === planted.locked ? truth(env, { ...r, partNo: original }) : truth(env, r)),
        {
          edit: (ws, col) => {
            ws.getCell(planted.locked!, col['配件编号']!).value = original;
            for (const n of [planted.duplicate!, planted.unknown!, planted.missing!]) {
              for (const c of ['仓库', '库位', '配件编号', '实盘数量']) ws.getCell(n, col[c]!).value = null;
            }
          },
        },
      );
      await decideWithLink(client, actionLink(fix), 'acknowledge');
      return handle.result();
    });
    expect(result.outcome).toBe('clean');
    expect(result.summary.variances).toBe(0);
    expect(result.summary.uncounted).toBe(0);
  });

  it('stops on a ledger with invalid rows before any count sheet is written', async () => {
    const dir = join(env.root, 'bad-ledger');
    const samples = await generateSamples({ dir, seed: 3, period: PERIOD, withErrors: true });
    const ledgerErrors = samples.planted.filter((p) => p.schema === 'stockLedger');
    const workflowId = stocktakeWorkflowId(PERIOD, 'old-parts', `ledger-${Date.now()}`);
    await withWorker({ activities: env.activities }, async ({ client, taskQueue }) => {
      const handle = await client.workflow.start(stocktakeWorkflow, {
        taskQueue,
        workflowId,
        args: [
          oldPartsInput(env, {
            ledger: { ref: { kind: 'excel', path: `bad-ledger/${samples.files.stockLedger.split('/').pop()}` } },
          }),
        ],
      });
      const st = await waitForStatus(handle, (s) => s.phase === 'ledger-problems');
      expect(st.sheets).toEqual([]);
      expect(st.problems[0]!.count).toBeGreaterThanOrEqual(ledgerErrors.length);
      const mail = await env.catcher.waitFor(
        (m) => JSON.stringify(m.to).includes(COUNTERS[0]!.email) && /台账需修正/.test(m.subject ?? ''),
        30_000,
      );
      const rows = await xlsxRows(mail.attachments[0]!.content);
      for (const p of ledgerErrors) {
        expect(
          rows.some((r) => r[1] === p.sheet && r[2] === p.row),
          `${p.why} at row ${p.row}`,
        ).toBe(true);
      }
      await handle.terminate('test done');
    });
  });

  it("refuses period 2026-13 by the calendar's one rule, before any activity runs", async () => {
    const bad = '2026-13' as Period;
    expect(() => stocktakeWorkflowId(bad, 'old-parts')).toThrow(PeriodError);
    await withWorker({ activities: env.activities }, async ({ client, taskQueue }) => {
      const handle = await client.workflow.start(stocktakeWorkflow, {
        taskQueue,
        workflowId: `stocktake-bad-period-${Date.now()}`,
        args: [{ ...oldPartsInput(env), period: bad }],
      });
      const err = await handle.result().then(
        () => null,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(WorkflowFailedError);
      const cause = (err as WorkflowFailedError).cause as ApplicationFailure;
      expect(cause.type).toBe('ConfigError');
      expect(cause.nonRetryable).toBe(true);
      expect(cause.message).toBe(
        'stocktake input: period must look like 2026-11 (yyyy-MM, month 01–12), got "2026-13"',
      );
      const history = await handle.fetchHistory();
      expect(history.events!.some((e) => e.activityTaskScheduledEventAttributes)).toBe(false);
    });
  });

  it('reminds the counters before the deadline and escalates to the manager after it', async () => {
    const workflowId = stocktakeWorkflowId(PERIOD, 'old-parts', `late-${Date.now()}`);
    const input = oldPartsInput(env, {
      countDeadline: '6 seconds',
      countReminders: ['2 seconds'],
      submission: 'link',
      docNoPrefix: 'PD-OP-L',
    });
    const result = await withWorker({ activities: env.activities }, async ({ client, taskQueue }) => {
      const handle = await client.workflow.start(stocktakeWorkflow, { taskQueue, workflowId, args: [input] });
      const st = await waitForStatus(handle, (s) => s.phase === 'counting' && s.waitingFor.length === 2);
      for (const c of COUNTERS) {
        await env.catcher.waitFor(
          (m) => JSON.stringify(m.to).includes(c.email) && /【提醒】/.test(m.subject ?? ''),
          20_000,
        );
      }
      const escalations: string[] = [];
      for (let i = 0; i < 2; i++) {
        const m = await env.catcher.waitFor(
          (x) =>
            JSON.stringify(x.to).includes(MANAGER.email) &&
            /【升级】/.test(x.subject ?? '') &&
            !escalations.includes(actionLink(x)),
          20_000,
        );
        escalations.push(actionLink(m));
      }
      // The first counter filled the sheet but never pressed the link; the other did nothing.
      const filled = st.sheets.filter((s) => s.counter.email === COUNTERS[0]!.email);
      for (const s of filled) await fillCountSheet(sheetPath(env, s), (r) => truth(env, r));
      for (const link of escalations) await decideWithLink(client, link, 'acknowledge');
      return {
        result: await handle.result(),
        empty: st.sheets.filter((s) => !filled.includes(s)).reduce((n, s) => n + s.lines, 0),
      };
    });
    expect(result.result.summary.uncounted).toBe(result.empty);
    expect(result.result.summary.variances).toBe(0);
    expect(mailsTo(env, MANAGER.email, /【升级】/)).toHaveLength(2);
  });
});
