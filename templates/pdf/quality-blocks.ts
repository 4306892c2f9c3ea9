import type { Content } from 'pdfmake/interfaces';
import { paretoChartSvg } from './charts/pareto-chart';
import { trendChartSvg } from './charts/trend-chart';
import type { KeyFigure } from './blocks';
import { type PdfLocale, byLocale, chartBlock, dataTable, type DataCell } from './layout';
import type { QualityViewParsed } from './quality-feedback-schema';

/* Building blocks shared by the department sections of the 质量信息反馈表: formats, Pareto, trends, rankings. */

type CategoryView = Extract<QualityViewParsed, { kind: 'production' | 'engineering' }>;
export type ParetoData = CategoryView['pareto'];
export type TrendData = CategoryView['groupTrend'];
export type RankData = CategoryView['byModel'];
export type RankRowData = Extract<QualityViewParsed, { kind: 'sales' }>['byRegion'][number];

export type T = <V>(zh: V, en: V) => V;
export const translator =
  (locale: PdfLocale): T =>
  (zh, en) =>
    byLocale(locale, zh, en);

export const int = (n: number): string => Math.round(n).toLocaleString('en-US');
export const dec = (n: number, digits = 1): string =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const pct = (n: number | null | undefined, signed = false): string =>
  n === null || n === undefined ? '—' : `${signed && n > 0 ? '+' : ''}${dec(n)}%`;
export const days = (n: number | null, t: T): string => (n === null ? '—' : t(`${dec(n)} 天`, `${dec(n)} d`));

/**
 * The four key figures every quality view opens with: the month's reports and their change against last month and
 * the 3- and 6-month means (the same wording in the overview and in each department's page).
 */
export function trendFigures(
  t: T,
  reportsLabel: string,
  totals: { count: number; qty: number },
  trend: Pick<TrendData, 'momChangePct' | 'previous' | 'vsAvg3Pct' | 'avg3' | 'vsAvg6Pct' | 'avg6'>,
): KeyFigure[] {
  return [
    {
      label: reportsLabel,
      value: int(totals.count),
      hint: t(`数量 ${int(totals.qty)}`, `qty ${int(totals.qty)}`),
    },
    {
      label: t('环比上月', 'vs last month'),
      value: pct(trend.momChangePct, true),
      hint: t(`上月 ${int(trend.previous)}`, `last ${int(trend.previous)}`),
    },
    {
      label: t('较近3月均值', 'vs 3-month mean'),
      value: pct(trend.vsAvg3Pct, true),
      hint: t(`均值 ${trend.avg3}`, `mean ${trend.avg3}`),
    },
    {
      label: t('较近6月均值', 'vs 6-month mean'),
      value: pct(trend.vsAvg6Pct, true),
      hint: t(`均值 ${trend.avg6}`, `mean ${trend.avg6}`),
    },
  ];
}

/** Month labels: "5月" within one calendar year, "2026-12" when the window crosses a year (zh); "2026-05" in English. */
export function monthLabels(months: readonly string[], locale: PdfLocale): string[] {
  const oneYear = new Set(months.map((m) => m.slice(0, 4))).size === 1;
  return months.map((m) => (locale === 'en' || !oneYear ? m : `${Number(m.slice(5))}月`));
}

export function note(textValue: string): Content {
  return { text: textValue, style: 'note', margin: [0, 0, 0, 6] };
}

/** Pareto chart (bars + cumulative line + 80 % guide) of a Pareto's rows. */
export function paretoChart(p: ParetoData, o: { locale: PdfLocale; valueLabel: string; title?: string }): Content {
  return chartBlock(
    paretoChartSvg({
      items: p.rows.map((r) => ({ label: r.label, value: r.count })),
      locale: o.locale,
      valueLabel: o.valueLabel,
      // Wide enough for the vital few of a typical month; the tail is merged into one "其他" bar.
      maxBars: Math.min(15, Math.max(10, p.vitalCount + 1)),
      height: 240,
      ...(o.title ? { title: o.title } : {}),
    }),
  );
}

