// The detector's activity over a workbook LibreOffice wrote (three months of quality events with a batch of
// DP-1230 制动异响, full-width part numbers, one failure reported twice, one unknown text, one impossible date),
// through the real sheets layer; its evidence rendered to PDF and read back with pdftotext.
import { describe, expect, it } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApplicationFailure } from '@temporalio/common';
import ExcelJS from 'exceljs';
import { ArchiveStore } from '../../../activities/archive/archive-store';
import { WorkStore } from '../../../activities/archive/work-store';
import {
  createIncidentActivities,
  createIncidentPointers,
  type EarlyWarningSettings,
  type IncidentPolicy,
} from '../../../activities/incidents';
import { createPdfActivities } from '../../../activities/pdf/create-pdf-activities';
import { createExcelBackend } from '../../../activities/sheets/excel/excel-backend';
import { DEFAULT_DETECTION } from '../../../domain/early-warning';
import type { IncidentEvidenceData } from '../../../templates/pdf/incident-evidence';
import { pdfText, savePdf } from '../pdf/poppler';

const FIXTURE = join(__dirname, '..', '..', 'fixtures', 'sheets', 'libreoffice', 'quality-events-batch.xlsx');
const person = { name: '品质部', email: 'quality@example.cn' };
const policy: IncidentPolicy = {
  company: '售后服务部',
  locale: 'zh-CN',
  timeZone: 'Asia/Shanghai',
  manager: { name: '王经理', email: 'manager@example.cn' },
  quality: [person],
  owners: { containment: person, rootCause: person, action: person, verification: person },
  verification: '4 weeks',
  checkDays: 14,
  approvals: { reminderAfter: '2 days', escalateAfter: '5 days', linkTtl: '14 days' },
};

async function setUp(opts: { catalogue?: boolean } = {}) {
  const root = mkdtempSync(join(tmpdir(), 'ew-detect-'));
  mkdirSync(join(root, 'sheets'));
  copyFileSync(FIXTURE, join(root, 'sheets', '质量信息.xlsx'));
  if (opts.catalogue !== false) {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('故障模式');
    ws.addRow(['代码', '故障模式', '分类', '同义词']);
    ws.addRow(['F07', '异响', '供应商', '制动异响；刹车异响']);
    ws.addRow(['F02', '漏油', '制造', '渗油']);
    await wb.xlsx.writeFile(join(root, 'sheets', '故障模式目录.xlsx'));
  }
  const settings: EarlyWarningSettings = {
    company: '售后服务部',
    locale: 'zh-CN',
    timeZone: 'Asia/Shanghai',
    detection: DEFAULT_DETECTION,
    sources: {
      qualityEvents: [{ ref: { kind: 'excel', path: 'sheets/质量信息.xlsx' } }],
      failureModes: { ref: { kind: 'excel', path: 'sheets/故障模式目录.xlsx', sheet: '故障模式' } },
    },
    dedupeWindowDays: 3,
    register: { kind: 'excel', path: 'sheets/质量事件登记.xlsx', sheet: '质量事件' },
    policy,
    purchasingContacts: [{ supplier: '浙江华信制动系统有限公司', name: '钱采购', email: 'buyer-hx@example.cn' }],
  };
  const work = new WorkStore({ root });
  const backend = createExcelBackend({ root });
  const acts = createIncidentActivities({
    settings,
    backendFor: () => backend,
    work,
    pointers: createIncidentPointers(root),
    mail: () => Promise.reject(new Error('no mail in this test')),
    lockDir: join(root, 'locks'),
  });
  return { root, work, acts };
}

