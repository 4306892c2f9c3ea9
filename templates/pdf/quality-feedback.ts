import type { Content } from 'pdfmake/interfaces';
import { definePdfTemplate } from './define-template';
import { baseDocument, formatGeneratedAt, reportTitle, sectionHeading, signOffBlock } from './layout';
import { categorySections, purchasingSections, salesSections } from './quality-department-sections';
import { int, monthLabels, note, translator } from './quality-blocks';
import { qualityFeedbackSchema, type QualityFeedbackParsed } from './quality-feedback-schema';
import { incidentsSection } from './quality-incidents-section';
import { qualitySections } from './quality-overview-sections';

export { qualityFeedbackSchema, type QualityFeedbackData } from './quality-feedback-schema';

function body(d: QualityFeedbackParsed, locale: 'zh-CN' | 'en'): Content[] {
  const v = d.view;
  switch (v.kind) {
    case 'sales':
      return salesSections(v, locale);
    case 'production':
    case 'engineering':
      return categorySections(v, locale);
    case 'quality':
      return qualitySections(v, locale, d.unmappedMore);
    case 'purchasing':
      return purchasingSections(v, locale);
  }
}

/**
 * 质量信息反馈表 for one department (营销、生产、品质、采购、技术): key figures, Pareto and trend charts (SVG), the
 * department's tables, the basis of the figures and a sign-off block. Drafts carry a 草稿 watermark and their
 * version; the distributed version names who approved it and when.
 */
export const qualityFeedbackTemplate = definePdfTemplate('quality-feedback', qualityFeedbackSchema, (d, ctx) => {
  const t = translator(ctx.locale);
  const v = d.view;
  const months = monthLabels(v.months, ctx.locale);
  const name = ctx.locale === 'en' ? v.nameEn : v.name;
  const draft = d.draft ? t(`（草稿 第${d.draft.version}版）`, ` (draft v${d.draft.version})`) : '';
  const title = t(`质量信息反馈表 ${d.period} · ${name}${draft}`, `Quality feedback ${d.period} · ${name}${draft}`);
  const b = d.basis;
  const content: Content[] = [
    ...reportTitle(
      title,
      t(
        `${d.company} · 统计期 ${v.months[0]} 至 ${d.period}（本月 + 前 ${v.months.length - 1} 个月）`,
        `${d.company} · window ${v.months[0]} to ${d.period} (report month + ${v.months.length - 1} before)`,
      ),
    ),
  ];
  if (d.draft) {
    content.push({
      text: t(
        `草稿：待客户主管审批后正式分发，请勿转发。`,
        'DRAFT: for the customer supervisor’s review; not for distribution.',
      ),
      bold: true,
      color: '#c8553d',
      margin: [0, 0, 0, 8],
    });
  }
  if (d.approval) {
    const at = formatGeneratedAt(d.approval.at, ctx.timeZone);
    content.push(
      note(
        t(
          `已由 ${d.approval.by} 于 ${at} 批准分发（依据草稿第${d.approval.version}版）。`,
          `Approved for distribution by ${d.approval.by} at ${at} (draft v${d.approval.version}).`,
        ) + (d.approval.comment ? t(`意见：${d.approval.comment}`, ` Comment: ${d.approval.comment}`) : ''),
      ),
    );
  }
  content.push(...body(d, ctx.locale));
  if (d.incidents) content.push(...incidentsSection(d.incidents, ctx.locale));
  content.push(
    sectionHeading(t('数据说明', 'Basis of the figures')),
    note(
      t(
        `来源：${b.sources.map((s) => `${s.file} › ${s.sheet}（${int(s.rows)} 行）`).join('；')}。`,
        `Sources: ${b.sources.map((s) => `${s.file} › ${s.sheet} (${int(s.rows)} rows)`).join('; ')}.`,
      ),
    ),
    note(
      t(
        `窗口期 ${months[0]}～${months[months.length - 1]} 共 ${int(b.events)} 起（本月 ${int(b.reportMonthEvents)} 起）；` +
          `同一车架号+配件重复上报合并 ${int(b.duplicatesRemoved)} 起；未归类故障描述 ${int(b.unmappedTexts)} 种（${int(b.unmappedEvents)} 起，` +
          `计入“未归类”，明细见品质部报告及汇总表）；数据问题 ${int(b.problems)} 处。`,
        `${int(b.events)} reports in the window (${int(b.reportMonthEvents)} this month); ${int(b.duplicatesRemoved)} duplicates ` +
          `(same VIN + part) merged; ${int(b.unmappedTexts)} unmapped failure texts (${int(b.unmappedEvents)} reports, counted as ` +
          `"unmapped", listed in the quality report and the summary sheet); ${int(b.problems)} data problems.`,
      ),
    ),
    signOffBlock(ctx.locale, [t('编制', 'Prepared by'), t('审核', 'Reviewed by'), t('接收部门', 'Received by')]),
  );
  const doc = baseDocument({ ctx, title, content });
  if (d.draft) doc.watermark = { text: t('草稿', 'DRAFT'), color: '#c8553d', opacity: 0.08, bold: true };
  return doc;
});
