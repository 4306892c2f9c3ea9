// A month with variances on the real dev server: round 1 finds small slips (within tolerance) and two big
// shortfalls (over tolerance); the recount goes to the other counter, who finds one of them on the shelf and
// confirms the other (escalated after the last round). The manager approves by clicking the mailed link over
// HTTP, the director (above the manager's limit) through the Update; the journal is posted once, a replay of the
// history is deterministic and running the posting activity again posts nothing.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { defaultPayloadConverter } from '@temporalio/common';
import { Worker } from '@temporalio/worker';
import type { PostAdjustmentsInput } from '../../../activities/stocktake/types';
import { stocktakeWorkflow, stocktakeWorkflowId } from '../../../workflows/stocktake';
import { withWorker } from '../../support/temporal';
import {
  DIRECTOR,
  FINANCE,
  MANAGER,
  PERIOD,
  actionLink,
  clickLink,
  decideWithLink,
  fillCountSheet,
  mailTo,
  oldPartsInput,
  sheetPath,
  startStocktakeEnv,
  truth,
  waitForStatus,
  type SheetRow,
  type StocktakeEnv,
} from './stocktake-kit';

let env: StocktakeEnv;
beforeAll(async () => {
  env = await startStocktakeEnv();
});
afterAll(async () => env?.close());

const key = (r: { location: string; partNo: string }) => `${r.location}|${r.partNo}`;

