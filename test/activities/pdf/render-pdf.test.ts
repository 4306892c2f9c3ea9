import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { describe, expect, it } from 'vitest';
import { renderPdf } from '../../../activities/pdf/render-pdf';
import { AppError } from '../../../domain/errors';
import { paretoChartSvg } from '../../../templates/pdf/charts';
import {
  type PdfContext,
  baseDocument,
  chartBlock,
  dataTable,
  keyFigureTable,
  reportTitle,
  sectionHeading,
} from '../../../templates/pdf/layout';
import { renderSample } from './fixtures/sample-platform-check';
import { pdfFonts, pdfInfo, pdfLines, pdfText, savePdf } from './poppler';

const ctx: PdfContext = {
  locale: 'zh-CN',
  generatedAt: '2026-11-30T02:00:00Z',
  docId: 'wf-stocktake-2026-11/report.pdf',
};

function onePageReport(): TDocumentDefinitions {
  return baseDocument({
    ctx,
    title: '库存盘点报告',
    content: [
      ...reportTitle('库存盘点报告', '期间 2026-11 · 一号仓'),
      sectionHeading('关键指标'),
      keyFigureTable([
        { label: '盘点品项', value: '1,248' },
        { label: '差异品项', value: '37' },
        { label: '差异金额 (元)', value: '-3,456.70', hint: '账面 - 实盘' },
        { label: '准确率', value: '97.0%' },
      ]),
      sectionHeading('差异明细'),
      dataTable({
        columns: [
          { header: '配件编号', width: 80 },
          { header: '配件名称' },
          { header: '差异数量', align: 'right', width: 60 },
        ],
        rows: Array.from({ length: 10 }, (_, i) => [`P-${1000 + i}`, `刹车片 前轮 型号${i}`, i - 5]),
      }),
      chartBlock(
        paretoChartSvg({
          items: [
            { label: '漏油', value: 42 },
            { label: '异响', value: 31 },
            { label: '电气故障', value: 18 },
          ],
          height: 200,
        }),
      ),
    ],
  });
}

function longReport(rows: number): TDocumentDefinitions {
  const body = Array.from({ length: rows }, (_, i) => [
    i + 1,
    `P-${String(10000 + i)}`,
    `发动机配件 第${i + 1}号 滤清器总成`,
    `经销商${(i % 17) + 1}号`,
    (i * 37) % 101,
    `${((i * 7919) % 100000) / 100}`,
  ]);
  return baseDocument({
    ctx,
    title: '经销商往来账目月统计报表',
    content: [
      ...reportTitle('经销商往来账目月统计报表', '2026-11'),
      dataTable({
        columns: [
          { header: '序号', width: 28, align: 'right' },
          { header: '配件编号', width: 60 },
          { header: '配件名称' },
          { header: '经销商', width: 70 },
          { header: '数量', width: 40, align: 'right' },
          { header: '金额 (元)', width: 60, align: 'right' },
        ],
        rows: body,
      }),
    ],
  });
}

