// A rejection on the real dev server: the manager opens the mailed link, tries to reject without a reason
// (refused), then rejects with one. Nothing is posted, the counters are told why, the final report says so.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ExcelJS from 'exceljs';
import { stocktakeWorkflow, stocktakeWorkflowId } from '../../../workflows/stocktake';
import { withWorker } from '../../support/temporal';
import {
  COUNTERS,
  MANAGER,
  PERIOD,
  actionLink,
  clickLink,
  fillCountSheet,
  mailsTo,
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

describe('stocktake workflow: rejection', () => {
  it('posts nothing when the manager rejects, and says why', async () => {
    const workflowId = stocktakeWorkflowId(PERIOD, 'old-parts', `reject-${Date.now()}`);
    const input = oldPartsInput(env, { docNoPrefix: 'PD-OP-R', submission: 'status-cell' });
    const result = await withWorker({ activities: env.activities }, async ({ client, taskQueue }) => {
      const handle = await client.workflow.start(stocktakeWorkflow, { taskQueue, workflowId, args: [input] });
      const st = await waitForStatus(handle, (s) => s.phase === 'counting' && s.waitingFor.length === 2);
      let slipped = false;
      for (const s of st.sheets) {
        await fillCountSheet(
          sheetPath(env, s),
          (r) => {
            // One line one short, within tolerance: a variance but no recount.
            if (!slipped && truth(env, r) >= 10) {
              slipped = true;
              return truth(env, r) - 1;
            }
            return truth(env, r);
          },
          { submit: true },
        );
      }
      const mail = await env.catcher.waitFor(
        (m) => JSON.stringify(m.to).includes(MANAGER.email) && /盘点差异审批/.test(m.subject ?? ''),
        30_000,
      );
      const link = actionLink(mail);
      const noReason = await clickLink(link, 'reject');
      expect(noReason.status).toBe(422);
      expect((await waitForStatus(handle, (s) => s.phase === 'approval')).phase).toBe('approval');
      const rejected = await clickLink(link, 'reject', '差异原因未说明，请复核后重新盘点');
      expect(rejected.status).toBe(200);
      // A second click on the same link says it is already decided.
      const again = await fetch(link);
      expect(await again.text()).toMatch(/已.*(处理|决定)|already/);
      return handle.result();
    });

    expect(result.outcome).toBe('rejected');
    expect(result.summary.variances).toBe(1);
    expect(result.posting).toBeUndefined();
    expect(result.approvals).toEqual([
      expect.objectContaining({ name: '王经理', action: 'reject', comment: '差异原因未说明，请复核后重新盘点' }),
    ]);

    // Nothing reached the ledger workbook or the posting record.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(env.samples.files.stockLedger);
    expect(wb.worksheets.map((w) => w.name).filter((n) => n.startsWith('盘点'))).toEqual([]);
    expect(readdirSync(dirname(env.samples.files.stockLedger)).filter((f) => f.startsWith('盘点调整'))).toEqual([]);
    expect((await env.services.audit.list({ action: 'stocktake.posting' })).length).toBe(0);

    // The counters are told, with the reason; the report to the manager says it was rejected.
    for (const c of COUNTERS) {
      const notice = await env.catcher.waitFor(
        (m) => JSON.stringify(m.to).includes(c.email) && /驳回/.test(m.subject ?? ''),
        20_000,
      );
      expect(notice.text).toContain('差异原因未说明');
    }
    expect(mailsTo(env, MANAGER.email, /盘点报告/)).toHaveLength(1);
    const pdf = join(env.root, 'rejected.pdf');
    writeFileSync(pdf, (await env.services.archive.getDocument(result.report.docId))!.bytes);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('已驳回，未过账');
    expect(text).toContain('驳回');
    expect(text).toContain('差异原因未说明');
  });
});
