import type { Content } from 'pdfmake/interfaces';
import { type PdfLocale, keyFigureTable, sectionHeading } from './layout';
import { dec, int, note, paretoTable, pct, rankTable, translator, trendFigures } from './quality-blocks';
import type { QualityViewParsed } from './quality-feedback-schema';
import {
  failureModeParetoSection,
  failureModeTrendSection,
  figureColumns,
  newFailureModesSection,
  tableOrNote,
} from './quality-shared-sections';

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
    ...failureModeParetoSection(v.pareto, { locale, maxRows: 20 }),
    ...failureModeTrendSection(v.months, o, v.trends, { locale, totalTitle: t('质量信息总数', 'All reports') }),
    sectionHeading(t('配件帕累托', 'Part Pareto')),
    ...paretoTable(v.paretoParts, { locale, itemHeader: t('配件', 'Part'), maxRows: v.paretoParts.rows.length }),
    sectionHeading(t('百万台故障数（PPM）', 'Failures per million built (PPM)')),
    tableOrNote(v.ppm.rows, {
      locale,
      columns: figureColumns(t('产品型号', 'Model'), [
        [t('本月产量', 'Built'), 60],
        [t('本月故障', 'Failures'), 56],
        ['PPM', 64],
        [t('窗口期 PPM', 'Window PPM'), 70],
      ]),
      cells: (r) => [
        r.model,
        int(r.volume),
        int(r.failures),
        int(r.ppm),
        r.windowPpm === null ? '—' : int(r.windowPpm),
      ],
      empty: t('未提供本月产量，无法计算 PPM。', 'No production volumes for this month: no PPM.'),
    }),
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
    tableOrNote(movers, {
      locale,
      columns: figureColumns(t('故障模式', 'Failure mode'), [
        [t('本月', 'This month'), 50],
        [t('近3月均值', '3-month mean'), 64],
        [t('增加', 'Increase'), 50],
        [t('增幅', 'Change'), 56],
      ]),
      cells: (m) => [m.label, int(m.current), dec(m.avg3), dec(m.absIncrease), pct(m.relIncreasePct, true)],
      empty: t('本月没有上升的故障模式。', 'No failure mode rose this month.'),
    }),
    ...newFailureModesSection(v.newFailureModes, locale),
    sectionHeading(
      t(
        `重复故障（同一车架号 ${v.repeats.windowDays} 天内再次故障）`,
        `Repeat failures (same VIN within ${v.repeats.windowDays} days)`,
      ),
    ),
    tableOrNote(v.repeats.rows, {
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
      cells: (r) => [
        r.vin,
        int(r.events),
        r.firstDate,
        r.lastDate,
        r.partNos.join(', '),
        r.failureCodes.join(', '),
        r.sameFailureMode ? t('是', 'yes') : '',
      ],
      empty: t('本月无重复故障。', 'No repeat failures this month.'),
    }),
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
    tableOrNote(v.unmapped, {
      locale,
      fontSize: 8,
      columns: [
        { header: t('故障描述', 'Text'), width: '*' },
        { header: t('次数', 'Count'), width: 36, align: 'right' },
        { header: t('数量', 'Qty'), width: 36, align: 'right' },
        { header: t('首次出现（文件 › 工作表 › 行或单号）', 'First seen (file › sheet › row or no.)'), width: 190 },
      ],
      cells: (u) => [
        u.text,
        int(u.count),
        int(u.qty),
        // A row appended as work finished is cited by its return number: its row number follows timing.
        u.firstRef
          ? `${u.firstRef.file} › ${u.firstRef.sheet} › ${u.firstRef.key ? t(`退回单号 ${u.firstRef.key}`, `return ${u.firstRef.key}`) : u.firstRef.row}`
          : '',
      ],
      empty: t('所有故障描述均已归入故障模式目录。', 'Every failure text maps to the catalogue.'),
    }),
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
