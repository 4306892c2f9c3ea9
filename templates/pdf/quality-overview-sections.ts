import type { Content } from 'pdfmake/interfaces';
import { type PdfLocale, dataTable, keyFigureTable, sectionHeading } from './layout';
import {
  dec,
  int,
  note,
  paretoChart,
  paretoTable,
  pct,
  rankTable,
  translator,
  trendChart,
  trendFigures,
  trendTable,
} from './quality-blocks';
import type { QualityViewParsed } from './quality-feedback-schema';

type QualityView = Extract<QualityViewParsed, { kind: 'quality' }>;

/**
 * 品质部: the whole picture — Pareto of failure modes and parts, trends, PPM, movers, new modes, repeats on the
 * same VIN, and every failure text the catalogue does not know yet (so the catalogue gets extended).
 */
export function qualitySections(v: QualityView, locale: PdfLocale, unmappedMore: number): Content[] {
  const t = translator(locale);
  const o = v.overallTrend;
  const movers = v.topMovers.failureModes.byAbsolute;
  const unmappedEvents = v.unmapped.reduce((s, u) => s + u.count, 0);
  const out: Content[] = [
    keyFigureTable([
      ...trendFigures(t, t('本月质量信息', 'Reports this month'), v.totals, o),
      { label: t('新增故障模式', 'New failure modes'), value: int(v.newFailureModes.length) },
      { label: t('重复故障（同一车架号）', 'Repeat failures (same VIN)'), value: int(v.repeats.total) },
      {
        label: t('未归类故障描述', 'Unmapped failure texts'),
        value: int(v.unmapped.length + unmappedMore),
        hint: t(`${unmappedEvents} 起`, `${unmappedEvents} reports`),
      },
      {
        label: t('关键少数', 'Vital few'),
        value: int(v.pareto.vitalCount),
        hint: t(`累计 ${v.pareto.cutPct}%`, `${v.pareto.cutPct}% cumulative`),
      },
    ]),
    sectionHeading(t('故障模式帕累托', 'Failure-mode Pareto')),
    paretoChart(v.pareto, { locale, valueLabel: t('故障次数', 'Failures') }),
    ...paretoTable(v.pareto, { locale, itemHeader: t('故障模式', 'Failure mode'), maxRows: 20 }),
    sectionHeading(t('趋势（近7个月）', 'Trend (7 months)')),
    trendChart(v.months, [o], { locale, title: t('质量信息总数', 'All reports'), height: 170 }),
    trendChart(v.months, v.trends.slice(0, 4), { locale, title: t('主要故障模式', 'Main failure modes') }),
    trendTable(v.months, [o, ...v.trends], { locale, itemHeader: t('故障模式', 'Failure mode') }),
    sectionHeading(t('配件帕累托', 'Part Pareto')),
    ...paretoTable(v.paretoParts, { locale, itemHeader: t('配件', 'Part'), maxRows: v.paretoParts.rows.length }),
    sectionHeading(t('百万台故障数（PPM）', 'Failures per million built (PPM)')),
    v.ppm.rows.length
      ? dataTable({
          locale,
          columns: [
            { header: t('产品型号', 'Model'), width: '*' },
            { header: t('本月产量', 'Built'), width: 60, align: 'right' },
            { header: t('本月故障', 'Failures'), width: 56, align: 'right' },
            { header: 'PPM', width: 64, align: 'right' },
            { header: t('窗口期 PPM', 'Window PPM'), width: 70, align: 'right' },
          ],
          rows: v.ppm.rows.map((r) => [
            r.model,
            int(r.volume),
            int(r.failures),
            int(r.ppm),
            r.windowPpm === null ? '—' : int(r.windowPpm),
          ]),
        })
      : note(t('未提供本月产量，无法计算 PPM。', 'No production volumes for this month: no PPM.')),
    ...(v.ppm.modelsWithoutVolume.length
      ? [
          note(
            t(
              `无本月产量的型号：${v.ppm.modelsWithoutVolume.join('、')}`,
              `Models without a volume: ${v.ppm.modelsWithoutVolume.join(', ')}`,
            ),
          ),
        ]
      : []),
    sectionHeading(t('上升最快的故障模式（较近3月均值）', 'Top movers (vs 3-month mean)')),
    movers.length
      ? dataTable({
          locale,
          columns: [
            { header: t('故障模式', 'Failure mode'), width: '*' },
            { header: t('本月', 'This month'), width: 50, align: 'right' },
            { header: t('近3月均值', '3-month mean'), width: 64, align: 'right' },
            { header: t('增加', 'Increase'), width: 50, align: 'right' },
            { header: t('增幅', 'Change'), width: 56, align: 'right' },
          ],
          rows: movers.map((m) => [
            m.label,
            int(m.current),
            dec(m.avg3),
            dec(m.absIncrease),
            pct(m.relIncreasePct, true),
          ]),
        })
      : note(t('本月没有上升的故障模式。', 'No failure mode rose this month.')),
    sectionHeading(t('本月新增故障模式', 'New failure modes this month')),
    v.newFailureModes.length
      ? dataTable({
          locale,
          columns: [
            { header: t('代码', 'Code'), width: 60 },
            { header: t('故障模式', 'Failure mode'), width: '*' },
            { header: t('分类', 'Category'), width: 70 },
            { header: t('次数', 'Count'), width: 50, align: 'right' },
          ],
          rows: v.newFailureModes.map((m) => [m.code, m.name, m.category, int(m.count)]),
        })
      : note(t('本月无新增故障模式。', 'No new failure modes this month.')),
    sectionHeading(
      t(
        `重复故障（同一车架号 ${v.repeats.windowDays} 天内再次故障）`,
        `Repeat failures (same VIN within ${v.repeats.windowDays} days)`,
      ),
    ),
    v.repeats.rows.length
      ? dataTable({
          locale,
          fontSize: 8,
          columns: [
            { header: t('车架号', 'VIN'), width: 100 },
            { header: t('次数', 'Events'), width: 32, align: 'right' },
            { header: t('首次', 'First'), width: 56 },
            { header: t('最近', 'Last'), width: 56 },
            { header: t('配件', 'Parts'), width: '*' },
            { header: t('故障代码', 'Codes'), width: 80 },
            { header: t('同一故障', 'Same mode'), width: 40, align: 'center' },
          ],
          rows: v.repeats.rows.map((r) => [
            r.vin,
            int(r.events),
            r.firstDate,
            r.lastDate,
            r.partNos.join(', '),
            r.failureCodes.join(', '),
            r.sameFailureMode ? t('是', 'yes') : '',
          ]),
        })
      : note(t('本月无重复故障。', 'No repeat failures this month.')),
    ...(v.repeats.total > v.repeats.rows.length
      ? [
          note(
            t(
              `共 ${v.repeats.total} 个车架号，列出前 ${v.repeats.rows.length} 个。`,
              `${v.repeats.total} VINs, first ${v.repeats.rows.length} listed.`,
            ),
          ),
        ]
      : []),
    sectionHeading(
      t('未归类的故障描述（请补充故障模式目录的同义词）', 'Unmapped failure texts (extend the catalogue)'),
    ),
    v.unmapped.length
      ? dataTable({
          locale,
          fontSize: 8,
          columns: [
            { header: t('故障描述', 'Text'), width: '*' },
            { header: t('次数', 'Count'), width: 36, align: 'right' },
            { header: t('数量', 'Qty'), width: 36, align: 'right' },
            { header: t('首次出现（文件 › 工作表 › 行或单号）', 'First seen (file › sheet › row or no.)'), width: 190 },
          ],
          rows: v.unmapped.map((u) => [
            u.text,
            int(u.count),
            int(u.qty),
            // A row appended as work finished is cited by its return number: its row number follows timing.
            u.firstRef
              ? `${u.firstRef.file} › ${u.firstRef.sheet} › ${u.firstRef.key ? t(`退回单号 ${u.firstRef.key}`, `return ${u.firstRef.key}`) : u.firstRef.row}`
              : '',
          ]),
        })
      : note(t('所有故障描述均已归入故障模式目录。', 'Every failure text maps to the catalogue.')),
    ...(unmappedMore > 0
      ? [note(t(`另有 ${unmappedMore} 种未列出（见汇总表）。`, `${unmappedMore} more in the summary sheet.`))]
      : []),
    sectionHeading(t('按产品型号', 'By model')),
    rankTable(v.byModel, { locale, itemHeader: t('产品型号', 'Model') }),
    sectionHeading(t('按供应商', 'By supplier')),
    rankTable(v.bySupplier, { locale, itemHeader: t('供应商', 'Supplier') }),
  ];
  return out;
}
