// End to end on the real dev server: generated sample workbooks + a call log with failure texts the catalogue
// does not know → compile → five draft PDFs → the customer supervisor's link from the real mail, opened and
// clicked over real HTTP: send back with a comment → the catalogue is corrected in the sheet → the workflow sees
// the changed fingerprint, compiles again, asks again → approve → five final PDFs mailed, summary tab written.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from '@temporalio/client';
import { startMailCatcher, type MailCatcher } from '../../../scripts/lib/mail-catcher';
import { createExcelBackend } from '../../../activities/sheets/excel/excel-backend';
import { readTable } from '../../../activities/sheets/read-table';
import { generateSamples } from '../../../activities/sheets/samples';
import { createQualityActivities, type QualityFeedbackInput } from '../../../activities/quality';
import { normalizePartNo, normalizeVin } from '../../../domain/quality';
import { schemas } from '../../../domain/sheets';
import { startWebServer, type RunningWebServer } from '../../../web/server';
import { createActivities, createPlatformServices, createWeb, type PlatformServices } from '../../../worker';
import { qualityFeedbackStatusQuery, qualityFeedbackWorkflow, qualityFeedbackWorkflowId } from '../../../workflows';
import { connectClient, withWorker } from '../../support/temporal';
import { makeTestConfig } from '../../support/test-config';
import {
  appendRows,
  freePort,
  linkIn,
  openLink,
  pdfText,
  previewLinks,
  readSheet,
  renderPage1,
  savePdf,
  sourcesWithCallLog,
  submit,
  writeWorkbook,
} from './quality-test-kit';
import { parsePeriod } from '../../../domain/calendar';
import { qualityFeedbackInputFromConfig } from '../../../config/start-inputs/quality-feedback-input';

const PERIOD = parsePeriod('2026-11');
const SUPERVISOR = 'supervisor@example.cn';
const DEPARTMENTS = [
  ['sales', '营销部', 'sales@example.cn'],
  ['production', '生产部', 'production@example.cn'],
  ['quality', '品质部', 'quality@example.cn'],
  ['purchasing', '采购/配套部', 'purchasing@example.cn'],
  ['engineering', '技术部', 'engineering@example.cn'],
] as const;
const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

let catcher: MailCatcher;
let services: PlatformServices;
let server: RunningWebServer;
let client: Client;
let samplesDir: string;
let input: QualityFeedbackInput;
let duplicated: { vin: string; partNo: string; date: string };

beforeAll(async () => {
  catcher = await startMailCatcher({ port: 0 });
  const port = await freePort();
  const cfg = makeTestConfig({ smtpPort: catcher.port, publicBaseUrl: `http://127.0.0.1:${port}` });
  services = createPlatformServices(cfg);
  client = await connectClient();
  server = await startWebServer({ app: createWeb(services, client), port });

  samplesDir = join(cfg.dataDirAbs, 'samples');
  await generateSamples({ dir: samplesDir, seed: 20261130, period: PERIOD });
  // A second source, the hotline's call log: two failure texts the catalogue does not know, and one fault that
  // is also in the complaints log (same VIN, part and day) — reported twice, to be merged.
  const backend = createExcelBackend({ root: samplesDir });
  const main = await readTable(backend, { kind: 'excel', path: '质量信息汇总.xlsx' }, schemas.qualityEvents, {
    policy: 'stop-on-error',
  });
  const twin = main.rows.find((r) => r.date.startsWith(PERIOD) && r.source === 'complaint' && r.vin && r.partNo)!;
  duplicated = { vin: twin.vin!, partNo: twin.partNo!, date: twin.date };
  await writeWorkbook(
    join(samplesDir, '来电记录.xlsx'),
    '来电',
    ['日期', '来源', '产品型号', '配件编号', '故障模式', '车架号', '数量', '区域', '经销商编号'],
    [
      ['2026-11-03', '来电', 'JK6480', 'DQ-1001', '方向盘发抖', 'LJ1K6480PAAAA0001', 1, '华东', 'D0001'],
      ['2026-11-09', '来电', 'JK6480', 'DQ-1001', '方向盘发抖', 'LJ1K6480PAAAA0002', 1, '华东', 'D0002'],
      ['2026-11-17', '来电', 'JK6530', 'DQ-1002', '方向盘发抖', 'LJ1K6530PAAAA0003', 1, '华北', 'D0003'],
      ['2026-11-20', '来电', 'JK6530', 'DQ-1003', '仪表盘乱码', 'LJ1K6530PAAAA0004', 1, '华北', 'D0004'],
      [
        twin.date,
        '来电',
        twin.model,
        twin.partNo!,
        twin.failureMode ?? '',
        twin.vin!,
        1,
        twin.region ?? '',
        twin.dealerId ?? '',
      ],
    ],
  );
  input = {
    ...qualityFeedbackInputFromConfig(cfg, PERIOD),
    sources: sourcesWithCallLog(),
    recheckEvery: '1 second',
  };
});

