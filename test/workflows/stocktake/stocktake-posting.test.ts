// Posting under real-life interference: the worker is restarted while the approval is pending; the ledger is
// open in Excel when the posting runs (refused, retried later) and a line moved since the snapshot (adjusted by
// the difference, never overwritten, and reported). One journal row per variance in the end.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import ExcelJS from 'exceljs';
import { stocktakeWorkflow, stocktakeWorkflowId } from '../../../workflows/stocktake';
import { withWorker } from '../../support/temporal';
import {
  MANAGER,
  PERIOD,
  actionLink,
  decideWithLink,
  fillCountSheet,
  oldPartsInput,
  sheetPath,
  startStocktakeEnv,
  truth,
  waitForStatus,
  type StocktakeEnv,
} from './stocktake-kit';

let env: StocktakeEnv;
beforeAll(async () => {
  env = await startStocktakeEnv();
});
afterAll(async () => env?.close());

/** What a warehouse keeper does in Excel: posts an issue of `delta` against one line's book quantity. */
async function moveBook(path: string, location: string, partNo: string, delta: number): Promise<void> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.worksheets[0]!;
  ws.eachRow((row) => {
    const cells = (row.values as unknown[]).map((v) => String(v ?? ''));
    if (cells.includes(location) && cells.includes(partNo)) {
      const book = row.getCell(6);
      book.value = Number(String(book.value).replace(/[０-９]/g, (c) => String(c.charCodeAt(0) - 0xff10))) + delta;
    }
  });
  await wb.xlsx.writeFile(path);
}

describe('stocktake workflow: posting survives a worker restart, an open ledger and a moved line', () => {
  it('refuses while the ledger is open, retries, adjusts the moved line by the difference, posts once', async () => {
    const workflowId = stocktakeWorkflowId(PERIOD, 'old-parts', `post-${Date.now()}`);
    const input = oldPartsInput(env, { docNoPrefix: 'PD-OP-P', submission: 'status-cell' });
    let slip = '';
    let queue = '';
    // Worker A: counting until the approval is waiting; then it stops (a deploy, a crash).
    await withWorker({ activities: env.activities }, async ({ client, taskQueue }) => {
      queue = taskQueue;
      const handle = await client.workflow.start(stocktakeWorkflow, { taskQueue, workflowId, args: [input] });
      const st = await waitForStatus(handle, (s) => s.phase === 'counting' && s.waitingFor.length === 2);
      for (const s of st.sheets) {
        await fillCountSheet(
          sheetPath(env, s),
          (r) => {
            if (!slip && truth(env, r) >= 10) {
              slip = `${r.location}|${r.partNo}`;
              return truth(env, r) - 1;
            }
            return truth(env, r);
          },
          { submit: true },
        );
      }
      await waitForStatus(handle, (s) => s.phase === 'approval');
    });

    // Meanwhile: the keeper posts an issue of 2 on the slipped line, and has the ledger open in Excel.
    const ledger = env.samples.files.stockLedger;
    const [location, partNo] = slip.split('|') as [string, string];
    await moveBook(ledger, location, partNo, -2);
    const lock = join(dirname(ledger), `~$${basename(ledger)}`);
    writeFileSync(lock, Buffer.from([4, ...Buffer.from('keeper')]));

    // Worker B (same task queue) picks the workflow up where it was; the manager approves.
    const result = await withWorker({ activities: env.activities, taskQueue: queue }, async ({ client }) => {
      const handle = client.workflow.getHandle<typeof stocktakeWorkflow>(workflowId);
      const mail = await env.catcher.waitFor(
        (m) => JSON.stringify(m.to).includes(MANAGER.email) && /盘点差异审批/.test(m.subject ?? ''),
        20_000,
      );
      await decideWithLink(client, actionLink(mail), 'approve');
      // The posting is refused while the ledger is open, and retried.
      const until = Date.now() + 30_000;
      for (;;) {
        const pending = (await handle.describe()).raw.pendingActivities ?? [];
        const post = pending.find((a) => a.activityType?.name === 'postStocktakeAdjustments');
        if (post && (post.attempt ?? 0) >= 2) {
          expect(post.lastFailure?.message).toMatch(/open in Excel/);
          break;
        }
        if (Date.now() > until) throw new Error(`posting was not retried: ${JSON.stringify(pending)}`);
        await new Promise((r) => setTimeout(r, 200));
      }
      expect((await waitForStatus(handle, (s) => s.phase === 'posting')).outcome).toBeUndefined();
      expect(readdirSync(dirname(ledger)).filter((f) => f.startsWith('盘点调整'))).toEqual([]);
      rmSync(lock);
      return handle.result();
    });

    expect(result.outcome).toBe('posted');
    const posting = result.posting!;
    expect(posting.rows).toBe(1);
    expect(posting.ledgerChangedSinceSnapshot).toBe(true);
    expect(posting.movedSinceSnapshot).toBe(1);
    // A new workbook next to the ledger; the keeper's ledger file itself is left as they saved it.
    expect(posting.target).toEqual({ kind: 'excel', path: `samples/盘点调整 ${PERIOD} 旧件库.xlsx` });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(env.excel.resolvePath(posting.target));
    const journal = wb.getWorksheet(posting.journalTab)!;
    expect(journal.actualRowCount).toBe(2);
    expect(`${journal.getCell(2, 5).value}|${journal.getCell(2, 6).value}`).toBe(slip);
    expect(journal.getCell(2, 11).value).toBe(-1);
    // The moved line: today's book (snapshot − 2) plus the adjustment (−1), not the count at the cut-off.
    const line = wb
      .getWorksheet(posting.correctionsTab)!
      .getSheetValues()
      .slice(2)
      .map((r) => (r as unknown[]).slice(1))
      .find((r) => `${r[2]}|${r[3]}` === slip)!;
    const book = env.ledger.get(slip)!.bookQty;
    expect(line.slice(5, 9)).toEqual([book, -1, book - 2, book - 3]);
    expect(line[12]).toBe('是');
  });
});
