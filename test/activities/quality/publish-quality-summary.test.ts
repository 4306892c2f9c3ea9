// The summary tab after approval: written once (a retry writes nothing and archives nothing new), in Pareto order
// with the unmapped bucket, totals that tie out to the aggregates, and the unmapped texts on their own tab.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArchiveStore } from '../../../activities/archive/archive-store';
import { WorkStore } from '../../../activities/archive/work-store';
import { compileQualityFeedback } from '../../../activities/quality/compile-quality-feedback';
import { publishQualitySummary } from '../../../activities/quality/publish-quality-summary';
import type { CompileQualityResult, QualityCompilation } from '../../../activities/quality';
import { createExcelBackend } from '../../../activities/sheets/excel/excel-backend';
import { generateSamples } from '../../../activities/sheets/samples';
import { DEFAULT_QUALITY_ROUTING } from '../../../domain/quality';
import { appendRows, readSheet } from '../../workflows/quality/quality-test-kit';
import { parsePeriod } from '../../../domain/calendar';

let dir: string;
let work: WorkStore;
let archive: ArchiveStore;
let compiled: CompileQualityResult;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'quality-publish-'));
  await generateSamples({ dir: join(dir, 'samples'), seed: 3, period: '2026-11' });
  await appendRows(join(dir, 'samples', '质量信息汇总.xlsx'), [
    ['2026-11-28', '投诉', 'JK6480', 'DQ-1001', '', '座椅异味', '', '', '', '', '', 1],
  ]);
  work = new WorkStore({ root: join(dir, 'store') });
  archive = new ArchiveStore({ root: join(dir, 'store') });
  const backend = createExcelBackend({ root: join(dir, 'samples') });
  compiled = await compileQualityFeedback(
    { backendFor: () => backend, work, archive, tmpDir: dir },
    {
      workflowId: 'quality-2026-11',
      runId: 'run-1',
      period: parsePeriod('2026-11'),
      round: 1,
      sources: {
        qualityEvents: [{ ref: { kind: 'excel', path: '质量信息汇总.xlsx' } }],
        failureModes: { ref: { kind: 'excel', path: '故障模式目录.xlsx' } },
      },
      routing: DEFAULT_QUALITY_ROUTING,
      options: { priorMonths: 6, dedupeWindowDays: 3, repeatWindowDays: 90, policy: 'proceed-with-valid' },
      locale: 'zh-CN',
    },
  );
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('publishQualitySummary', () => {
  it('writes the tabs beside the sources once; a retry writes and archives nothing new', async () => {
    const backend = createExcelBackend({ root: join(dir, 'samples') });
    const deps = { backendFor: () => backend, work, archive };
    const input = {
      compilationRef: compiled.compilationRef,
      workflowId: 'quality-2026-11',
      runId: 'run-1',
      nearSource: { kind: 'excel' as const, path: '质量信息汇总.xlsx' },
      locale: 'zh-CN' as const,
      approval: { by: '李主管', at: '2026-12-03T02:00:00.000Z', version: 1 },
    };
    const first = await publishQualitySummary(deps, input);
    const again = await publishQualitySummary(deps, input);
    expect(first).toMatchObject({
      target: { kind: 'excel', path: '质量信息反馈表.xlsx' },
      tab: '质量信息反馈表 2026-11',
      written: true,
    });
    expect(again.written).toBe(false);
    expect(again.document).toEqual(first.document);
    expect(await archive.list({ kind: 'quality-summary' })).toHaveLength(1);

    const c = await work.getJson<QualityCompilation>(compiled.compilationRef);
    const rows = await readSheet(join(dir, 'samples', '质量信息反馈表.xlsx'), '质量信息反馈表 2026-11');
    const header = rows[0] as string[];
    const col = (name: string) => header.indexOf(name);
    const body = rows.slice(1, -1);
    // Pareto order, every mode of the window (the unmapped bucket included), counts summing to the month's total.
    expect(body.map((r) => r[col('故障代码')])).toEqual(c.aggregates.dimensions.failureMode.map((r) => r.key));
    expect(body.reduce((s, r) => s + Number(r[col('本月次数')]), 0)).toBe(c.aggregates.totals.count);
    expect(body.find((r) => r[col('故障代码')] === 'UNMAPPED')?.[col('故障模式')]).toBe('未归类');
    const top = c.aggregates.pareto.failureModes.rows[0]!;
    expect(body[0]![col('累计占比(%)')]).toBe(top.cumulativePct);
    const last = rows[rows.length - 1]!;
    expect(last[0]).toBe('合计');
    expect(last.slice(-7)).toEqual(c.aggregates.totals.monthly);
    expect(await readSheet(join(dir, 'samples', '质量信息反馈表.xlsx'), '未归类故障 2026-11')).toEqual([
      ['故障描述', '次数', '数量', '首次出现文件', '工作表', '行', '退回单号'],
      ['座椅异味', 1, 1, '质量信息汇总.xlsx', '质量信息', expect.any(Number)],
    ]);
  });
});
