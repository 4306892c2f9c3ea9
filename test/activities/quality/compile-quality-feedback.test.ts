// The compile activity against real workbooks (generated samples, read through the Excel backend): the bucketed,
// spilled cleaning gives exactly the single-pass domain answer; bad rows, missing files and a contradictory
// catalogue become blocking problems naming file, sheet, row and column; the fingerprint hash moves on edits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { ArchiveStore } from '../../../activities/archive/archive-store';
import { WorkStore } from '../../../activities/archive/work-store';
import {
  checkQualitySourcesHash,
  compileQualityFeedback,
  type CompileDeps,
} from '../../../activities/quality/compile-quality-feedback';
import { toQualityEvent } from '../../../activities/quality/read-quality-sources';
import type { CompileQualityInput, QualityCompilation, QualitySources } from '../../../activities/quality';
import { createExcelBackend } from '../../../activities/sheets/excel/excel-backend';
import { readTable } from '../../../activities/sheets/read-table';
import { generateSamples } from '../../../activities/sheets/samples';
import {
  DEFAULT_QUALITY_ROUTING,
  aggregateQualityEvents,
  buildDepartmentViews,
  cleanQualityEvents,
  splitSynonyms,
} from '../../../domain/quality';
import { schemas } from '../../../domain/sheets';
import { appendRows, writeWorkbook } from '../../workflows/quality/quality-test-kit';
import { parsePeriod } from '../../../domain/calendar';

const PERIOD = parsePeriod('2026-11');
let dir: string;
let clean: string;
let messy: string;
let work: WorkStore;
let archive: ArchiveStore;

const SOURCES: QualitySources = {
  qualityEvents: [
    { ref: { kind: 'excel', path: '质量信息汇总.xlsx' } },
    { ref: { kind: 'excel', path: '来电记录.xlsx' } },
  ],
  failureModes: { ref: { kind: 'excel', path: '故障模式目录.xlsx' } },
  productionVolumes: { ref: { kind: 'excel', path: '产量统计.xlsx' } },
};

function deps(root: string, buckets: number): CompileDeps {
  const backend = createExcelBackend({ root });
  return { backendFor: () => backend, work, archive, tmpDir: join(dir, 'tmp'), buckets };
}

function input(over: Partial<CompileQualityInput> = {}): CompileQualityInput {
  return {
    workflowId: 'quality-test',
    runId: 'run-1',
    period: PERIOD,
    round: 1,
    sources: SOURCES,
    routing: DEFAULT_QUALITY_ROUTING,
    options: { priorMonths: 6, dedupeWindowDays: 3, repeatWindowDays: 90, policy: 'stop-on-error' },
    locale: 'zh-CN',
    ...over,
  };
}

