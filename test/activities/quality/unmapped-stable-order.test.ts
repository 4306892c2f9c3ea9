// The 未归类故障 section depends only on facts: return processing appends its inspection results (三包鉴定结果) in the
// order returns finish, so a run with a killed worker or retries writes the same rows in another order. Written
// through the real recordInspection activity in two orders, compiled and published, the unmapped tab and the
// quality department's PDF come out byte-identical, citing 退回单号, not row numbers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ArchiveStore } from '../../../activities/archive/archive-store';
import { WorkStore } from '../../../activities/archive/work-store';
import type { QualityCompilation } from '../../../activities/quality';
import { compileQualityFeedback } from '../../../activities/quality/compile-quality-feedback';
import { prepareQualityDocuments } from '../../../activities/quality/prepare-quality-documents';
import { publishQualitySummary } from '../../../activities/quality/publish-quality-summary';
import { createReturnPostingActivities, type InspectionPosting } from '../../../activities/returns/post-return';
import { createExcelBackend } from '../../../activities/sheets/excel/excel-backend';
import { generateSamples } from '../../../activities/sheets/samples';
import { renderPdf } from '../../../activities/pdf/render-pdf';
import { DEFAULT_QUALITY_ROUTING } from '../../../domain/quality';
import { qualityFeedbackTemplate, type QualityFeedbackData } from '../../../templates/pdf/quality-feedback';
import { makeTestConfig } from '../../support/test-config';
import { pdfText, readSheet, savePdf } from '../../workflows/quality/quality-test-kit';
import { parsePeriod } from '../../../domain/calendar';
import { returnsSettingsFromConfig } from '../../../config/start-inputs/returns-settings';

const PERIOD = parsePeriod('2026-11');
const INSPECTIONS = { kind: 'excel' as const, path: '三包鉴定结果.xlsx', sheet: '三包鉴定' };
let dir: string;
const cfg = makeTestConfig({ smtpPort: 2525 });

/** Failure texts the catalogue does not know; two spellings of one text ('座椅 异味', '座椅异味') fold together. */
function inspection(no: string, day: string, failureMode: string, vin?: string): InspectionPosting {
  return {
    returnNo: `TH-${PERIOD}-${no}`,
    date: `${PERIOD}-${day}`,
    model: 'JK6480',
    partNo: 'DQ-1001',
    partName: '座椅总成',
    supplier: '浙江华信制动系统有限公司',
    dealerId: 'D001',
    region: '华东',
    ...(vin ? { vin } : {}),
    qty: 1,
    failureMode,
    notes: '',
    verdict: 'warranty-accepted',
    creditFen: 10_000 as InspectionPosting['creditFen'],
  };
}

const RESULTS = [
  inspection('007', '09', '座椅异味', 'LVIN00000000007'),
  inspection('002', '12', '座椅 异味'),
  inspection('011', '03', '后视镜松动', 'LVIN00000000011'),
  inspection('004', '20', '座椅异味'),
  inspection('009', '15', '后视镜松动'),
];

