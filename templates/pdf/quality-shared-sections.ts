import type { Content } from 'pdfmake/interfaces';
import { type DataCell, type DataColumn, type PdfLocale, dataTable, sectionHeading } from './layout';
import {
  type ParetoData,
  type TrendData,
  int,
  note,
  paretoChart,
  paretoTable,
  translator,
  trendChart,
  trendTable,
} from './quality-blocks';
import type { QualityViewParsed } from './quality-feedback-schema';

/* Sections the quality department's overview and the departments' pages print alike (same headings, same tables). */

type NewFailureModes = Extract<QualityViewParsed, { kind: 'engineering' }>['newFailureModes'];

/** A list's table, or the note saying it is empty: every list in the report shows its rows or says there are none. */
export function tableOrNote<R>(
  rows: readonly R[],
  o: { locale: PdfLocale; fontSize?: number; columns: DataColumn[]; cells: (r: R) => DataCell[]; empty: string },
): Content {
  return rows.length
    ? dataTable({ locale: o.locale, fontSize: o.fontSize, columns: o.columns, rows: rows.map((r) => o.cells(r)) })
    : note(o.empty);
}

/** A label column taking the free width, then right-aligned figure columns given as [header, width]. */
export function figureColumns(
  label: string,
  figures: readonly (readonly [header: string, width: number])[],
): DataColumn[] {
  return [
    { header: label, width: '*' },
    ...figures.map(([header, width]): DataColumn => ({ header, width, align: 'right' })),
  ];
}

/** 故障模式帕累托: the chart, then the table (top 15 unless told). */
export function failureModeParetoSection(p: ParetoData, o: { locale: PdfLocale; maxRows?: number }): Content[] {
  const t = translator(o.locale);
  return [
    sectionHeading(t('故障模式帕累托', 'Failure-mode Pareto')),
    paretoChart(p, { locale: o.locale, valueLabel: t('故障次数', 'Failures') }),
    ...paretoTable(p, { locale: o.locale, itemHeader: t('故障模式', 'Failure mode'), maxRows: o.maxRows }),
  ];
}

/**
 * 趋势（近7个月）: the total and the main failure modes on separate charts, so the smaller lines stay readable on their
 * own scale, then all of them in one table.
 */
export function failureModeTrendSection(
  months: readonly string[],
  total: TrendData,
  trends: readonly TrendData[],
  o: { locale: PdfLocale; totalTitle: string },
): Content[] {
  const { locale } = o;
  const t = translator(locale);
  return [
    sectionHeading(t('趋势（近7个月）', 'Trend (7 months)')),
    trendChart(months, [total], { locale, title: o.totalTitle, height: 170 }),
    trendChart(months, trends.slice(0, 4), { locale, title: t('主要故障模式', 'Main failure modes') }),
    trendTable(months, [total, ...trends], { locale, itemHeader: t('故障模式', 'Failure mode') }),
  ];
}

/** 本月新增故障模式: failure modes first seen this month (code, name, category, count). */
export function newFailureModesSection(modes: NewFailureModes, locale: PdfLocale): Content[] {
  const t = translator(locale);
  return [
    sectionHeading(t('本月新增故障模式', 'New failure modes this month')),
    tableOrNote(modes, {
      locale,
      columns: [
        { header: t('代码', 'Code'), width: 60 },
        { header: t('故障模式', 'Failure mode'), width: '*' },
        { header: t('分类', 'Category'), width: 70 },
        { header: t('次数', 'Count'), width: 50, align: 'right' },
      ],
      cells: (m) => [m.code, m.name, m.category, int(m.count)],
      empty: t('本月无新增故障模式。', 'No new failure modes this month.'),
    }),
  ];
}
