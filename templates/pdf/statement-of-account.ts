import { z } from 'zod';
import { formatFen } from '../../domain/money';
import { definePdfTemplate } from './define-template';
import {
  baseDocument,
  byLocale,
  keyFigureTable,
  pdfLabels,
  recordTable,
  reportTitle,
  sectionHeading,
  signOffBlock,
} from './layout';

const fen = z.number().int().safe();
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const text = z.string().max(300);

export const statementSchema = z.object({
  company: text,
  periodLabel: text,
  period: z.object({ from: date, to: date }),
  asOf: date,
  dealer: z.object({
    id: text,
    name: text,
    region: text,
    email: text,
    contact: text.optional(),
    paymentTermsDays: z.number().int().nonnegative(),
    creditLimitFen: fen,
  }),
  openingFen: fen,
  lines: z
    .array(
      z.object({
        date,
        type: z.enum(['shipment', 'payment', 'credit', 'fee']),
        docNo: text,
        debitFen: fen,
        creditFen: fen,
        balanceFen: fen,
        dueDate: date.optional(),
        refDocNo: text.optional(),
        note: text.optional(),
      }),
    )
    .max(5000),
  totals: z.object({ shipmentsFen: fen, paymentsFen: fen, creditsFen: fen, feesFen: fen }),
  closingFen: fen,
  aging: z.object({
    current: fen,
    d1to30: fen,
    d31to60: fen,
    d61to90: fen,
    over90: fen,
    unappliedFen: fen,
    totalFen: fen,
  }),
  openItems: z.array(z.object({ docNo: text, date, dueDate: date, originalFen: fen, openFen: fen })).max(5000),
});

export type StatementData = z.input<typeof statementSchema>;

const TYPE_LABELS = {
  'zh-CN': { shipment: '发货', payment: '回款', credit: '退货抵扣', fee: '费用' },
  en: { shipment: 'Shipment', payment: 'Payment', credit: 'Credit', fee: 'Fee' },
} as const;

/**
 * 对账单 / Statement of account for one dealer and period: opening balance, every movement with a running
 * balance, closing balance, aging of what is open, the open documents, and how to confirm or dispute (the
 * link itself is in the mail, bound to the dealer's address).
 */
export const statementOfAccountTemplate = definePdfTemplate('statement-of-account', statementSchema, (d, ctx) => {
  const L = pdfLabels(ctx.locale);
  const t = <T>(zh: T, en: T): T => byLocale(ctx.locale, zh, en);
  const types = TYPE_LABELS[ctx.locale];
  const title = t(`对账单 ${d.periodLabel}`, `Statement of account ${d.periodLabel}`);
  const dealerLine = `${d.dealer.name}（${d.dealer.id}）`;
  const content = [
    ...reportTitle(title, `${d.company} · ${dealerLine} · ${d.period.from} – ${d.period.to}`),
    keyFigureTable([
      { label: t('期初余额', 'Opening balance'), value: formatFen(d.openingFen) },
      { label: t('本期发货', 'Shipments'), value: formatFen(d.totals.shipmentsFen) },
      { label: t('本期回款', 'Payments'), value: formatFen(d.totals.paymentsFen) },
      { label: t('期末余额', 'Closing balance'), value: formatFen(d.closingFen), hint: t('人民币元', 'CNY') },
    ]),
    {
      text: [
        `${t('经销商', 'Dealer')}${L.sep}${dealerLine}   `,
        `${t('区域', 'Region')}${L.sep}${d.dealer.region || L.empty}   `,
        `${t('联系人', 'Contact')}${L.sep}${d.dealer.contact ?? L.empty}   `,
        `${t('账期', 'Terms')}${L.sep}${d.dealer.paymentTermsDays}${t(' 天', ' days')}   `,
        `${t('信用额度', 'Credit limit')}${L.sep}${d.dealer.creditLimitFen ? formatFen(d.dealer.creditLimitFen) : L.empty}`,
      ],
      style: 'note',
      margin: [0, 0, 0, 6] as [number, number, number, number],
    },
    sectionHeading(t('往来明细', 'Movements')),
    recordTable({
      locale: ctx.locale,
      fontSize: 8,
      columns: [
        { key: 'date', header: t('日期', 'Date'), width: 52 },
        { key: 'type', header: t('类型', 'Type'), width: 40 },
        { key: 'docNo', header: t('单据号', 'Document'), width: 78 },
        { key: 'debitFen', header: t('借方', 'Debit'), width: 58, money: 'nonzero' },
        { key: 'creditFen', header: t('贷方', 'Credit'), width: 58, money: 'nonzero' },
        { key: 'balanceFen', header: t('余额', 'Balance'), width: 62, money: true },
        { key: 'due', header: t('到期日/核销', 'Due / applies to'), width: 62 },
        { key: 'note', header: t('备注', 'Note'), width: '*' },
      ],
      rows: [
        { date: d.period.from, docNo: t('期初余额', 'Opening balance'), balanceFen: d.openingFen },
        ...d.lines.map((l) => ({ ...l, type: types[l.type], due: l.dueDate ?? l.refDocNo })),
        { date: d.period.to, docNo: t('期末余额', 'Closing balance'), balanceFen: d.closingFen },
      ],
    }),
    sectionHeading(t('账龄分析', 'Aging')),
    recordTable({
      locale: ctx.locale,
      columns: [
        { key: 'current', header: t('未到期', 'Current'), money: true },
        { key: 'd1to30', header: t('逾期1–30天', '1–30 days'), money: true },
        { key: 'd31to60', header: t('逾期31–60天', '31–60 days'), money: true },
        { key: 'd61to90', header: t('逾期61–90天', '61–90 days'), money: true },
        { key: 'over90', header: t('逾期90天以上', '> 90 days'), money: true },
        // Unapplied money the dealer paid ahead lowers what is owed: printed negative.
        { key: 'unappliedFen', header: t('未核销预收', 'Unapplied credit'), money: true },
        { key: 'totalFen', header: t('合计', 'Total'), money: true },
      ],
      rows: [{ ...d.aging, unappliedFen: -d.aging.unappliedFen }],
    }),
  ];
  if (d.openItems.length) {
    content.push(
      sectionHeading(t('未结清单据', 'Open documents')),
      recordTable({
        locale: ctx.locale,
        columns: [
          { key: 'docNo', header: t('单据号', 'Document'), width: '*' },
          { key: 'date', header: t('日期', 'Date'), width: 70 },
          { key: 'dueDate', header: t('到期日', 'Due'), width: 70 },
          { key: 'originalFen', header: t('原始金额', 'Original'), width: 80, money: true },
          { key: 'openFen', header: t('未结金额', 'Open'), width: 80, money: true },
        ],
        rows: d.openItems,
      }),
    );
  }
  content.push(
    {
      text: t(
        '请核对以上往来明细。如无异议，请点击邮件中的链接确认；如有异议，请通过同一链接提出并说明原因，我们将暂停催款并由客户主管处理。',
        'Please check the movements above. If they are correct, confirm through the link in the email; if not, use the same link to dispute them with a reason: dunning pauses while our customer supervisor looks into it.',
      ),
      style: 'note',
      margin: [0, 8, 0, 0] as [number, number, number, number],
    },
    signOffBlock(ctx.locale, [t('经销商确认', 'Dealer'), t('售后服务部', 'After-sales')]),
  );
  return baseDocument({ ctx, title, content });
});
