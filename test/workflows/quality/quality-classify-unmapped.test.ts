// The supervisor classifies failure texts the catalogue does not know, on the real draft review page: the November
// call log says 开裂 (twice), 无法启动 and 电气故障 — none is folded by a guess; the approval page lists each with
// suggested modes; the supervisor picks 断裂 for 开裂 and 起动困难 for 无法启动 (a made-up code is refused), leaves
// 电气故障 blank and approves over real HTTP; the answers land in the system-owned journal 故障模式归类.xlsx, once;
// December's run (real workflow, real server) folds them and asks only about 电气故障.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { MailCatcher } from '../../../scripts/lib/mail-catcher';
import { createExcelBackend } from '../../../activities/sheets/excel/excel-backend';
import { generateSamples } from '../../../activities/sheets/samples';
import { createQualityActivities, type QualityFeedbackInput } from '../../../activities/quality';
import type { RunningWebServer } from '../../../web/server';
import { createActivities, type PlatformServices } from '../../../worker';
import { qualityFeedbackStatusQuery, qualityFeedbackWorkflow } from '../../../workflows';
import { withWorker } from '../../support/temporal';
import { linkIn, openLink, readSheet, sourcesWithCallLog, submit, writeWorkbook } from './quality-test-kit';
import { startQualityWebStack, type QualityWebStack } from './quality-web-stack';
import { parsePeriod, type Period } from '../../../domain/calendar';
import { qualityFeedbackInputFromConfig } from '../../../config/start-inputs/quality-feedback-input';

const SUPERVISOR = 'supervisor@example.cn';
let stack: QualityWebStack;
let catcher: MailCatcher;
let services: PlatformServices;
let server: RunningWebServer;
let samplesDir: string;
let inputFor: (period: Period) => QualityFeedbackInput;

beforeAll(async () => {
  stack = await startQualityWebStack();
  ({ catcher, services, server } = stack);
  const cfg = stack.cfg;
  samplesDir = join(cfg.dataDirAbs, 'samples');
  await generateSamples({ dir: samplesDir, seed: 20261201, period: '2026-11' });
  await writeWorkbook(
    join(samplesDir, '来电记录.xlsx'),
    '来电',
    ['日期', '来源', '产品型号', '配件编号', '故障模式', '车架号', '数量'],
    [
      ['2026-11-04', '来电', 'JK6480', 'DP-1001', '开裂', 'LJ1K6480PAAAB0001', 1],
      ['2026-11-12', '来电', 'JK6480', 'DP-1001', '开 裂', 'LJ1K6480PAAAB0002', 1],
      ['2026-11-18', '来电', 'JK6530', 'DQ-1002', '无法启动', 'LJ1K6530PAAAB0003', 1],
      ['2026-11-23', '来电', 'JK6530', 'DQ-1003', '电气故障', 'LJ1K6530PAAAB0004', 1],
    ],
  );
  inputFor = (period) => ({
    ...qualityFeedbackInputFromConfig(cfg, period),
    sources: sourcesWithCallLog(),
    recheckEvery: '1 hour',
  });
});

afterAll(async () => {
  await stack?.close();
});

/** The form field of the select labelled with a failure text, and its options (value → label). */
function selectFor(html: string, text: string): { name: string; options: [string, string][] } {
  const label = new RegExp(`<label for="f-(fm\\d+)">“${text}”`).exec(html);
  if (!label) throw new Error(`no select for "${text}" on the page`);
  const name = label[1]!;
  const select = new RegExp(`<select id="f-${name}"[^>]*>([\\s\\S]*?)</select>`).exec(html)![1]!;
  const options = [...select.matchAll(/<option value="([^"]*)"[^>]*>([^<]*)<\/option>/g)].map((m): [string, string] => [
    m[1]!,
    m[2]!.trim(),
  ]);
  return { name, options };
}

