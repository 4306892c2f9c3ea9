/**
 * A few lines per department for the mail body and the supervisor's approval page, in the locale of the run.
 * Pure: derived from the department view and the compilation's counts.
 */
import type { DepartmentView } from '../../domain/quality';
import { dec, int, pct } from '../../templates/pdf/quality-blocks';
import type { QualityCompilation, QualityLocale } from './types';

export function departmentHighlights(v: DepartmentView, locale: QualityLocale): string[] {
  const zh = locale !== 'en';
  switch (v.kind) {
    case 'sales': {
      const h = v.handling.overall;
      const top = v.byRegion[0];
      return [
        zh
          ? `投诉/来电 ${int(v.totals.count)} 起，已处理完成 ${int(h.closed)} 起，处理时长中位数 ${h.medianDays === null ? '—' : `${dec(h.medianDays)} 天`}`
          : `${int(v.totals.count)} complaints/calls, ${int(h.closed)} closed, median handling ${h.medianDays === null ? '—' : `${dec(h.medianDays)} d`}`,
        ...(top
          ? [
              zh
                ? `反馈最多的区域：${top.label}（${int(top.count)} 起）`
                : `Most reports: ${top.label} (${int(top.count)})`,
            ]
          : []),
      ];
    }
    case 'production':
    case 'engineering': {
      const top = v.pareto.rows[0];
      const lines = [
        zh
          ? `相关故障 ${int(v.totals.count)} 起（环比 ${pct(v.groupTrend.momChangePct, true)}，较近3月均值 ${pct(v.groupTrend.vsAvg3Pct, true)}）`
          : `${int(v.totals.count)} reports (MoM ${pct(v.groupTrend.momChangePct, true)}, vs 3-month mean ${pct(v.groupTrend.vsAvg3Pct, true)})`,
      ];
      if (top)
        lines.push(
          zh
            ? `首位故障模式：${top.label}（${int(top.count)} 起，${pct(top.sharePct)}）`
            : `Top mode: ${top.label} (${int(top.count)}, ${pct(top.sharePct)})`,
        );
      if (v.kind === 'engineering') {
        const names = v.newFailureModes.map((m) => m.name).join(zh ? '、' : ', ');
        lines.push(
          zh
            ? `本月新增故障模式 ${v.newFailureModes.length} 个${names ? `：${names}` : ''}`
            : `${v.newFailureModes.length} new failure modes${names ? `: ${names}` : ''}`,
        );
      }
      return lines;
    }
    case 'quality': {
      const top = v.pareto.rows[0];
      return [
        zh
          ? `质量信息 ${int(v.totals.count)} 起（环比 ${pct(v.overallTrend.momChangePct, true)}），重复故障 ${int(v.repeats.total)} 个车架号，新增故障模式 ${v.newFailureModes.length} 个`
          : `${int(v.totals.count)} reports (MoM ${pct(v.overallTrend.momChangePct, true)}), ${int(v.repeats.total)} repeat VINs, ${v.newFailureModes.length} new modes`,
        ...(top
          ? [
              zh
                ? `帕累托首位：${top.label}（${pct(top.sharePct)}）；关键少数 ${v.pareto.vitalCount} 项`
                : `Pareto top: ${top.label} (${pct(top.sharePct)}); vital few: ${v.pareto.vitalCount}`,
            ]
          : []),
        zh ? `未归类故障描述 ${v.unmapped.length} 种` : `${v.unmapped.length} unmapped failure texts`,
      ];
    }
    case 'purchasing': {
      const top = v.suppliers[0];
      return [
        zh
          ? `供应商责任类 ${int(v.totals.count)} 起，涉及 ${v.suppliers.length} 家供应商；未填供应商 ${int(v.unattributed.count)} 起`
          : `${int(v.totals.count)} supplier-attributable reports, ${v.suppliers.length} suppliers; ${int(v.unattributed.count)} without supplier`,
        ...(top
          ? [zh ? `排名首位：${top.label}（${int(top.count)} 起）` : `Top supplier: ${top.label} (${int(top.count)})`]
          : []),
      ];
    }
  }
}

/** Lines and key figures for the supervisor's approval page. */
export function approvalSummary(
  c: QualityCompilation,
  departments: { name: string; highlights: string[] }[],
  locale: QualityLocale,
): { summary: string[]; figures: { label: string; value: string }[] } {
  const zh = locale !== 'en';
  const n = c.counts;
  const trend = c.aggregates.trends.overall;
  const topUnmapped = c.unmapped.slice(0, 5).map((u) => `${u.text}（${u.count}）`);
  const summary = [
    zh
      ? `统计期 ${c.months[0]} 至 ${c.period}：共 ${int(n.events)} 起，本月 ${int(n.reportMonthEvents)} 起；同一车架号+配件重复上报已合并 ${int(n.duplicatesRemoved)} 起。`
      : `${c.months[0]} to ${c.period}: ${int(n.events)} reports, ${int(n.reportMonthEvents)} this month; ${int(n.duplicatesRemoved)} duplicates merged.`,
    ...departments.map((d) => `${d.name}${zh ? '：' : ': '}${d.highlights[0] ?? ''}`),
    n.unmappedTexts > 0
      ? zh
        ? `未归类故障描述 ${n.unmappedTexts} 种（${n.unmappedEvents} 起，计入“未归类”）：${topUnmapped.join('、')}${n.unmappedTexts > 5 ? ' 等' : ''}`
        : `${n.unmappedTexts} unmapped failure texts (${n.unmappedEvents} reports): ${topUnmapped.join(', ')}`
      : zh
        ? '所有故障描述均已归入故障模式目录。'
        : 'Every failure text maps to the catalogue.',
    ...(n.problems > 0
      ? [zh ? `表格数据问题 ${n.problems} 处（见问题清单）。` : `${n.problems} data problems (see the problem list).`]
      : []),
    zh
      ? '请预览各部门的草稿 PDF。批准后系统将正式版发送各部门、写入汇总表并归档；如需更正请“退回更正”并写明原因。'
      : 'Preview every department’s draft. Approve to mail the final PDFs, write the summary tab and archive; or send back with a reason.',
  ];
  const figures = [
    { label: zh ? '本月质量信息' : 'Reports this month', value: int(n.reportMonthEvents) },
    { label: zh ? '环比上月' : 'vs last month', value: pct(trend.momChangePct, true) },
    {
      label: zh ? '未归类故障描述' : 'Unmapped texts',
      value: zh ? `${n.unmappedTexts} 种 / ${n.unmappedEvents} 起` : `${n.unmappedTexts} / ${n.unmappedEvents}`,
    },
    { label: zh ? '重复上报合并' : 'Duplicates merged', value: int(n.duplicatesRemoved) },
  ];
  return { summary, figures };
}