describe('stocktake workflow: variances, a recount round, two-tier approval and posting', () => {
  it('posts one journal row per variance, exactly once', async () => {
    const workflowId = stocktakeWorkflowId(PERIOD, 'old-parts', `var-${Date.now()}`);
    const input = oldPartsInput(env, {
      docNoPrefix: 'PD-OP-V',
      // The manager may approve up to ¥1 only: the director must approve as well.
      approvalTiers: [
        { approver: MANAGER, maxValueFen: 100 },
        { approver: DIRECTOR, maxValueFen: null },
      ],
    });
    const facts = (r: SheetRow) => env.ledger.get(key(r))!;
    const small = new Set<string>();
    const big: string[] = [];

    const result = await withWorker({ activities: env.activities }, async ({ client, taskQueue }) => {
      const handle = await client.workflow.start(stocktakeWorkflow, { taskQueue, workflowId, args: [input] });
      const r1 = await waitForStatus(
        handle,
        (s) => s.phase === 'counting' && s.round === 1 && s.waitingFor.length === 2,
      );
      // Choose the lines before filling: two small slips, two big shortfalls.
      const rows: SheetRow[] = [];
      for (const s of r1.sheets) await fillCountSheet(sheetPath(env, s), (r) => void rows.push(r));
      for (const r of rows) {
        const f = facts(r);
        if (small.size < 2 && truth(env, r) >= 10 && f.unitCostFen <= 40_000) small.add(key(r));
        else if (big.length < 2 && truth(env, r) >= 6 && !small.has(key(r))) big.push(key(r));
      }
      expect(small.size).toBe(2);
      expect(big).toHaveLength(2);
      for (const s of r1.sheets) {
        await fillCountSheet(
          sheetPath(env, s),
          (r) => truth(env, r) - (small.has(key(r)) ? 1 : big.includes(key(r)) ? 5 : 0),
          { counter: s.counter.name, submit: true },
        );
      }

      // Round 2: only the two big shortfalls, each with the other counter.
      const r2 = await waitForStatus(handle, (s) => s.phase === 'counting' && s.round === 2 && s.sheets.length > 0);
      expect(r2.sheets.reduce((n, s) => n + s.lines, 0)).toBe(2);
      for (const s of r2.sheets) {
        const firstRound = r1.sheets.filter((x) => x.zone === s.zone).map((x) => x.counter.email);
        expect(firstRound).not.toContain(s.counter.email);
        expect(s.display).toContain('复盘表');
        // One shortfall turns up on the shelf, the other is confirmed.
        await fillCountSheet(sheetPath(env, s), (r) => truth(env, r) - (key(r) === big[1] ? 5 : 0), {
          counter: s.counter.name,
        });
        await decideWithLink(client, actionLink(await mailTo(env, s.counter.email, /复盘表/)), 'acknowledge');
      }

      // The manager opens the mailed link in a browser and presses 批准.
      const managerMail = await env.catcher.waitFor(
        (m) => JSON.stringify(m.to).includes(MANAGER.email) && /盘点差异审批/.test(m.subject ?? ''),
        30_000,
      );
      expect(managerMail.attachments[0]?.filename).toMatch(/草稿/);
      expect(managerMail.text).toContain('经 1 轮复盘仍超差');
      const page = await fetch(actionLink(managerMail));
      expect(await page.text()).toContain('差异总额');
      const click = await clickLink(actionLink(managerMail), 'approve');
      expect(click.status).toBe(200);
      const directorMail = await env.catcher.waitFor(
        (m) => JSON.stringify(m.to).includes(DIRECTOR.email) && /第2级/.test(m.subject ?? ''),
        30_000,
      );
      expect(directorMail.text).toContain('王经理 已批准');
      await decideWithLink(client, actionLink(directorMail), 'approve');
      return handle.result();
    });

    expect(result.outcome).toBe('posted');
    expect(result.rounds).toBe(2);
    expect(result.summary.variances).toBe(3);
    expect(result.summary.overTolerance).toBe(1);
    expect(result.approvals.map((a) => [a.name, a.action])).toEqual([
      ['王经理', 'approve'],
      ['吴总监', 'approve'],
    ]);
    const posting = result.posting!;
    expect(posting.status).toBe('posted');
    expect(posting.rows).toBe(3);

    // The journal: one row per variance, deterministic numbers, the approvers named.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(env.excel.resolvePath(posting.target));
    const journal = wb.getWorksheet(posting.journalTab)!;
    const jRows = journal
      .getSheetValues()
      .slice(2)
      .map((r) => (r as unknown[]).slice(1));
    expect(jRows).toHaveLength(3);
    expect(jRows.map((r) => String(r[0]))).toEqual(
      jRows.map((_, i) => `PD-OP-V-${PERIOD}-${String(i + 1).padStart(4, '0')}`),
    );
    expect(new Set(jRows.map((r) => r[15]))).toEqual(new Set(['王经理、吴总监']));
    const adj = new Map(jRows.map((r) => [`${r[4]}|${r[5]}`, r[10]]));
    for (const k of small) expect(adj.get(k)).toBe(-1);
    expect(adj.get(big[1]!)).toBe(-5);
    expect(adj.has(big[0]!)).toBe(false);
    const corrections = wb.getWorksheet(posting.correctionsTab)!;
    const confirmed = corrections
      .getSheetValues()
      .slice(2)
      .map((r) => (r as unknown[]).slice(1))
      .find((r) => `${r[2]}|${r[3]}` === big[1]);
    expect(confirmed?.[8]).toBe(env.ledger.get(big[1]!)!.bookQty - 5);

    // The report: recount history, approvals, posting, sign-off; mailed to finance and the manager.
    const report = await env.services.archive.getDocument(result.report.docId);
    mkdirSync('test-artifacts', { recursive: true });
    const pdf = join('test-artifacts', 'stocktake-variance-report.pdf');
    writeFileSync(pdf, report!.bytes);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    for (const s of [
      '月度盘点报告',
      '已过账',
      '2（复盘）',
      '复盘后仍超差',
      '王经理',
      '吴总监',
      '批准',
      posting.firstDocNo!,
      '签核',
    ]) {
      expect(text).toContain(s);
    }
    await env.catcher.waitFor(
      (m) => JSON.stringify(m.to).includes(FINANCE.email) && /盘点报告/.test(m.subject ?? ''),
      20_000,
    );

    // Replaying the recorded history with the workflow code is deterministic and runs no activity again.
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    await Worker.runReplayHistory({ workflowBundle: { codePath: inject('workflowBundlePath') } }, history, workflowId);
    // Running the posting activity again with its recorded input posts nothing.
    const scheduled = history.events!.find(
      (e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'postStocktakeAdjustments',
    );
    const recorded = defaultPayloadConverter.fromPayload<PostAdjustmentsInput>(
      scheduled!.activityTaskScheduledEventAttributes!.input!.payloads![0]!,
    );
    const again = await env.activities.postStocktakeAdjustments(recorded);
    expect(again.status).toBe('already-posted');
    expect(again.rows).toBe(3);
    const after = new ExcelJS.Workbook();
    await after.xlsx.readFile(env.excel.resolvePath(posting.target));
    expect(after.getWorksheet(posting.journalTab)!.actualRowCount).toBe(4);
    // Both decisions are in the audit log once: the click (logged by the page) and the Update (by the workflow).
    const decided = await env.services.audit.list({ action: 'approval.decision' });
    expect(decided.filter((e) => e.target === `${workflowId}/approve-1`)).toHaveLength(1);
    expect(decided.filter((e) => e.target === `${workflowId}/approve-2`).map((e) => e.actor)).toEqual([DIRECTOR.email]);
    const postings = await env.services.audit.list({ action: 'stocktake.posting' });
    expect(postings.filter((p) => p.target === `PD-OP-V-${PERIOD}`)).toHaveLength(1);
  });
});