describe('renderPdf', () => {
  it('embeds a CJK subset so Chinese text comes back out of pdftotext unchanged', async () => {
    const lines = [
      '平台自检报告',
      '经销商往来账目月统计报表',
      '质量反馈：发动机漏油 3 次',
      '混合 English 与 中文 123.45',
      '繁體字測試：對賬單',
      '¥12,345.60 元（含税）',
    ];
    const doc = baseDocument({
      ctx,
      title: '字体测试',
      content: lines.map((text): Content => ({ text, margin: [0, 0, 0, 6] })),
    });
    const path = savePdf('render-chinese', await renderPdf(doc, ctx));
    const extracted = await pdfLines(path);
    for (const line of lines) expect(extracted).toContain(line);
    const fonts = await pdfFonts(path);
    expect(fonts.length).toBeGreaterThan(0);
    for (const f of fonts) {
      expect(f, f.name).toMatchObject({ embedded: true, subset: true, unicode: true });
      expect(f.name).toMatch(/^[A-Z]{6}\+/);
    }
  });

  it('keeps a one-page report with key figures, a table and a chart under 100 KB', async () => {
    const bytes = await renderPdf(onePageReport(), ctx);
    const path = savePdf('render-one-page', bytes);
    expect((await pdfInfo(path)).Pages).toBe('1');
    console.log(`one-page report: ${bytes.length} bytes`);
    expect(bytes.length).toBeLessThan(100 * 1024);
    expect(await pdfText(path)).toContain('差异金额 (元)');
  });

  it('renders a 200-row table over 5+ pages with the table header repeated on every page', async () => {
    const started = performance.now();
    const bytes = await renderPdf(longReport(200), ctx);
    const ms = Math.round(performance.now() - started);
    const path = savePdf('render-200-rows', bytes);
    const pages = Number((await pdfInfo(path)).Pages);
    console.log(`200-row table: ${pages} pages, ${bytes.length} bytes, ${ms} ms`);
    expect(pages).toBeGreaterThanOrEqual(5);
    expect(bytes.length).toBeLessThan(300 * 1024);
    for (let p = 1; p <= pages; p++) {
      const text = await pdfText(path, { first: p, last: p });
      expect(text).toContain('配件名称');
      expect(text).toContain(`第${p}页，共${pages}页`);
    }
    const all = await pdfText(path);
    expect(all).toContain('发动机配件 第1号 滤清器总成');
    expect(all).toContain('发动机配件 第200号 滤清器总成');
  });

  it('is deterministic: same definition and time give identical bytes, another time does not', async () => {
    const doc = onePageReport();
    const a = await renderPdf(doc, ctx);
    const b = await renderPdf(doc, ctx); // the same object again: pdfmake must not have altered it
    const c = await renderPdf(onePageReport(), { ...ctx, generatedAt: new Date('2026-11-30T02:00:00Z') });
    expect(b.equals(a)).toBe(true);
    expect(c.equals(a)).toBe(true);
    const later = await renderPdf(onePageReport(), { ...ctx, generatedAt: '2026-11-30T02:00:01Z' });
    expect(later.equals(a)).toBe(false);
    const info = await pdfInfo(savePdf('render-determinism', a));
    expect(info.CreationDate).toBe('2026-11-30T02:00:00Z');
    expect(info.ModDate).toBe('2026-11-30T02:00:00Z');
  });

  it('prints title, generation time (Asia/Shanghai), document id and page x/y on every page', async () => {
    const content: Content[] = [{ text: '第一页正文' }, { text: '第二页正文', pageBreak: 'before' }];
    const zh = savePdf('render-chrome-zh', await renderPdf(baseDocument({ ctx, title: '对账单', content }), ctx));
    for (const page of [1, 2]) {
      const text = await pdfText(zh, { first: page, last: page });
      expect(text).toContain('对账单');
      expect(text).toContain('生成时间：2026-11-30 10:00:00 (Asia/Shanghai)');
      expect(text).toContain('文档编号：wf-stocktake-2026-11/report.pdf');
      expect(text).toContain(`第${page}页，共2页`);
    }
    const enCtx: PdfContext = { ...ctx, locale: 'en' };
    const en = savePdf(
      'render-chrome-en',
      await renderPdf(baseDocument({ ctx: enCtx, title: 'Statement', content }), enCtx),
    );
    const page2 = await pdfText(en, { first: 2, last: 2 });
    expect(page2).toContain('Page 2 of 2');
    expect(page2).toContain('Generated: 2026-11-30 10:00:00 (Asia/Shanghai)');
    expect(page2).toContain('Document ID: wf-stocktake-2026-11/report.pdf');
  });

  it('rejects a generation time that is not an ISO instant, permanently', async () => {
    const err = await renderPdf(onePageReport(), { ...ctx, generatedAt: '30/11/2026' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'InvalidPdfInput', permanent: true });
  });

  it('reports a broken definition as a permanent render failure naming the document', async () => {
    const doc = baseDocument({ ctx, title: 'x', content: [{ svg: '<not-svg/>' }] });
    const err = await renderPdf(doc, ctx).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'PdfRenderFailed', permanent: true });
    expect((err as Error).message).toContain(ctx.docId);
  });
});

describe('renderPdf, many documents in one process (the font face and its caches are shared)', () => {
  // U+4E00 一 and the Kangxi radical U+2F00 ⼀ are one glyph in Noto Sans CJK; each document must still map it
  // back to the character its own text had, whatever the process rendered before.
  const doc = (name: string) =>
    baseDocument({ ctx, title: '对账单', content: [{ text: `经销商：${name}` }, { text: `${name} 12,345.67` }] });

  it("keeps each document's text and bytes its own, whatever was rendered before", async () => {
    const plainFirst = await renderPdf(doc('一号汽配'), ctx);
    const radical = savePdf('render-shared-radical', await renderPdf(doc('⼀号汽配'), ctx));
    const plainAgain = await renderPdf(doc('一号汽配'), ctx);
    expect(plainAgain.equals(plainFirst)).toBe(true);
    expect(await pdfLines(radical)).toContain('经销商：⼀号汽配');
    expect(await pdfLines(savePdf('render-shared-plain', plainAgain))).toContain('经销商：一号汽配');
  });
});

describe('renderPdf across processes', () => {
  it('gives the same bytes in a fresh process (a retry on a restarted worker stores nothing new)', async () => {
    const here = createHash('sha256')
      .update(await renderSample())
      .digest('hex');
    const tsx = resolve(__dirname, '../../../node_modules/.bin/tsx');
    const { stdout } = await promisify(execFile)(tsx, [resolve(__dirname, 'fixtures/sample-platform-check.ts')]);
    expect(stdout.trim()).toBe(here);
  });
});
