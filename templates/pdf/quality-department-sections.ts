import type { Content } from 'pdfmake/interfaces';
import { formatFen } from '../../domain/money';
import { paretoChartSvg } from './charts/pareto-chart';
import { type PdfLocale, chartBlock, dataTable, keyFigureTable, sectionHeading } from './layout';
import { days, int, modelModesTable, note, pct, rankTable, translator, trendFigures } from './quality-blocks';
import type { QualityViewParsed } from './quality-feedback-schema';
import {
  failureModeParetoSection,
  failureModeTrendSection,
  figureColumns,
  newFailureModesSection,
} from './quality-shared-sections';

/* The body of each department's 质量信息反馈表: what that department acts on (routing in domain/quality). */

type View<K extends QualityViewParsed['kind']> = Extract<QualityViewParsed, { kind: K }>;

const SOURCE_NAMES = {
  complaint: ['投诉', 'Complaints'],
  call: ['来电', 'Calls'],
  inspection: ['三包鉴定', 'Inspections'],
  return: ['退货', 'Returns'],
} as const;

export function salesSections(v: View<'sales'>, locale: PdfLocale): Content[] {
  const t = translator(locale);
  const h = v.handling.overall;
  const src = (s: keyof typeof SOURCE_NAMES) => t(SOURCE_NAMES[s][0], SOURCE_NAMES[s][1]);
  return [
    keyFigureTable([
      { label: t('本月客户反馈（投诉+来电）', 'Customer reports this month'), value: int(v.totals.count) },
      { label: t('已处理完成', 'Closed'), value: int(h.closed), hint: t(`未完成 ${h.open}`, `${h.open} open`) },
      { label: t('处理时长中位数', 'Median handling time'), value: days(h.medianDays, t) },
      { label: t('处理时长 P90', 'Handling time P90'), value: days(h.p90Days, t) },
    ]),
    sectionHeading(t('按区域（帕累托）', 'By region (Pareto)')),
    chartBlock(
      paretoChartSvg({
        items: v.byRegion.map((r) => ({ label: r.label, value: r.count })),
        locale,
        valueLabel: t('反馈次数', 'Reports'),
        height: 220,
      }),
    ),
    rankTable(v.byRegion, { locale, itemHeader: t('区域', 'Region') }),
    sectionHeading(t('按信息来源', 'By source')),
    dataTable({
      locale,
      columns: figureColumns(t('来源', 'Source'), [
        [t('次数', 'Count'), 60],
        [t('数量', 'Qty'), 60],
      ]),
      rows: v.bySource.map((s) => [src(s.source), int(s.count), int(s.qty)]),
    }),
    sectionHeading(
      t(`反馈最多的经销商（前 ${v.byDealer.length} 名）`, `Dealers with most reports (top ${v.byDealer.length})`),
    ),
    rankTable(v.byDealer, { locale, itemHeader: t('经销商', 'Dealer') }),
    sectionHeading(t('投诉处理时长（按区域）', 'Complaint handling time by region')),
    dataTable({
      locale,
      columns: figureColumns(t('区域', 'Region'), [
        [t('反馈', 'Reports'), 44],
        [t('已完成', 'Closed'), 44],
        [t('未完成', 'Open'), 44],
        [t('中位数', 'Median'), 52],
        ['P90', 52],
        [t('平均', 'Mean'), 52],
      ]),
      rows: [...v.handling.byRegion, { ...h, region: t('合计', 'Total') }].map((r) => [
        r.region,
        int(r.considered),
        int(r.closed),
        int(r.open),
        days(r.medianDays, t),
        days(r.p90Days, t),
        days(r.meanDays, t),
      ]),
    }),
    ...(h.invalid > 0
      ? [
          note(
            t(
              `另有 ${h.invalid} 条完成日期早于反馈日期，未计入时长。`,
              `${h.invalid} closed before reported: left out.`,
            ),
          ),
        ]
      : []),
  ];
}

