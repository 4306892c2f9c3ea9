// A month that cannot be compiled as it is (a configured workbook is missing): the workflow asks the supervisor
// to correct the sheets (mail with the problem list) and waits durably; the file appears and a `qualityCorrected`
// signal (the CLI's way) makes it compile again; the supervisor approves through the real `decide` Update; the
// summary goes to the configured workbook, beside — never over — a tab of the same name a person keeps there.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type QualityFeedbackInput } from '../../../activities/quality';
import { verifyActionToken } from '../../../lib/action-token';
import { qualityCorrectedSignal, qualityFeedbackStatusQuery, qualityFeedbackWorkflow } from '../../../workflows';
import { decideUpdate, pendingStepsQuery } from '../../../workflows/lib/decision';
import { withWorker } from '../../support/temporal';
import { linkIn, readSheet, startQualityWorld, writeWorkbook } from './quality-test-kit';
import { parsePeriod } from '../../../domain/calendar';
import { qualityFeedbackInputFromConfig } from '../../../config/start-inputs/quality-feedback-input';

const PERIOD = parsePeriod('2026-11');
let world: Awaited<ReturnType<typeof startQualityWorld>>;
let samplesDir: string;
let input: QualityFeedbackInput;

beforeAll(async () => {
  world = await startQualityWorld(5, PERIOD);
  samplesDir = world.samplesDir;
  mkdirSync(join(samplesDir, '汇总'));
  await writeWorkbook(
    join(samplesDir, '汇总', '质量月报.xlsx'),
    '质量信息反馈表 2026-11',
    ['我的备注'],
    [['主管手工记录，勿动']],
  );
  input = {
    ...qualityFeedbackInputFromConfig(world.cfg, PERIOD),
    sources: {
      qualityEvents: [
        { ref: { kind: 'excel', path: '质量信息汇总.xlsx' } },
        { ref: { kind: 'excel', path: '三包鉴定 2026-11.xlsx' } },
      ],
      failureModes: { ref: { kind: 'excel', path: '故障模式目录.xlsx' } },
    },
    summaryTarget: { kind: 'excel', path: '汇总/质量月报.xlsx' },
    recheckEvery: '1 hour',
  };
});

afterAll(async () => {
  await world?.close();
});

describe('quality feedback: blocked month, corrected-signal, approval by Update', () => {
  it('waits for the missing workbook, compiles again on the signal, distributes on approval', async () => {
    const { catcher, services } = world;
    const activities = world.activities();
    const workflowId = `quality-${PERIOD}-corrections-${Date.now()}`;
    const result = await withWorker({ activities }, async ({ client, taskQueue }) => {
      const handle = await client.workflow.start(qualityFeedbackWorkflow, { taskQueue, workflowId, args: [input] });

      const fix = await catcher.waitFor((m) => m.subject?.includes('请更正数据（第1轮）') ?? false, 60_000);
      expect(fix.text).toContain('三包鉴定 2026-11.xlsx');
      expect(fix.attachments.map((a) => a.filename)).toEqual(['质量信息数据问题 2026-11 第1轮.xlsx']);
      const status = await handle.query(qualityFeedbackStatusQuery);
      expect(status).toMatchObject({ phase: 'awaiting-corrections', round: 1, drafts: [] });
      expect(status.blocking[0]).toContain('三包鉴定 2026-11.xlsx');

      // The technician's inspection workbook appears; the CLI says "corrected".
      await writeWorkbook(
        join(samplesDir, '三包鉴定 2026-11.xlsx'),
        '三包鉴定',
        ['日期', '来源', '产品型号', '配件编号', '故障模式', '车架号', '供应商'],
        [
          ['2026-11-12', '三包鉴定', 'JK6600EV', 'DQ-2001', '中控黑屏', 'LJ8E6600RABC12345', '深圳华显电子'],
          ['2026-11-19', '三包鉴定', 'JK6600EV', 'DQ-2001', '屏幕不亮', 'LJ8E6600RABC12399', '深圳华显电子'],
        ],
      );
      await handle.signal(qualityCorrectedSignal, { by: 'cli:李主管', note: '已补交三包鉴定表' });

      const ask = await catcher.waitFor((m) => m.subject?.includes('分发审批（草稿第2版）') ?? false, 90_000);
      expect(ask.attachments).toHaveLength(5);
      const steps = await handle.query(pendingStepsQuery);
      expect(steps.map((s) => s.stepId)).toEqual(['approve-distribution-r2']);
      expect(steps[0]!.docIds).toHaveLength(5);

      const token = linkIn(ask, 'http://127.0.0.1:9').split('/a/')[1]!;
      const verified = verifyActionToken(token, { keys: services.config.secrets.linkKeys });
      if (!verified.ok) throw new Error(`link did not verify: ${verified.reason}`);
      await handle.executeUpdate(decideUpdate, {
        args: [
          {
            stepId: 'approve-distribution-r2',
            action: 'approve',
            jti: verified.claims.jti,
            recipient: 'supervisor@example.cn',
            meta: { via: 'cli' },
          },
        ],
      });
      return handle.result();
    });

    expect(result.rounds).toBe(2);
    expect(result.departments.map((d) => d.mails.map((m) => m.status))).toEqual([
      ['sent'],
      ['sent'],
      ['sent'],
      ['sent'],
      ['sent'],
    ]);
    // The person's own tab is untouched; ours sits beside it.
    const path = join(samplesDir, '汇总', '质量月报.xlsx');
    expect(await readSheet(path, '质量信息反馈表 2026-11')).toEqual([['我的备注'], ['主管手工记录，勿动']]);
    expect(result.summary.tab).toBe('质量信息反馈表 2026-11 (2)');
    const ours = await readSheet(path, result.summary.tab);
    expect(ours[0]![2]).toBe('故障模式');
    const summaryDoc = await services.archive.getDocument(result.summary.document.docId);
    expect(summaryDoc?.entry.kind).toBe('quality-summary');
    // Both inspection rows count (黑屏, via its synonyms) in the month.
    expect(result.counts.rows).toBeGreaterThan(2);
    const blackScreen = await services.work.getJson<{
      aggregates: { dimensions: { failureMode: { key: string; count: number }[] } };
    }>(result.compilationRef);
    const fm23 = blackScreen.aggregates.dimensions.failureMode.find((r) => r.key === 'FM23');
    expect(fm23?.count).toBeGreaterThanOrEqual(2);
  });
});
