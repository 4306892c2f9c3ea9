import { z } from 'zod';
import { AGING_BUCKETS } from '../../domain/dunning';
import { formatFen } from '../../domain/money';
import { definePdfTemplate } from './define-template';
import {
  baseDocument,
  byLocale,
  dataTable,
  formatGeneratedAt,
  keyFigureTable,
  pdfLabels,
  reportTitle,
  sectionHeading,
  signOffBlock,
} from './layout';

const fen = z.number().int().safe();
const count = z.number().int().nonnegative();
const text = z.string().max(300);

const totals = z.object({
  dealers: count,
  heldBack: count,
  statementsSent: count,
  openingFen: fen,
  shipmentsFen: fen,
  paymentsFen: fen,
  creditsFen: fen,
  feesFen: fen,
  closingFen: fen,
  aging: z.object({ current: fen, d1to30: fen, d31to60: fen, d61to90: fen, over90: fen, unappliedFen: fen }),
  levelsSent: z.record(z.string(), count),
  disputes: count,
  holdsSet: count,
  holdsLifted: count,
  onHold: count,
  interestChargedFen: fen,
  feesChargedFen: fen,
});

export const financeSummarySchema = z.object({
  company: text,
  period: text,
  asOf: text,
  overall: totals,
  byRegion: z.array(totals.extend({ region: text })).max(500),
  levels: z.array(z.number().int().min(1)).max(20),
  topOverdue: z
    .array(
      z.object({
        dealerId: text,
        name: text,
        region: text,
        closingFen: fen,
        overdueFen: fen,
        levels: text,
        onHold: z.boolean(),
        disputed: z.boolean(),
      }),
    )
    .max(100),
  heldBack: z.array(z.object({ dealerId: text, problems: count })).max(200),
  heldBackMore: count.default(0),
  problemCount: count,
  failed: z.array(text).max(100),
  sheetTab: text.optional(),
  /** Dealers still waiting for a person (or following up) when the report was built: "截至 T，N 项待处理". */
  pending: z.object({ asOf: text, count: count.min(1), dealers: z.array(text).max(50) }).optional(),
  /** This version corrects an earlier one of the same report (its time, and how many items it left pending). */
  corrects: z.object({ generatedAt: text, pending: count }).optional(),
});

export type FinanceSummaryData = z.input<typeof financeSummarySchema>;

/**
 * 经销商往来账目月统计报表 / Dealer accounts monthly summary: balances, movements, aging totals, letters per
 * level, disputes and credit holds, overall and per region; the largest overdue accounts; dealers held back
 * because of bad rows (details in the problem report).
 */
