// A clean month on the real dev server: counters count exactly what is on the shelf (the book at the cut-off
// plus what moved since), one submits through the sheet's status cell, the other through the mailed link.
// No approval is asked, no journal is posted, the report reaches finance and the manager.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { adhocTag, stocktakeWorkflow, stocktakeWorkflowId } from '../../../workflows/stocktake';
import { withWorker } from '../../support/temporal';
import {
  COUNTERS,
  FINANCE,
  MANAGER,
  PERIOD,
  actionLink,
  decideWithLink,
  fillCountSheet,
  historyText,
  mailTo,
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

describe('stocktake workflow: a clean month', () => {
  it('counts equal to the shelf: no approval, no journal, report to finance and the manager', async () => {
    const workflowId = stocktakeWorkflowId(PERIOD, 'old-parts', `clean-${Date.now()}`);
    const result = await withWorker({ activities: env.activities }, async ({ client, taskQueue }) => {
      const handle = await client.workflow.start(stocktakeWorkflow, {
        taskQueue,
        workflowId,
        args: [oldPartsInput(env)],
      });
      const st = await waitForStatus(
        handle,
        (s) => s.phase === 'counting' && s.sheets.length > 0 && s.waitingFor.length === 2,
      );
      expect(st.snapshot?.lines).toBe(env.ledger.size);
      expect(new Set(st.sheets.map((s) => s.counter.email))).toEqual(new Set(COUNTERS.map((c) => c.email)));

      // Each counter got one mail with their sheet(s) attached and a "counts submitted" link.
      for (const c of COUNTERS) {
        const mail = await env.catcher.waitFor(
          (m) => JSON.stringify(m.to).includes(c.email) && /盘点表/.test(m.subject ?? ''),
          20_000,
        );
        const mine = st.sheets.filter((s) => s.counter.email === c.email);
        expect(mail.attachments.map((a) => a.filename).sort()).toEqual(mine.map((s) => s.doc!.fileName).sort());
        expect(mail.text).toContain('实盘数量');
        expect(actionLink(mail)).toContain('/a/');
      }
      const [first, second] = COUNTERS;
      for (const s of st.sheets) {
        await fillCountSheet(sheetPath(env, s), (r) => truth(env, r), {
          counter: s.counter.name,
          submit: s.counter.email === first!.email,
        });
      }
      // The first counter's status cell is picked up by the poll; the second presses the link.
      await waitForStatus(handle, (s) => !s.waitingFor.includes(first!.email));
      await decideWithLink(client, actionLink(await mailTo(env, second!.email, /盘点表/)), 'acknowledge');
      return handle.result();
    });

    expect(result.outcome).toBe('clean');
    expect(result.rounds).toBe(1);
    expect(result.summary.lines).toBe(env.ledger.size);
    expect(result.summary.variances).toBe(0);
    expect(result.summary.uncounted).toBe(0);
    expect(result.approvals).toEqual([]);
    expect(result.draft).toBeUndefined();
    const moved = [...env.ledger.values()].filter((f) => f.moved !== 0).length;
    expect(result.summary.movedAfterCutoff).toBe(moved);
    const cards = [...env.ledger.values()].filter((f) => f.cardQty !== f.bookQty).length;
    expect(result.summary.cardMismatches).toBe(cards);
    // Bin cards that disagree are corrected without an approval (no value moves); no journal rows.
    if (cards > 0) {
      expect(result.posting?.rows).toBe(0);
      expect(result.posting?.corrections).toBe(cards);
    } else expect(result.posting).toBeUndefined();

    // Nobody was asked to approve anything.
    expect(mailsTo(env, MANAGER.email, /审批/)).toHaveLength(0);
    // Finance and the manager got the report, byte-identical to the archived PDF.
    const stored = await env.services.archive.getDocument(result.report.docId);
    expect(stored!.entry.kind).toBe('stocktake-report');
    for (const who of [MANAGER, FINANCE]) {
      const mail = await env.catcher.waitFor(
        (m) => JSON.stringify(m.to).includes(who.email) && /盘点报告/.test(m.subject ?? ''),
        20_000,
      );
      expect(createHash('sha256').update(mail.attachments[0]!.content).digest('hex')).toBe(result.report.sha256);
    }
    const pdf = join(env.root, 'clean.pdf');
    writeFileSync(pdf, stored!.bytes);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('月度盘点报告');
    expect(text).toContain('旧件库');
    expect(text).toContain('无差异');
    expect(text).toContain('截止日后出入库');
    expect(text).toContain(result.snapshot.archive.sha256);

    // History carries references only: no part numbers, no tables.
    const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
    const text2 = historyText(history);
    expect(text2).toContain(result.snapshot.data.sha256);
    for (const key of [...env.ledger.keys()].slice(0, 10)) expect(text2).not.toContain(key.split('|')[0]!);
    expect(history.events!.length).toBeLessThan(400);
  });

  it('an ad hoc (不定期) count of one zone runs under its own id and counts only that zone', async () => {
    const tag = adhocTag(DateTime.now().setZone('Asia/Shanghai').toFormat('yyyyMMddHHmm'));
    const workflowId = stocktakeWorkflowId(PERIOD, 'old-parts', tag);
    expect(workflowId).toMatch(/^stocktake-\d{4}-\d{2}-old-parts-adhoc-\d{12}$/);
    const zone = '索赔区';
    const input = oldPartsInput(env, { adhoc: { tag, scope: { zones: [zone] } }, submission: 'status-cell' });
    const result = await withWorker({ activities: env.activities }, async ({ client, taskQueue }) => {
      const handle = await client.workflow.start(stocktakeWorkflow, { taskQueue, workflowId, args: [input] });
      const st = await waitForStatus(handle, (s) => s.phase === 'counting' && s.waitingFor.length === 1);
      expect(st.sheets.map((s) => s.zone)).toEqual([zone]);
      for (const s of st.sheets) await fillCountSheet(sheetPath(env, s), (r) => truth(env, r), { submit: true });
      return handle.result();
    });
    const inZone = [...env.ledger.values()].filter((f) => f.zone === zone).length;
    expect(result.snapshot.lines).toBe(inZone);
    expect(result.summary.lines).toBe(inZone);
    expect(result.outcome).toBe('clean');
    const pdf = join(env.root, 'adhoc.pdf');
    writeFileSync(pdf, (await env.services.archive.getDocument(result.report.docId))!.bytes);
    const text = execFileSync('pdftotext', ['-layout', pdf, '-'], { encoding: 'utf8' });
    expect(text).toContain('不定期盘点报告');
    expect(text).toContain(`范围 ${zone}`);
    expect(result.report.fileName).toContain(tag);
  });
});
