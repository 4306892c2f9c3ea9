import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { renderPdf } from '../../../activities/pdf/render-pdf';
import { barChartSvg, paretoBars, paretoChartSvg, trendChartSvg } from '../../../templates/pdf/charts';
import { PALETTE } from '../../../templates/pdf/charts/svg-kit';
import { type PdfContext, baseDocument, chartBlock } from '../../../templates/pdf/layout';
import { ARTIFACTS, countColour, inkCoverage, pdfText, rasterizePage, savePdf } from './poppler';

const ctx: PdfContext = { locale: 'zh-CN', generatedAt: '2026-11-30T02:00:00Z', docId: 'charts-test' };
const defects = [
  { label: '漏油', value: 42 },
  { label: '异响', value: 31 },
  { label: '电气故障', value: 18 },
  { label: '外观划伤', value: 9 },
  { label: '配件缺失', value: 6 },
];

describe('SVG charts (pure functions)', () => {
  it('sorts Pareto bars high to low and merges the tail into "其他" as the last bar', () => {
    const items = [...defects, { label: '包装破损', value: 2 }, { label: '标签错误', value: 1 }];
    expect(paretoBars(items, 5, '其他')).toEqual([
      { label: '漏油', value: 42 },
      { label: '异响', value: 31 },
      { label: '电气故障', value: 18 },
      { label: '外观划伤', value: 9 },
      { label: '其他', value: 9 },
    ]);
  });

  it('labels the cumulative line up to 100 % and escapes label text', () => {
    const svg = paretoChartSvg({ items: [{ label: 'A&B <阀门>', value: 3 }, ...defects] });
    expect(svg).toContain('A&amp;B &lt;阀门&gt;');
    expect(svg).toContain('>100%</text>');
    expect(svg).toContain('累计占比');
    expect(paretoChartSvg({ items: [], locale: 'en' })).toContain('No data');
    expect(() => paretoChartSvg({ items: [{ label: 'x', value: -1 }] })).toThrow(RangeError);
  });

  it('refuses a trend series whose length does not match the months', () => {
    expect(() =>
      trendChartSvg({ categories: ['2026-10', '2026-11'], series: [{ name: '营销部', values: [1] }] }),
    ).toThrow(/营销部.*1 values for 2/);
  });
});

describe('SVG charts in a PDF', () => {
  it('render visibly (bars, lines, Chinese labels) on page 1 and extract as text', async () => {
    const months = ['2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11'];
    const doc = baseDocument({
      ctx,
      title: '图表测试',
      content: [
        chartBlock(paretoChartSvg({ title: '质量问题帕累托', items: defects, valueLabel: '反馈次数', height: 220 })),
        chartBlock(
          trendChartSvg({
            title: '月度趋势',
            categories: months,
            series: [
              { name: '营销部', values: [12, 15, 11, null, 20, 17] },
              { name: '生产部', values: [8, 9, 12, 10, 7, 9] },
            ],
            height: 200,
          }),
        ),
        chartBlock(
          barChartSvg({
            title: '各仓库差异',
            items: [
              { label: '一号仓', value: 120 },
              { label: '二号仓', value: -34 },
            ],
            height: 180,
          }),
        ),
      ],
    });
    const path = savePdf('charts', await renderPdf(doc, ctx));
    const page = await rasterizePage(path, 1, 'charts-page1');
    expect(page.warnings).toBe('');
    expect(statSync(join(ARTIFACTS, 'charts-page1.png')).size).toBeGreaterThan(10_000);
    // Bars in the first palette colour and the cumulative / second series line in the second colour.
    expect(countColour(page, PALETTE[0] as string)).toBeGreaterThan(1500);
    expect(countColour(page, PALETTE[1] as string)).toBeGreaterThan(150);
    expect(countColour(page, '#ff00ff')).toBe(0); // the counter is not just counting everything
    expect(inkCoverage(page)).toBeGreaterThan(0.03);

    const text = await pdfText(path);
    for (const label of [
      '质量问题帕累托',
      '反馈次数',
      '累计占比',
      '电气故障',
      '月度趋势',
      '营销部',
      '生产部',
      '2026-11',
      '各仓库差异',
      '二号仓',
      '100%',
    ]) {
      expect(text).toContain(label);
    }
  });
});