export const financeSummaryTemplate = definePdfTemplate('finance-summary', financeSummarySchema, (d, ctx) => {
  const L = pdfLabels(ctx.locale);
  const t = <T>(zh: T, en: T): T => byLocale(ctx.locale, zh, en);
  const title = t(`经销商往来账目月统计报表 ${d.period}`, `Dealer accounts monthly summary ${d.period}`);
  const o = d.overall;
  const overdue = (x: typeof o): number => x.aging.d1to30 + x.aging.d31to60 + x.aging.d61to90 + x.aging.over90;
  const letters = (x: typeof o): number => Object.values(x.levelsSent).reduce((s, n) => s + n, 0);
  const when = (iso: string): string => formatGeneratedAt(iso, ctx.timeZone).replace(/ \(.*\)$/, '');
  const notices = [];
  if (d.corrects)
    notices.push({
      text: t(
        `更正版：替代 ${when(d.corrects.generatedAt)} 的版本（该版本有 ${d.corrects.pending} 项待处理），以本版为准。`,
        `Corrected version: replaces the version of ${when(d.corrects.generatedAt)} (which had ${d.corrects.pending} items pending).`,
      ),
      bold: true,
      margin: [0, 0, 0, 6] as [number, number, number, number],
    });
  if (d.pending)
    notices.push({
      text: t(
        `截至 ${when(d.pending.asOf)}，${d.pending.count} 项待处理（${d.pending.dealers.join('、')}${d.pending.count > d.pending.dealers.length ? ' 等' : ''}）：其审批、异议或跟进尚未结束，本表按其当前状态统计，结束后将发出更正版。`,
        `As of ${when(d.pending.asOf)}, ${d.pending.count} items pending (${d.pending.dealers.join(', ')}${d.pending.count > d.pending.dealers.length ? ' …' : ''}): their approvals, disputes or follow-up are not finished; counted as they stand, a corrected version follows.`,
      ),
      bold: true,
      margin: [0, 0, 0, 6] as [number, number, number, number],
    });
  const byLevel = d.levels.map((l) => `${t(`${l}级`, `L${l}`)} ${o.levelsSent[String(l)] ?? 0}`).join(' / ');
  const content = [
    ...reportTitle(title, `${d.company} · ${t('截至', 'as of')} ${d.asOf}`),
    ...notices,
    keyFigureTable([
      {
        label: t('经销商数', 'Dealers'),
        value: String(o.dealers),
        hint: t(`暂缓 ${o.heldBack}`, `${o.heldBack} held back`),
      },
      { label: t('期末余额合计', 'Closing balances'), value: formatFen(o.closingFen) },
      { label: t('逾期合计', 'Overdue'), value: formatFen(overdue(o)) },
      { label: t('对账单', 'Statements'), value: String(o.statementsSent) },
      { label: t('催款函', 'Letters'), value: String(letters(o)), hint: byLevel },
      { label: t('异议', 'Disputes'), value: String(o.disputes) },
      {
        label: t('信用冻结', 'On credit hold'),
        value: String(o.onHold),
        hint: t(`新增 ${o.holdsSet} / 解除 ${o.holdsLifted}`, `${o.holdsSet} set / ${o.holdsLifted} lifted`),
      },
      { label: t('费用及利息', 'Charges'), value: formatFen(o.feesChargedFen + o.interestChargedFen) },
    ]),
    sectionHeading(t('往来汇总（按区域）', 'Movements by region')),
    dataTable({
      locale: ctx.locale,
      fontSize: 8,
      columns: [
        { header: t('区域', 'Region'), width: '*' },
        { header: t('经销商', 'Dealers'), width: 36, align: 'right' },
        { header: t('期初余额', 'Opening'), width: 66, align: 'right' },
        { header: t('发货', 'Shipments'), width: 66, align: 'right' },
        { header: t('回款', 'Payments'), width: 66, align: 'right' },
        { header: t('退货抵扣', 'Credits'), width: 56, align: 'right' },
        { header: t('费用', 'Fees'), width: 50, align: 'right' },
        { header: t('期末余额', 'Closing'), width: 66, align: 'right' },
      ],
      rows: [...d.byRegion, { ...o, region: t('合计', 'Total') }].map((r) => [
        r.region,
        r.dealers,
        formatFen(r.openingFen),
        formatFen(r.shipmentsFen),
        formatFen(r.paymentsFen),
        formatFen(r.creditsFen),
        formatFen(r.feesFen),
        formatFen(r.closingFen),
      ]),
    }),
    sectionHeading(t('账龄与催款（按区域）', 'Aging and dunning by region')),
    dataTable({
      locale: ctx.locale,
      fontSize: 8,
      columns: [
        { header: t('区域', 'Region'), width: '*' },
        // "Current" is the widest heading in English; the day ranges fit narrower columns.
        ...AGING_BUCKETS.map((b) => ({
          header: t(b.column.zh, b.column.en),
          width: b.key === 'current' ? 58 : 52,
          align: 'right' as const,
        })),
        ...d.levels.map((l) => ({ header: t(`${l}级函`, `L${l}`), width: 26, align: 'right' as const })),
        { header: t('异议', 'Disp.'), width: 26, align: 'right' },
        { header: t('冻结', 'Hold'), width: 26, align: 'right' },
      ],
      rows: [...d.byRegion, { ...o, region: t('合计', 'Total') }].map((r) => [
        r.region,
        ...AGING_BUCKETS.map((b) => formatFen(r.aging[b.key])),
        ...d.levels.map((l) => r.levelsSent[String(l)] ?? 0),
        r.disputes,
        r.onHold,
      ]),
    }),
  ];
  if (d.topOverdue.length) {
    content.push(
      sectionHeading(t('逾期金额最大的经销商', 'Largest overdue accounts')),
      dataTable({
        locale: ctx.locale,
        fontSize: 8,
        columns: [
          { header: t('编号', 'ID'), width: 50 },
          { header: t('经销商', 'Dealer'), width: '*' },
          { header: t('区域', 'Region'), width: 44 },
          { header: t('期末余额', 'Closing'), width: 66, align: 'right' },
          { header: t('逾期', 'Overdue'), width: 66, align: 'right' },
          { header: t('本月函', 'Letters'), width: 40, align: 'center' },
          { header: t('状态', 'Status'), width: 56 },
        ],
        rows: d.topOverdue.map((r) => [
          r.dealerId,
          r.name,
          r.region,
          formatFen(r.closingFen),
          formatFen(r.overdueFen),
          r.levels || L.empty,
          [r.onHold ? t('冻结', 'hold') : '', r.disputed ? t('异议', 'disputed') : ''].filter(Boolean).join(' / '),
        ]),
      }),
    );
  }
  if (d.heldBack.length || d.failed.length || d.problemCount) {
    content.push(
      sectionHeading(t('暂缓处理', 'Held back')),
      {
        text: t(
          `数据问题 ${d.problemCount} 处（详见问题清单附件），以下经销商本月暂缓对账催款：`,
          `${d.problemCount} data problems (see the attached problem list); these dealers were held back this month:`,
        ),
        style: 'note',
        margin: [0, 0, 0, 4] as [number, number, number, number],
      },
      {
        text:
          d.heldBack.map((h) => `${h.dealerId}（${h.problems}）`).join(t('、', ', ')) +
          (d.heldBackMore ? t(` 等另 ${d.heldBackMore} 家`, ` and ${d.heldBackMore} more`) : '') +
          (d.failed.length ? `\n${t('处理失败', 'Failed')}${L.sep}${d.failed.join(t('、', ', '))}` : ''),
        fontSize: 8.5,
        margin: [0, 0, 0, 6] as [number, number, number, number],
      },
    );
  }
  if (d.sheetTab) {
    content.push({
      text: t(`明细已写入表格页签“${d.sheetTab}”。`, `Per-dealer details are in the sheet tab "${d.sheetTab}".`),
      style: 'note',
      margin: [0, 4, 0, 0] as [number, number, number, number],
    });
  }
  content.push(signOffBlock(ctx.locale, [t('编制', 'Prepared by'), t('财务审核', 'Finance')]));
  return baseDocument({ ctx, title, content, pageOrientation: 'portrait' });
});