/** Production (制造/装配) and engineering (设计): the department's own failure modes. */
export function categorySections(v: View<'production' | 'engineering'>, locale: PdfLocale): Content[] {
  const t = translator(locale);
  const g = v.groupTrend;
  const out: Content[] = [
    keyFigureTable(trendFigures(t, t('本月相关质量信息', 'Reports this month'), v.totals, g)),
    note(t(`责任分类：${v.categories.join('、') || '全部'}`, `Categories: ${v.categories.join(', ') || 'all'}`)),
    ...failureModeParetoSection(v.pareto, { locale }),
    ...failureModeTrendSection(v.months, g, v.trends, { locale, totalTitle: t('部门相关合计', 'Department total') }),
    sectionHeading(t('按产品型号', 'By model')),
    modelModesTable(v.byModel, { locale }),
  ];
  if (v.kind === 'engineering') {
    out.push(
      ...newFailureModesSection(v.newFailureModes, locale),
      sectionHeading(t('设计类故障涉及的配件', 'Parts with design-related failures')),
      rankTable(v.byPart, { locale, itemHeader: t('配件', 'Part') }),
    );
  }
  return out;
}

const RECOVERY = {
  none: ['未索赔', 'no claim'],
  open: ['索赔中', 'claimed'],
  partial: ['部分追回', 'partly recovered'],
  recovered: ['已追回', 'recovered'],
} as const;

export function purchasingSections(v: View<'purchasing'>, locale: PdfLocale): Content[] {
  const t = translator(locale);
  const open = v.suppliers.reduce((s, r) => s + r.recovery.openClaims, 0);
  return [
    keyFigureTable([
      {
        label: t('供应商责任类质量信息', 'Supplier-attributable reports'),
        value: int(v.totals.count),
        hint: t(`数量 ${int(v.totals.qty)}`, `qty ${int(v.totals.qty)}`),
      },
      { label: t('涉及供应商', 'Suppliers involved'), value: int(v.suppliers.length) },
      {
        label: t('未填供应商', 'No supplier named'),
        value: int(v.unattributed.count),
        hint: t('无法追偿，请补填', 'cannot be charged'),
      },
      { label: t('未结索赔', 'Open claims'), value: int(open) },
    ]),
    note(t(`责任分类：${v.categories.join('、')}`, `Categories: ${v.categories.join(', ')}`)),
    sectionHeading(t('供应商排名（帕累托）', 'Supplier ranking (Pareto)')),
    chartBlock(
      paretoChartSvg({
        items: v.suppliers.map((s) => ({ label: s.label, value: s.count })),
        locale,
        valueLabel: t('故障次数', 'Failures'),
        height: 240,
      }),
    ),
    dataTable({
      locale,
      fontSize: 8,
      columns: [
        { header: '#', width: 18, align: 'right' },
        { header: t('供应商', 'Supplier'), width: '*' },
        { header: t('次数', 'Count'), width: 36, align: 'right' },
        { header: t('占比', 'Share'), width: 44, align: 'right' },
        { header: t('主要故障模式', 'Main modes'), width: 120 },
        { header: t('追偿状态', 'Recovery'), width: 54 },
        { header: t('已索赔/已追回（元）', 'Claimed/recovered'), width: 90, align: 'right' },
      ],
      rows: v.suppliers.map((s) => [
        s.rank,
        s.label,
        int(s.count),
        pct(s.sharePct),
        s.topModes.map((m) => `${m.name} ${m.count}`).join(t('、', ', ')),
        t(RECOVERY[s.recovery.status][0], RECOVERY[s.recovery.status][1]),
        s.recovery.status === 'none'
          ? '—'
          : `${formatFen(s.recovery.claimedFen)} / ${formatFen(s.recovery.recoveredFen)}`,
      ]),
    }),
    sectionHeading(t('全部质量信息按供应商', 'All reports by supplier')),
    rankTable(v.allSuppliers, { locale, itemHeader: t('供应商', 'Supplier') }),
  ];
}
