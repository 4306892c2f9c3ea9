import type { Content } from 'pdfmake/interfaces';
import type { z } from 'zod';
import { definePdfTemplate } from './define-template';
import { incidentDailyChartSvg } from './incident-daily-chart';
import { evidenceSchema } from './incident-schema';
import { formatP, ruleSentence, sourceLabel, spreadTable } from './incident-text';
import {
  type DataCell,
  baseDocument,
  byLocale,
  chartBlock,
  dataTable,
  keyFigureTable,
  reportTitle,
  sectionHeading,
} from './layout';

export const incidentEvidenceSchema = evidenceSchema;
export type IncidentEvidenceData = z.input<typeof incidentEvidenceSchema>;

/**
 * 批量质量问题预警证据: why the detector signalled — the rule's figures with the sentence that lets a quality
 * engineer recompute them, events per day against the expectation, the spread over regions, models, suppliers and
 * VIN ranges, and every event of the monitored days with the sheet row it came from.
 */
export const incidentEvidenceTemplate = definePdfTemplate('incident-evidence', incidentEvidenceSchema, (d, ctx) => {
  const t = <T>(zh: T, en: T): T => byLocale(ctx.locale, zh, en);
  const f = d.figures;
  const part = `${d.partNo}${d.partName ? ` ${d.partName}` : ''}`;
  const title = t(`批量质量问题预警 ${part} · ${d.failureName}`, `Batch quality warning ${part} · ${d.failureName}`);
  const monitorFrom = Math.max(0, d.daily.length - d.rule.monitorDays);
  const content: Content[] = [
    ...reportTitle(
      title,
      `${d.company} · ${t('数据截至', 'events up to')} ${d.asOf}${d.incidentId ? ` · ${d.incidentId}` : ''}`,
    ),
    keyFigureTable([
      { label: t(`近 ${d.rule.windowDays} 天`, `Last ${d.rule.windowDays} days`), value: String(f.observed) },
      {
        label: t('按基线预期', 'Expected'),
        value: f.expected.toFixed(1),
        hint: t('检验均值', 'test mean') + ` ${f.testMean.toFixed(2)}`,
      },
      { label: t('泊松上尾概率', 'Poisson tail p'), value: formatP(f.pValue), hint: `α ${formatP(f.alpha)}` },
      {
        label: 'CUSUM',
        value: f.cusum.toFixed(1),
        hint: t(`阈值 ${f.cusumThreshold}`, `threshold ${f.cusumThreshold}`),
      },
    ]),
    {
      text: ruleSentence(d, ctx.locale),
      style: 'note',
      margin: [0, 0, 0, 6] as [number, number, number, number],
    },
  ];
  if (d.scopes.length) {
    content.push(
      sectionHeading(t('细分维度触发', 'Sub-dimensions that fired')),
      dataTable({
        locale: ctx.locale,
        fontSize: 8,
        columns: [
          { header: t('维度', 'Dimension'), width: 50 },
          { header: t('取值', 'Value'), width: '*' },
          { header: t('近期', 'Observed'), width: 40, align: 'right' },
          { header: t('预期', 'Expected'), width: 40, align: 'right' },
          { header: 'p', width: 50, align: 'right' },
          { header: 'CUSUM', width: 40, align: 'right' },
          { header: t('触发规则', 'Fired by'), width: 70 },
        ],
        rows: d.scopes.map((x) => [
          x.dimension === 'supplier' ? t('供应商', 'Supplier') : t('区域', 'Region'),
          x.value,
          x.figures.observed,
          x.figures.expected.toFixed(1),
          formatP(x.figures.pValue),
          x.figures.cusum.toFixed(1),
          x.figures.firedBy.join(' + '),
        ]),
      }),
    );
  }
  content.push(
    sectionHeading(t('每日件数', 'Events per day')),
    chartBlock(
      incidentDailyChartSvg({
        days: d.daily,
        monitorFrom,
        locale: ctx.locale,
        title: t(
          `${part} · ${d.failureName}：每日件数与基线预期`,
          `${part} · ${d.failureName}: events per day vs baseline`,
        ),
        labels: {
          count: t('件数', 'Events'),
          expected: t('基线预期', 'Expected'),
          monitored: t('监测期', 'Monitored days'),
        },
      }),
    ),
    dataTable({
      locale: ctx.locale,
      fontSize: 7.5,
      columns: d.daily
        .slice(monitorFrom)
        .map((x) => ({ header: x.date.slice(5), width: '*' as const, align: 'center' as const })),
      rows: [d.daily.slice(monitorFrom).map((x) => x.count)],
    }),
    sectionHeading(t('分布（监测期 / 基线期）', 'Spread (monitored days / baseline)')),
    {
      columns: [
        spreadTable(d.spread.regions, t('区域', 'Region'), ctx.locale),
        spreadTable(d.spread.models, t('车型', 'Model'), ctx.locale),
        spreadTable(d.spread.suppliers, t('供应商', 'Supplier'), ctx.locale),
      ],
      columnGap: 8,
    },
    sectionHeading(t('车架号段', 'VIN ranges')),
    {
      text: t(
        `监测期 ${d.vin.events} 起，其中 ${d.vin.withVin} 起有车架号（${d.vin.distinct} 个不同车架号）；同一前缀下的流水号范围窄，提示同一生产批次。`,
        `${d.vin.events} events in the monitored days, ${d.vin.withVin} with a VIN (${d.vin.distinct} distinct); a narrow serial range under one prefix points to one production batch.`,
      ),
      style: 'note',
      margin: [0, 0, 0, 4] as [number, number, number, number],
    },
    dataTable({
      locale: ctx.locale,
      fontSize: 8,
      columns: [
        { header: t('车架号前缀', 'VIN prefix'), width: '*' },
        { header: t('流水号自', 'Serial from'), width: 70 },
        { header: t('至', 'to'), width: 70 },
        { header: t('件数', 'Events'), width: 40, align: 'right' },
      ],
      rows: d.vin.ranges.map((v) => [v.prefix || '—', v.from, v.to, v.count]),
    }),
    sectionHeading(
      t(
        `监测期事件明细（${d.eventCount} 起${d.events.length < d.eventCount ? `，列出前 ${d.events.length} 起` : ''}）`,
        `Events of the monitored days (${d.eventCount}${d.events.length < d.eventCount ? `, first ${d.events.length} listed` : ''})`,
      ),
    ),
    dataTable({
      locale: ctx.locale,
      fontSize: 7,
      columns: [
        { header: t('日期', 'Date'), width: 44 },
        { header: t('来源', 'Source'), width: 32 },
        { header: t('车型', 'Model'), width: 44 },
        { header: t('车架号', 'VIN'), width: 78 },
        { header: t('区域', 'Region'), width: 28 },
        { header: t('经销商', 'Dealer'), width: 34 },
        { header: t('数量', 'Qty'), width: 20, align: 'right' },
        { header: t('出处（文件 › 表 › 行）', 'Row (file › sheet › row)'), width: '*' },
      ],
      rows: d.events.map((e): DataCell[] => [
        e.date,
        sourceLabel(e.source, ctx.locale),
        e.model,
        e.vin,
        e.region,
        e.dealerId,
        e.qty,
        e.where,
      ]),
    }),
  );
  return baseDocument({ ctx, title, content });
});