/** The Pareto as a table: rank, item, count, qty, share, cumulative share, ★ for the vital few. */
export function paretoTable(p: ParetoData, o: { locale: PdfLocale; itemHeader: string; maxRows?: number }): Content[] {
  const t = translator(o.locale);
  const max = o.maxRows ?? 15;
  const rows: DataCell[][] = p.rows
    .slice(0, max)
    .map((r, i) => [
      i + 1,
      `${r.vital ? '★ ' : ''}${r.label}`,
      int(r.count),
      int(r.qty),
      pct(r.sharePct),
      pct(r.cumulativePct),
    ]);
  const out: Content[] = [
    dataTable({
      locale: o.locale,
      columns: [
        { header: '#', width: 20, align: 'right' },
        { header: o.itemHeader, width: '*' },
        { header: t('次数', 'Count'), width: 48, align: 'right' },
        { header: t('数量', 'Qty'), width: 48, align: 'right' },
        { header: t('占比', 'Share'), width: 52, align: 'right' },
        { header: t('累计占比', 'Cum.'), width: 56, align: 'right' },
      ],
      rows,
    }),
  ];
  const rest = p.rows.length - max;
  const starNote = t(
    `★ 关键少数：累计占比达到 ${p.cutPct}% 的前 ${p.vitalCount} 项。`,
    `★ vital few: the first ${p.vitalCount} items up to ${p.cutPct}% cumulative.`,
  );
  out.push(note(rest > 0 ? `${starNote}${t(`其余 ${rest} 项未列出。`, ` ${rest} more not listed.`)}` : starNote));
  return out;
}

/** Line chart of monthly counts: one line per trend row (at most 5, so it stays readable in black and white). */
export function trendChart(
  months: readonly string[],
  rows: readonly TrendData[],
  o: { locale: PdfLocale; title?: string; height?: number },
): Content {
  return chartBlock(
    trendChartSvg({
      categories: monthLabels(months, o.locale),
      series: rows.slice(0, 5).map((r) => ({ name: r.label, values: r.monthly })),
      locale: o.locale,
      height: o.height ?? 210,
      ...(o.title ? { title: o.title } : {}),
    }),
  );
}

/** Item × month counts with month-over-month and 3/6-month comparisons. */
export function trendTable(
  months: readonly string[],
  rows: readonly TrendData[],
  o: { locale: PdfLocale; itemHeader: string },
): Content {
  const t = translator(o.locale);
  const labels = monthLabels(months, o.locale);
  return dataTable({
    locale: o.locale,
    fontSize: 8,
    columns: [
      { header: o.itemHeader, width: '*' },
      ...labels.map((l) => ({ header: l, width: 30, align: 'right' as const })),
      { header: t('环比', 'MoM'), width: 44, align: 'right' },
      { header: t('较3月均', 'vs 3m'), width: 44, align: 'right' },
      { header: t('较6月均', 'vs 6m'), width: 44, align: 'right' },
    ],
    rows: rows.map((r) => [
      r.label,
      ...r.monthly.map((v) => int(v)),
      pct(r.momChangePct, true),
      pct(r.vsAvg3Pct, true),
      pct(r.vsAvg6Pct, true),
    ]),
  });
}

/** A ranked list (region, dealer, supplier, part, model …) with count, qty and share. */
export function rankTable(rows: readonly RankRowData[], o: { locale: PdfLocale; itemHeader: string }): Content {
  const t = translator(o.locale);
  return dataTable({
    locale: o.locale,
    columns: [
      { header: '#', width: 20, align: 'right' },
      { header: o.itemHeader, width: '*' },
      { header: t('次数', 'Count'), width: 50, align: 'right' },
      { header: t('数量', 'Qty'), width: 50, align: 'right' },
      { header: t('占比', 'Share'), width: 56, align: 'right' },
    ],
    rows: rows.map((r, i) => [
      i + 1,
      r.label === r.key ? r.label : `${r.label}（${r.key}）`,
      int(r.count),
      int(r.qty),
      pct(r.sharePct),
    ]),
  });
}

/** Models with the department's main failure modes. */
export function modelModesTable(rows: RankData, o: { locale: PdfLocale }): Content {
  const t = translator(o.locale);
  return dataTable({
    locale: o.locale,
    columns: [
      { header: t('产品型号', 'Model'), width: 90 },
      { header: t('次数', 'Count'), width: 50, align: 'right' },
      { header: t('数量', 'Qty'), width: 50, align: 'right' },
      { header: t('主要故障模式', 'Main failure modes'), width: '*' },
    ],
    rows: rows.map((r) => [
      r.model,
      int(r.count),
      int(r.qty),
      r.topModes.map((m) => `${m.name} ${m.count}`).join(t('、', ', ')),
    ]),
  });
}