afterAll(async () => {
  await server?.close();
  await client?.connection.close();
  services?.transport.close();
  await catcher?.close();
});

describe('quality feedback 2026-11 on the real server with the sample workbooks', () => {
  it('drafts → sent back over HTTP → catalogue corrected → new drafts → approved over HTTP → mailed, tab written', async () => {
    const platform = createActivities(services);
    const tmpDir = join(services.config.dataDirAbs, 'tmp');
    mkdirSync(tmpDir, { recursive: true });
    const backend = createExcelBackend({ root: samplesDir });
    const qualityActivities = createQualityActivities({
      backendFor: () => backend,
      work: services.work,
      archive: services.archive,
      mail: platform.sendMail,
      tmpDir,
      buckets: 8,
    });
    const workflowId = qualityFeedbackWorkflowId(PERIOD);
    expect(workflowId).toBe('quality-2026-11');

    const result = await withWorker(
      { activities: { ...platform, ...qualityActivities } },
      async ({ client: c, taskQueue }) => {
        const handle = await c.workflow.start(qualityFeedbackWorkflow, { taskQueue, workflowId, args: [input] });

        // Round 1: one mail to the supervisor, five draft PDFs attached, one link.
        const ask1 = await catcher.waitFor((m) => m.subject?.includes('分发审批（草稿第1版）') ?? false, 90_000);
        expect(JSON.stringify(ask1.to)).toContain(SUPERVISOR);
        expect(ask1.attachments.map((a) => a.filename).sort()).toEqual(
          DEPARTMENTS.map(([, name]) => `质量信息反馈表 ${PERIOD} ${name.replace('/', '-')}（草稿第1版）.pdf`).sort(),
        );
        expect(ask1.text).toContain('未归类故障描述 2 种（4 起');
        expect(ask1.text).toContain('方向盘发抖（3）');

        const draftQuality = ask1.attachments.find((a) => a.filename?.includes('品质部'))!;
        const draftText = await pdfText(savePdf('draft-v1-品质部', draftQuality.content));
        expect(draftText).toContain('草稿 第1版');
        expect(draftText).toContain('方向盘发抖');
        expect(draftText).toContain('仪表盘乱码');

        // The page shows the preview links of every department's draft; GET decides nothing.
        const link1 = linkIn(ask1, server.url);
        const page1 = await openLink(link1);
        expect(page1.status).toBe(200);
        const previews = previewLinks(page1.html);
        expect(previews.map((p) => p.label)).toEqual(expect.arrayContaining(ask1.attachments.map((a) => a.filename!)));
        const preview = await fetch(new URL(previews[0]!.href, server.url));
        expect(preview.status).toBe(200);
        expect(
          Buffer.from(await preview.arrayBuffer())
            .subarray(0, 5)
            .toString(),
        ).toBe('%PDF-');
        expect((await handle.query(qualityFeedbackStatusQuery)).phase).toBe('awaiting-approval');

        // Send back with a comment.
        const back = await submit(link1, page1, {
          action: 'reject',
          comment: '“方向盘发抖”应归入故障模式目录，请补充后重新汇编',
        });
        expect(back.status).toBe(200);
        const fix = await catcher.waitFor((m) => m.subject?.includes('请更正数据（第1轮）') ?? false, 30_000);
        expect(fix.text).toContain('方向盘发抖”应归入故障模式目录');
        expect((await handle.query(qualityFeedbackStatusQuery)).phase).toBe('awaiting-corrections');

        // Someone corrects the catalogue sheet; the periodic fingerprint re-read notices and compiles again.
        await appendRows(join(samplesDir, '故障模式目录.xlsx'), [
          ['FM25', '方向盘抖动', '设计', '方向盘发抖；方向盘抖'],
        ]);
        const ask2 = await catcher.waitFor((m) => m.subject?.includes('分发审批（草稿第2版）') ?? false, 90_000);
        expect(ask2.text).toContain('未归类故障描述 1 种（1 起');
        // The old link now says who decided it, and when.
        expect((await openLink(link1)).html).toContain(`已由 ${SUPERVISOR} 于`);

        const link2 = linkIn(ask2, server.url);
        const page2 = await openLink(link2);
        expect(previewLinks(page2.html).filter((p) => p.label.includes('草稿第2版'))).toHaveLength(5);
        const ok = await submit(link2, page2, { action: 'approve', comment: '同意分发' });
        expect(ok.status).toBe(200);
        return handle.result();
      },
    );

    expect(result.rounds).toBe(2);
    expect(result.approval).toMatchObject({ by: SUPERVISOR, round: 2, comment: '同意分发' });
    expect(result.unmapped).toEqual({ texts: 1, events: 1, top: ['仪表盘乱码'] });
    // The call that repeated a complaint (same VIN + part + day) was merged, not counted twice.
    const compilation = await services.work.getJson<{
      merged: { vin: string; partNo: string; dropped: { ref?: { file: string } }[] }[];
    }>(result.compilationRef);
    const merge = compilation.merged.find(
      (m) => m.vin === normalizeVin(duplicated.vin) && m.partNo === normalizePartNo(duplicated.partNo),
    );
    expect(merge?.dropped.map((d) => d.ref?.file)).toContain('来电记录.xlsx');

    // One mail per department with its final PDF, byte-identical to the archive.
    const texts: Record<string, string> = {};
    const paths: Record<string, string> = {};
    for (const [id, name, email] of DEPARTMENTS) {
      const dep = result.departments.find((d) => d.departmentId === id)!;
      expect(dep.mails).toEqual([{ recipient: email, status: 'sent' }]);
      const mail = await catcher.waitFor((m) => m.subject === `【质量信息反馈表 ${PERIOD}】${name}`, 10_000);
      expect(JSON.stringify(mail.to)).toContain(email);
      expect(mail.attachments).toHaveLength(1);
      const bytes = mail.attachments[0]!.content;
      expect(sha256(bytes)).toBe(dep.document.sha256);
      const stored = await services.archive.getDocument(dep.document.docId);
      expect(stored!.entry.kind).toBe('quality-feedback');
      paths[id] = savePdf(`final-${id}`, bytes);
      const text = (texts[id] = await pdfText(paths[id]));
      expect(text).toContain(`质量信息反馈表 ${PERIOD} · ${name}`);
      expect(text).not.toContain('草稿 第');
      expect(text).toContain('批准分发');
      expect(text).toContain('累计占比');
    }
    // Pareto labels: the month's top failure mode, the region and supplier rankings, the new failure mode.
    const compiled = await services.work.getJson<{
      aggregates: { pareto: { failureModes: { rows: { label: string }[] } } };
    }>(result.compilationRef);
    expect(texts.quality).toContain(compiled.aggregates.pareto.failureModes.rows[0]!.label);
    expect(texts.quality).toContain('仪表盘乱码');
    expect(texts.quality).not.toContain('方向盘发抖');
    expect(texts.quality).toContain('方向盘抖动');
    expect(texts.sales).toContain('华东');
    expect(texts.engineering).toContain('黑屏');
    expect(texts.purchasing).toContain('供应商排名');

    const page = await renderPage1(paths.quality!, 'final-quality-page1');
    expect(page.ink).toBeGreaterThan(0.04);
    expect(page.chartBlue).toBeGreaterThan(0.002);

    // Summary tab in a results workbook beside the sources; the unmapped texts on their own tab.
    expect(result.summary.tab).toBe('质量信息反馈表 2026-11');
    const summaryPath = join(samplesDir, result.summary.target.kind === 'excel' ? result.summary.target.path : '');
    const rows = await readSheet(summaryPath, '质量信息反馈表 2026-11');
    expect(rows[0]).toEqual(expect.arrayContaining(['故障代码', '故障模式', '本月次数', '累计占比(%)', '责任部门']));
    const total = rows.find((r) => r[0] === '合计')!;
    expect(total[5]).toBe(result.counts.reportMonthEvents);
    expect(rows.some((r) => r[1] === 'UNMAPPED')).toBe(true);
    expect((await readSheet(summaryPath, '未归类故障 2026-11')).map((r) => r[0])).toEqual(['故障描述', '仪表盘乱码']);

    // A retried delivery sends nothing twice.
    const before = catcher.messages().length;
    const again = await createQualityActivities({
      backendFor: () => createExcelBackend({ root: samplesDir }),
      work: services.work,
      archive: services.archive,
      mail: platform.sendMail,
    }).sendQualityFeedbackMail({
      workflowId,
      departmentId: 'quality',
      departmentName: '品质部',
      recipient: 'quality@example.cn',
      period: PERIOD,
      document: result.departments.find((d) => d.departmentId === 'quality')!.document,
      highlights: [],
      locale: 'zh-CN',
      company: '售后服务部',
    });
    expect(again.status).toBe('already-sent');
    expect(catcher.messages().length).toBe(before);
    expect((await services.archive.verifyChain()).ok).toBe(true);
    const audit = await services.audit.list({ action: 'quality.distributed' });
    expect(audit.map((a) => a.target)).toEqual([workflowId]);
  });
});