/** One month's workbooks where return processing wrote RESULTS in `order`; returns what the quality side made of it. */
async function monthWithInspectionsIn(name: string, order: number[]) {
  const root = join(dir, name);
  cpSync(join(dir, 'samples'), root, { recursive: true });
  const backend = createExcelBackend({ root });
  const work = new WorkStore({ root: join(root, 'store') });
  const archive = new ArchiveStore({ root: join(root, 'store') });
  const posting = createReturnPostingActivities({
    settings: {
      ...returnsSettingsFromConfig(cfg),
      targets: { ...returnsSettingsFromConfig(cfg).targets, inspections: INSPECTIONS },
    },
    backendFor: () => backend,
    work,
    mail: () => Promise.reject(new Error('recording an inspection sends no mail')),
    stateDir: join(root, 'returns'),
  });
  for (const i of order) await posting.recordInspection(RESULTS[i]!);

  const compiled = await compileQualityFeedback(
    { backendFor: () => backend, work, archive, tmpDir: root, buckets: 3 },
    {
      workflowId: `quality-${PERIOD}`,
      runId: 'run-1',
      period: PERIOD,
      round: 1,
      sources: {
        qualityEvents: [{ ref: { kind: 'excel', path: '质量信息汇总.xlsx' } }, { ref: INSPECTIONS }],
        failureModes: { ref: { kind: 'excel', path: '故障模式目录.xlsx' } },
      },
      routing: DEFAULT_QUALITY_ROUTING,
      options: { priorMonths: 6, dedupeWindowDays: 3, repeatWindowDays: 90, policy: 'proceed-with-valid' },
      locale: 'zh-CN',
    },
  );
  await publishQualitySummary(
    { backendFor: () => backend, work, archive },
    {
      compilationRef: compiled.compilationRef,
      workflowId: `quality-${PERIOD}`,
      runId: 'run-1',
      nearSource: { kind: 'excel', path: '质量信息汇总.xlsx' },
      locale: 'zh-CN',
      approval: { by: '李主管', at: '2026-12-03T02:00:00.000Z', version: 1 },
    },
  );
  // The quality department's PDF as the workflow renders it: template data from the compilation, times from facts.
  const plans = await prepareQualityDocuments(
    { work },
    {
      compilationRef: compiled.compilationRef,
      workflowId: `quality-${PERIOD}`,
      runId: 'run-1',
      company: '售后服务部',
      locale: 'zh-CN',
      draft: null,
      approval: { by: '李主管', at: '2026-12-03T02:00:00.000Z', version: 1 },
    },
  );
  const quality = plans.documents.find((d) => d.departmentId === 'quality')!;
  const ctx = {
    locale: 'zh-CN' as const,
    generatedAt: '2026-12-03T02:00:00.000Z',
    docId: `quality-${PERIOD}/${quality.meta.fileName}`,
    timeZone: 'Asia/Shanghai',
  };
  const pdf = await renderPdf(
    qualityFeedbackTemplate(await work.getJson<QualityFeedbackData>(quality.dataRef), ctx),
    ctx,
  );
  const compilation = await work.getJson<QualityCompilation>(compiled.compilationRef);
  return {
    journal: await readSheet(join(root, INSPECTIONS.path), INSPECTIONS.sheet),
    tab: await readSheet(join(root, '质量信息反馈表.xlsx'), `未归类故障 ${PERIOD}`),
    pdf,
    pdfText: await pdfText(savePdf(`unmapped-order-${name}`, pdf)),
    compilation,
  };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'quality-unmapped-order-'));
  await generateSamples({ dir: join(dir, 'samples'), seed: 3, period: PERIOD });
});

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  rmSync(cfg.dataDir, { recursive: true, force: true });
});

describe('未归类故障 from inspection results appended in any order', () => {
  it('is byte-identical for two row orders and cites 退回单号, not the row', async () => {
    const clean = await monthWithInspectionsIn('clean', [0, 1, 2, 3, 4]);
    const faulted = await monthWithInspectionsIn('faulted', [4, 2, 3, 0, 1]);

    // The journals really differ: the same returns stand on other rows.
    const rowOf = (journal: unknown[][], no: string) => journal.findIndex((r) => r.includes(`TH-${PERIOD}-${no}`));
    expect(rowOf(clean.journal, '002')).not.toBe(rowOf(faulted.journal, '002'));

    expect(JSON.stringify(faulted.tab)).toBe(JSON.stringify(clean.tab));
    expect(faulted.pdfText).toBe(clean.pdfText);
    expect(faulted.pdf.equals(clean.pdf)).toBe(true);

    // First seen = the smallest return number of the group, shown as written there; no row number (an empty cell).
    expect(clean.tab[0]).toEqual(['故障描述', '次数', '数量', '首次出现文件', '工作表', '行', '退回单号']);
    expect(clean.tab).toContainEqual([
      '座椅 异味',
      3,
      3,
      '三包鉴定结果.xlsx',
      '三包鉴定',
      undefined,
      `TH-${PERIOD}-002`,
    ]);
    expect(clean.tab).toContainEqual([
      '后视镜松动',
      2,
      2,
      '三包鉴定结果.xlsx',
      '三包鉴定',
      undefined,
      `TH-${PERIOD}-009`,
    ]);
    expect(clean.pdfText).toMatch(
      new RegExp(`座椅 异味\\s+3\\s+3\\s+三包鉴定结果\\.xlsx › 三包鉴定 › 退回单号\\s+TH-${PERIOD}-002`),
    );
  });
});
