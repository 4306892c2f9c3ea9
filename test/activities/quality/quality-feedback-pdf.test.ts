// The 质量信息反馈表 template on the hand-made golden month (test/domain/quality/golden-dataset.ts), rendered to real
// PDFs and read back with pdftotext: every department's name, its Pareto labels, the unmapped texts, drafts vs
// final, the English variant, the cap on listed unmapped texts, and bad data refused naming the field.
import { describe, expect, it } from 'vitest';
import { renderPdf } from '../../../activities/pdf/render-pdf';
import {
  DEFAULT_QUALITY_ROUTING,
  aggregateQualityEvents,
  buildDepartmentViews,
  cleanQualityEvents,
  withDepartmentRecipients,
  type DepartmentView,
} from '../../../domain/quality';
import { TemplateDataError } from '../../../templates/pdf/define-template';
import { qualityFeedbackTemplate, type QualityFeedbackData } from '../../../templates/pdf/quality-feedback';
import { CATALOGUE, EVENTS, VOLUMES } from '../../domain/quality/golden-dataset';
import { pdfText, renderPage1, savePdf } from '../../workflows/quality/quality-test-kit';
import { parsePeriod } from '../../../domain/calendar';

const cleaned = cleanQualityEvents(EVENTS, CATALOGUE);
const agg = aggregateQualityEvents(parsePeriod('2026-11'), cleaned.events, { productionVolumes: VOLUMES });
const routing = withDepartmentRecipients(DEFAULT_QUALITY_ROUTING, { quality: { emails: ['quality@example.cn'] } });
const views = buildDepartmentViews(agg, routing, { unmapped: cleaned.unmapped });
const view = (kind: DepartmentView['kind']) => views.find((v) => v.kind === kind)!;

function data(v: DepartmentView, over: Partial<QualityFeedbackData> = {}): QualityFeedbackData {
  return {
    company: '售后服务部',
    period: '2026-11',
    draft: null,
    approval: { by: '李主管（supervisor@example.cn）', at: '2026-12-03T02:30:00.000Z', version: 2 },
    basis: {
      sources: [{ file: 'quality.xlsx', sheet: '质量信息', rows: 30 }],
      rows: 30,
      events: agg.totals.windowCount,
      reportMonthEvents: agg.totals.count,
      duplicatesRemoved: cleaned.stats.duplicatesRemoved,
      unmappedTexts: cleaned.unmapped.length,
      unmappedEvents: cleaned.stats.unmappedEvents,
      problems: 0,
      outOfWindow: 1,
    },
    view: v,
    ...over,
  };
}

async function render(
  name: string,
  d: QualityFeedbackData,
  locale: 'zh-CN' | 'en' = 'zh-CN',
): Promise<{ path: string; text: string }> {
  const ctx = {
    locale,
    generatedAt: '2026-12-03T02:30:00.000Z',
    docId: `quality-2026-11/${name}.pdf`,
    timeZone: 'Asia/Shanghai',
  };
  const bytes = await renderPdf(qualityFeedbackTemplate(d, ctx), ctx);
  const path = savePdf(`golden-${name}`, bytes);
  return { path, text: await pdfText(path) };
}

describe('quality-feedback PDF template (golden month)', () => {
  it('prints each department with its own figures and Pareto labels, in Chinese', async () => {
    const q = await render('品质部', data(view('quality')));
    expect(q.text).toContain('质量信息反馈表 2026-11 · 品质部');
    expect(q.text).toContain('已由 李主管（supervisor@example.cn） 于 2026-12-03 10:30:00 (Asia/Shanghai) 批准分发');
    // Pareto of the month (hand-computed in the golden test): 漏油 4 of 12 = 33.3 %; 密封件老化 2 (qty 3) before
    // 异响 2 (qty 2): 50.0 % and 66.7 % cumulative; 油封漏油 past the 80 % cut is not starred.
    expect(q.text).toMatch(/★ 漏油\s+4\s+4\s+33\.3%\s+33\.3%/);
    expect(q.text).toMatch(/★ 密封件老化\s+2\s+3\s+16\.7%\s+50\.0%/);
    expect(q.text).toMatch(/★ 异响\s+2\s+2\s+16\.7%\s+66\.7%/);
    expect(q.text).toMatch(/\d+\s+油封漏油\s+1\s+1\s+8\.3%\s+91\.7%/);
    expect(q.text).toContain('累计占比');
    expect(q.text).toContain('仪表盘闪烁');
    expect(q.text).toContain('百万台故障数（PPM）');
    expect(q.text).not.toContain('（草稿');
    expect(q.text).not.toContain('草稿：');
    const page = await renderPage1(q.path, 'golden-品质部-page1');
    expect(page.chartBlue).toBeGreaterThan(0.002);

    const sales = await render('营销部', data(view('sales')));
    expect(sales.text).toContain('营销部');
    expect(sales.text).toContain('华东');
    expect(sales.text).toContain('投诉处理时长（按区域）');
    const production = await render('生产部', data(view('production')));
    expect(production.text).toContain('焊点开裂');
    expect(production.text).not.toContain('电路故障');
    const engineering = await render('技术部', data(view('engineering')));
    expect(engineering.text).toContain('电路故障');
    const purchasing = await render('采购部', data(view('purchasing')));
    expect(purchasing.text).toContain('采购/配套部');
    expect(purchasing.text).toContain('供应商排名');
  });

  it('drafts say so in the title and the watermark; English on request', async () => {
    const draft = await render('draft', data(view('production'), { draft: { version: 3 }, approval: null }));
    expect(draft.text).toContain('质量信息反馈表 2026-11 · 生产部（草稿 第3版）');
    expect(draft.text).toContain('草稿：待客户主管审批后正式分发');
    const en = await render('english', data(view('quality')), 'en');
    expect(en.text).toContain('Quality feedback 2026-11 · Quality');
    expect(en.text).toContain('Failure-mode Pareto');
    expect(en.text).toContain('Cumulative %');
  });

  it('lists at most 300 unmapped texts and says how many more; refuses malformed data naming the field', async () => {
    const q = view('quality') as Extract<DepartmentView, { kind: 'quality' }>;
    const many = Array.from({ length: 300 }, (_, i) => ({ text: `未知故障${i}`, count: 1, qty: 1 }));
    const capped = await render('capped', data({ ...q, unmapped: many }, { unmappedMore: 7 }));
    expect(capped.text).toContain('未知故障299');
    expect(capped.text).toContain('另有 7 种未列出');

    const ctx = { locale: 'zh-CN' as const, generatedAt: '2026-12-03T02:30:00.000Z', docId: 'x' };
    const bad = {
      ...data(view('sales')),
      view: { ...view('sales'), byRegion: [{ key: '华东', label: '华东', count: -1, qty: 1, sharePct: 1 }] },
    };
    expect(() => qualityFeedbackTemplate(bad, ctx)).toThrow(TemplateDataError);
    expect(() => qualityFeedbackTemplate(bad, ctx)).toThrow(/view\.byRegion\[0\]\.count/);
  });
});