/** A call log with unknown failure texts and one call per complaint of the month on the same VIN + part (duplicates). */
async function writeCallLog(root: string): Promise<void> {
  const main = await readTable(
    createExcelBackend({ root }),
    { kind: 'excel', path: '质量信息汇总.xlsx' },
    schemas.qualityEvents,
    {
      policy: 'proceed-with-valid',
    },
  );
  const twins = main.rows.filter((r) => r.date.startsWith(PERIOD) && r.source === 'complaint' && r.vin).slice(0, 12);
  await writeWorkbook(
    join(root, '来电记录.xlsx'),
    '来电',
    ['日期', '来源', '产品型号', '配件编号', '故障模式', '车架号', '数量', '区域'],
    [
      ...twins.map((t) => [
        t.date,
        '来电',
        t.model,
        (t.partNo ?? '').toLowerCase(),
        t.failureMode ?? '',
        t.vin!.toLowerCase(),
        1,
        t.region ?? '',
      ]),
      ['2026-10-31', '来电', 'JK6480', 'DQ-1001', '方向盘发抖', 'VIN-A-1', 1, '华东'],
      ['2026-11-02', '来电', 'JK6480', 'DQ-1001', '方向盘发抖', 'VIN-A-2', 2, '华东'],
      ['2026-11-05', '来电', 'JK6480', 'DQ-1001', '仪表盘乱码', null, 1, '华南'],
    ],
  );
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'quality-compile-'));
  mkdirSync(join(dir, 'tmp'));
  work = new WorkStore({ root: join(dir, 'store') });
  archive = new ArchiveStore({ root: join(dir, 'store') });
  clean = join(dir, 'clean');
  messy = join(dir, 'messy');
  await generateSamples({ dir: clean, seed: 11, period: PERIOD });
  await writeCallLog(clean);
  await generateSamples({ dir: messy, seed: 11, period: PERIOD, withErrors: true });
  await writeCallLog(messy);
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('compileQualityFeedback', () => {
  it('cleans in spilled buckets and gets the single-pass domain answer (aggregates, views, unmapped, merges)', async () => {
    const one = await compileQualityFeedback(deps(clean, 1), input());
    const many = await compileQualityFeedback(deps(clean, 13), input());
    const a = await work.getJson<QualityCompilation>(one.compilationRef);
    const b = await work.getJson<QualityCompilation>(many.compilationRef);

    // The same month computed directly with the domain functions over every row read in one go.
    const backend = createExcelBackend({ root: clean });
    const events = [];
    for (const path of ['质量信息汇总.xlsx', '来电记录.xlsx']) {
      const t = await readTable(backend, { kind: 'excel', path }, schemas.qualityEvents, { policy: 'stop-on-error' });
      events.push(...t.rows.map((r) => toQualityEvent(r, t.file, t.sheet)));
    }
    const catalogue = (
      await readTable(backend, { kind: 'excel', path: '故障模式目录.xlsx' }, schemas.failureModes, {
        policy: 'stop-on-error',
      })
    ).rows.map((r) => ({
      code: r.code,
      name: r.name,
      category: r.category ?? '',
      synonyms: splitSynonyms(r.synonyms),
    }));
    const volumes = (
      await readTable(backend, { kind: 'excel', path: '产量统计.xlsx' }, schemas.productionVolumes, {
        policy: 'stop-on-error',
      })
    ).rows.map((r) => ({ month: r.month, model: r.model, volume: r.volume }));
    const direct = cleanQualityEvents(events, catalogue);
    const agg = aggregateQualityEvents(PERIOD, direct.events, { productionVolumes: volumes });

    expect(JSON.parse(JSON.stringify(agg))).toEqual(a.aggregates);
    expect(b.aggregates).toEqual(a.aggregates);
    expect(b.views).toEqual(a.views);
    expect(a.views).toEqual(
      JSON.parse(JSON.stringify(buildDepartmentViews(agg, DEFAULT_QUALITY_ROUTING, { unmapped: direct.unmapped }))),
    );
    expect(b.unmapped).toEqual(JSON.parse(JSON.stringify(direct.unmapped)));
    expect(many.counts).toEqual(one.counts);
    expect(many.counts.duplicatesRemoved).toBe(direct.stats.duplicatesRemoved);
    expect(many.counts.duplicatesRemoved).toBeGreaterThanOrEqual(12);
    const groups = (m: QualityCompilation['merged']) =>
      m
        .map(
          (x) =>
            `${x.vin}|${x.partNo}|${x.kept.date}|${x.dropped.map((d) => `${d.ref?.file}:${d.ref?.row}`).join(',')}`,
        )
        .sort();
    expect(groups(b.merged)).toEqual(groups(a.merged));

    // Unmapped texts are listed with the row they were first seen in, never dropped.
    expect(many.topUnmapped).toEqual(['方向盘发抖', '仪表盘乱码']);
    expect(b.unmapped[0]).toEqual({
      text: '方向盘发抖',
      count: 2,
      qty: 3,
      firstRef: { file: '来电记录.xlsx', sheet: '来电', row: 14 },
    });
    expect(many.counts.unmappedEvents).toBe(3);
    expect(many.blocking).toEqual([]);
    expect(many.problemReport).toBeUndefined();
    expect(many.sourcesHash).toBe(await checkQualitySourcesHash(deps(clean, 1), SOURCES));
  });

  it('bad rows: listed with file, sheet, row and column; blocking under stop-on-error, not under proceed-with-valid', async () => {
    const strict = await compileQualityFeedback(deps(messy, 4), input({ round: 3 }));
    expect(strict.counts.problems).toBe(3);
    expect(strict.blocking).toEqual(['表格中有 3 处数据问题（见问题清单），请先更正']);
    expect(strict.problemReport?.fileName).toBe('质量信息数据问题 2026-11 第3轮.xlsx');
    const doc = await archive.getDocument(strict.problemReport!.docId);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(doc!.bytes as unknown as ArrayBuffer);
    const rows: unknown[][] = [];
    wb.worksheets[0]!.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    const date = rows.find((r) => r[3] === '日期');
    expect(date?.slice(0, 2)).toEqual(['质量信息汇总.xlsx', '质量信息']);
    expect(date?.[2]).toBeGreaterThan(2);
    expect(date?.[4]).toBe('上周');
    expect(rows.some((r) => r[0] === '产量统计.xlsx' && r[4] === '很多')).toBe(true);

    const lenient = await compileQualityFeedback(
      deps(messy, 4),
      input({ options: { ...input().options, policy: 'proceed-with-valid' } }),
    );
    expect(lenient.blocking).toEqual([]);
    expect(lenient.counts.problems).toBe(3);
    expect(lenient.problemReport).toBeDefined();
  });

  it('a missing workbook and a catalogue that maps one term to two codes block distribution, naming them', async () => {
    const r = await compileQualityFeedback(
      deps(clean, 4),
      input({
        sources: {
          ...SOURCES,
          qualityEvents: [...SOURCES.qualityEvents, { ref: { kind: 'excel', path: '三包鉴定.xlsx' } }],
        },
      }),
    );
    expect(r.blocking).toHaveLength(1);
    expect(r.blocking[0]).toMatch(/^三包鉴定\.xlsx: 三包鉴定\.xlsx not found/);
    expect(r.counts.events).toBeGreaterThan(1000);

    const bad = join(dir, 'bad-catalogue');
    await generateSamples({ dir: bad, seed: 11, period: PERIOD });
    await writeCallLog(bad);
    await appendRows(join(bad, '故障模式目录.xlsx'), [['FM90', '渗漏', '装配', '渗油']]);
    const c = await compileQualityFeedback(deps(bad, 4), input());
    expect(c.blocking.join('\n')).toMatch(/故障模式目录\.xlsx › 故障模式: .*"渗油" → FM01 and FM90/);
    expect(c.counts.unmappedEvents).toBe(c.counts.events);
  });

  it('the sources hash is the one the correction wait polls, and moves when a sheet is edited', async () => {
    const edit = join(dir, 'edit');
    await generateSamples({ dir: edit, seed: 12, period: PERIOD });
    await writeCallLog(edit);
    const first = await compileQualityFeedback(deps(edit, 4), input());
    expect(await checkQualitySourcesHash(deps(edit, 4), SOURCES)).toBe(first.sourcesHash);
    await appendRows(join(edit, '来电记录.xlsx'), [
      ['2026-11-30', '来电', 'JK6480', 'DQ-1001', '漏油', 'VIN-B-1', 1, '华东'],
    ]);
    const moved = await checkQualitySourcesHash(deps(edit, 4), SOURCES);
    expect(moved).not.toBe(first.sourcesHash);
    const second = await compileQualityFeedback(deps(edit, 4), input());
    expect(second.sourcesHash).toBe(moved);
    expect(second.counts.rows).toBe(first.counts.rows + 1);
  });
});