describe('detectBatchProblems over a LibreOffice workbook', () => {
  it('finds the batch, counts the bad row, merges the duplicate and keeps the evidence', async () => {
    const { root, work, acts } = await setUp();
    const r = await acts.detectBatchProblems({ asOf: '2026-11-12', workflowId: 'early-warning-test' });
    // The impossible date is a problem (listed with file/sheet/row by the sheets layer); the rest is used.
    expect(r.problems).toBe(1);
    expect(r.blocking).toEqual([]);
    // 方向盘抖动 is not in the catalogue: left out of detection, counted.
    expect(r.counts).toMatchObject({ signals: 1, open: 0, unmappedEvents: 1 });
    expect(r.routes).toHaveLength(1);
    const route = r.routes[0]!;
    expect(route.key).toBe('DP-1230|F07');
    expect(route.open?.input).toMatchObject({
      partNo: 'DP-1230', // the full-width ＤＰ－１２３０ rows are the same part
      partName: '制动盘',
      failureName: '异响',
      suppliers: ['浙江华信制动系统有限公司'],
      openedOn: '2026-11-12',
      purchasingContact: { name: '钱采购', email: 'buyer-hx@example.cn' },
    });
    // 11 batch events; the call on 11-11 about a VIN already reported on 11-09 is one event, not two.
    expect(route.observation).toMatchObject({ asOf: '2026-11-12', active: true, observed: 11, firedBy: ['poisson'] });
    expect(route.open?.baseline).toMatchObject({ from: '2026-09-04', to: '2026-10-29', baselineCount: 8 });
    expect(route.observation.scopes).toEqual(['区域 华东：近 7 天 9 起（预期 0.0），近 14 天 9 起']);

    const evidence = await work.getJson<IncidentEvidenceData>(route.observation.evidenceRef!);
    expect(evidence.eventCount).toBe(12);
    expect(evidence.vin.ranges[0]).toEqual({ prefix: 'LJ1K6480P26', from: '100200', to: '100230', count: 11 });
    expect(evidence.events.find((e) => e.date === '2026-11-09')?.where).toMatch(/^质量信息\.xlsx › 质量信息 › \d+$/);

    // The evidence as the incident renders it: in Chinese, and in English.
    const pdf = createPdfActivities({ store: new ArchiveStore({ root }), work, timeZone: 'Asia/Shanghai' });
    for (const locale of ['zh-CN', 'en'] as const) {
      const ref = await pdf.renderDocument({
        template: 'incident-evidence',
        dataRef: route.observation.evidenceRef!,
        locale,
        generatedAt: '2026-11-12T23:30:00Z',
        meta: {
          workflowId: 'incident-2026-11-DP-1230-异响',
          runId: 'r1',
          period: '2026-11',
          kind: 'incident-evidence',
          fileName: `evidence-${locale}.pdf`,
          recipients: [],
        },
      });
      const store = new ArchiveStore({ root });
      const bytes = (await store.getDocument(ref.docId))!.bytes;
      const text = await pdfText(savePdf(`incident-evidence-${locale}`, bytes));
      const want =
        locale === 'en'
          ? ['Batch quality warning DP-1230', 'Poisson tail', 'Events per day', 'VIN ranges', 'Region', '华东']
          : ['批量质量问题预警 DP-1230', '泊松上尾概率', '每日件数', '车架号段', '100230', '质量信息.xlsx'];
      for (const w of want) expect(text).toContain(w);
    }
  });

  it('with no catalogue there is nothing to judge: a permanent failure naming the file', async () => {
    const { acts } = await setUp({ catalogue: false });
    const err = await acts.detectBatchProblems({ asOf: '2026-11-12', workflowId: 'x' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApplicationFailure);
    expect((err as ApplicationFailure).nonRetryable).toBe(true);
    expect((err as ApplicationFailure).type).toBe('EarlyWarningSourcesUnreadable');
    expect((err as Error).message).toContain('故障模式目录.xlsx');
  });

  it('an empty day (no events at all in the span) judges nothing and opens nothing', async () => {
    const { root, acts } = await setUp();
    const empty = new ExcelJS.Workbook();
    empty.addWorksheet('质量信息').addRow(['日期', '来源', '产品型号', '配件编号', '故障模式']);
    await empty.xlsx.writeFile(join(root, 'sheets', '质量信息.xlsx'));
    const r = await acts.detectBatchProblems({ asOf: '2026-11-12', workflowId: 'x' });
    expect(r.routes).toEqual([]);
    expect(r.counts).toMatchObject({ events: 0, cells: 0, judged: 0, signals: 0 });
  });
});