describe('unmapped failure texts: suggested, classified by the supervisor, folded next month', () => {
  it('classify on the draft review over HTTP → journal written once → December folds them', async () => {
    const platform = createActivities(services);
    const quality = createQualityActivities({
      backendFor: () => createExcelBackend({ root: samplesDir }),
      work: services.work,
      archive: services.archive,
      mail: platform.sendMail,
      tmpDir: join(services.config.dataDirAbs, 'tmp'),
      buckets: 4,
    });
    const stamp = Date.now();
    const journalPath = join(samplesDir, '故障模式归类.xlsx');

    await withWorker({ activities: { ...platform, ...quality } }, async ({ client: c, taskQueue }) => {
      const nov = await c.workflow.start(qualityFeedbackWorkflow, {
        taskQueue,
        workflowId: `quality-2026-11-classify-${stamp}`,
        args: [inputFor(parsePeriod('2026-11'))],
      });
      const ask = await catcher.waitFor((m) => m.subject?.includes('2026-11 分发审批（草稿第1版）') ?? false, 120_000);
      // 开裂 and its spaced variant are one text after normalisation; nothing was folded into 断裂 by a guess.
      expect(ask.text).toContain('未归类故障描述 3 种（4 起');
      const link = linkIn(ask, server.url);
      const page = await openLink(link);
      expect(page.html).toContain('故障模式归类.xlsx › 故障模式归类');
      const crack = selectFor(page.html, '开裂');
      expect(crack.options[0]).toEqual(['', expect.any(String)]);
      expect(crack.options[1]).toEqual(['FM06', '建议：断裂（FM06）· 共有“裂”']);
      expect(crack.options.filter(([, l]) => l.startsWith('建议')).length).toBeLessThanOrEqual(3);
      expect(crack.options.map(([v]) => v)).toEqual(expect.arrayContaining(['FM01', 'FM12', 'FM24']));
      const start = selectFor(page.html, '无法启动');
      expect(start.options[1]).toEqual(['FM12', '建议：起动困难（FM12）· 共有“启动”']);
      const electric = selectFor(page.html, '电气故障');

      // A value that is not one of the choices is refused with the page shown again; nothing is decided.
      const bad = await submit(link, page, { action: 'approve', [`field.${crack.name}`]: 'FM99' });
      expect(bad.status).toBe(422);
      expect(bad.html).toContain('not an allowed choice');
      expect((await nov.query(qualityFeedbackStatusQuery)).phase).toBe('awaiting-approval');

      const ok = await submit(link, page, {
        action: 'approve',
        comment: '开裂按断裂处理',
        [`field.${crack.name}`]: 'FM06',
        [`field.${start.name}`]: 'FM12',
        [`field.${electric.name}`]: '',
      });
      expect(ok.status).toBe(200);
      const result = await nov.result();
      expect(result.unmapped).toMatchObject({ texts: 3, events: 4 });

      const journal = await readSheet(journalPath, '故障模式归类');
      expect(journal[0]).toEqual(['故障描述', '故障代码', '故障模式', '归类人', '归类时间', '期间', '流程']);
      expect(journal.slice(1).map((r) => r.slice(0, 6))).toEqual([
        ['开裂', 'FM06', '断裂', SUPERVISOR, result.approval.at, '2026-11'],
        ['无法启动', 'FM12', '起动困难', SUPERVISOR, result.approval.at, '2026-11'],
      ]);

      // Recording again (a retried activity, a replay) adds nothing and leaves the file alone.
      const before = statSync(journalPath).mtimeMs;
      const again = await quality.recordFailureModeClassifications({
        sources: inputFor(parsePeriod('2026-11')).sources,
        workflowId: nov.workflowId,
        period: '2026-11',
        by: SUPERVISOR,
        at: result.approval.at,
        items: [
          { text: '开裂', code: 'FM06', name: '断裂' },
          { text: '无法启动', code: 'FM12', name: '起动困难' },
        ],
      });
      expect(again).toMatchObject({ appended: 0, alreadyPresent: 2 });
      expect(statSync(journalPath).mtimeMs).toBe(before);

      // December: the journal folds 开裂 (both spellings) and 无法启动; only 电气故障 is asked about again.
      const dec = await c.workflow.start(qualityFeedbackWorkflow, {
        taskQueue,
        workflowId: `quality-2026-12-classify-${stamp}`,
        args: [inputFor(parsePeriod('2026-12'))],
      });
      const askDec = await catcher.waitFor(
        (m) => m.subject?.includes('2026-12 分发审批（草稿第1版）') ?? false,
        120_000,
      );
      expect(askDec.text).toContain('未归类故障描述 1 种（1 起');
      expect((await dec.query(qualityFeedbackStatusQuery)).counts).toMatchObject({
        unmappedTexts: 1,
        unmappedEvents: 1,
      });
      const pageDec = await openLink(linkIn(askDec, server.url));
      expect(selectFor(pageDec.html, '电气故障').name).toBe('fm1');
      expect(pageDec.html).not.toContain('“开裂”');
      expect(pageDec.html).not.toContain('“无法启动”');
      await dec.terminate('test done');
    });
  });
});
