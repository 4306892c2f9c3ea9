import { z } from 'zod';
import { formatFen } from '../../domain/money';
import { definePdfTemplate } from './define-template';
import {
  baseDocument,
  byLocale,
  dataTable,
  keyFigureTable,
  pdfLabels,
  reportTitle,
  sectionHeading,
  signOffBlock,
} from './layout';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const text = z.string().max(300);
const qty = z.number().int().nonnegative();

export const goodsReceivedNoteSchema = z.object({
  company: text,
  grnNo: text,
  returnNo: text,
  claimNo: text.optional(),
  registeredOn: date,
  receivedOn: date,
  inspectedOn: date,
  dealer: z.object({ id: text, name: text, region: text.optional() }),
  part: z.object({ partNo: text, name: text, supplier: text.optional(), model: text.optional() }),
  qtyRegistered: qty,
  qtyAccepted: qty,
  /** Old-parts warehouse zone the parts went to (none when nothing was kept). */
  location: text.optional(),
  verdict: text,
  failureMode: text.optional(),
  /** 处理方式: what happens to the part and the account under the final verdict. */
  disposition: text.optional(),
  notes: z.string().max(2000).optional(),
  /** How an abnormal verdict was settled with the dealer. */
  resolution: text.optional(),
  credit: z.object({ docNo: text.optional(), date: date.optional(), amountFen: z.number().int().safe().nonnegative() }),
  people: z.object({ warehouseKeeper: text, technician: text }),
});

export type GoodsReceivedNoteData = z.input<typeof goodsReceivedNoteSchema>;

/**
 * 入库单 (goods-received note) of one returned warranty part: what arrived at the old-parts warehouse, the
 * technician's verdict, the quantity kept and the credit note written for the dealer; signed off by the
 * warehouse keeper, the technician and the dealer.
 */
export const goodsReceivedNoteTemplate = definePdfTemplate('goods-received-note', goodsReceivedNoteSchema, (d, ctx) => {
  const L = pdfLabels(ctx.locale);
  const t = <T>(zh: T, en: T): T => byLocale(ctx.locale, zh, en);
  const title = t(`旧件入库单 ${d.grnNo}`, `Goods-received note ${d.grnNo}`);
  const yuan = t('元', 'CNY');
  const content = [
    ...reportTitle(
      title,
      `${d.company} · ${t('旧件库', 'Old-parts warehouse')} · ${t('退回单', 'Return')} ${d.returnNo}`,
    ),
    keyFigureTable([
      { label: t('退回单号', 'Return no.'), value: d.returnNo },
      { label: t('鉴定结论', 'Verdict'), value: d.verdict },
      { label: t('认可数量 / 登记数量', 'Accepted / registered'), value: `${d.qtyAccepted} / ${d.qtyRegistered}` },
      {
        label: t('退货抵扣', 'Credit'),
        value: d.credit.amountFen ? formatFen(d.credit.amountFen) : L.empty,
        ...(d.credit.amountFen ? { hint: yuan } : {}),
      },
    ]),
    {
      text: [
        `${t('经销商', 'Dealer')}${L.sep}${d.dealer.name}（${d.dealer.id}）   `,
        `${t('区域', 'Region')}${L.sep}${d.dealer.region || L.empty}   `,
        `${t('索赔单号', 'Claim no.')}${L.sep}${d.claimNo ?? L.empty}\n`,
        `${t('登记日期', 'Registered')}${L.sep}${d.registeredOn}   `,
        `${t('收货日期', 'Received')}${L.sep}${d.receivedOn}   `,
        `${t('鉴定日期', 'Inspected')}${L.sep}${d.inspectedOn}\n`,
        `${t('旧件仓库员', 'Warehouse keeper')}${L.sep}${d.people.warehouseKeeper}   `,
        `${t('三包技术员', 'Technician')}${L.sep}${d.people.technician}`,
      ],
      style: 'note',
      margin: [0, 0, 0, 6] as [number, number, number, number],
    },
    sectionHeading(t('收货明细', 'Received')),
    dataTable({
      locale: ctx.locale,
      columns: [
        { header: t('配件编号', 'Part no.'), width: 62 },
        { header: t('配件名称', 'Part'), width: '*' },
        { header: t('适用车型', 'Model'), width: 50 },
        { header: t('供应商', 'Supplier'), width: '*' },
        { header: t('登记数量', 'Reg. qty'), width: 44, align: 'right' },
        { header: t('认可数量', 'Accepted'), width: 44, align: 'right' },
        { header: t('库位', 'Location'), width: 42 },
      ],
      rows: [[d.part.partNo, d.part.name, d.part.model, d.part.supplier, d.qtyRegistered, d.qtyAccepted, d.location]],
    }),
    sectionHeading(t('鉴定结果', 'Inspection')),
    dataTable({
      locale: ctx.locale,
      columns: [
        { header: t('项目', 'Item'), width: 90 },
        { header: t('内容', 'Detail'), width: '*' },
      ],
      rows: [
        [t('故障模式', 'Failure mode'), d.failureMode],
        [t('鉴定说明', 'Notes'), d.notes],
        [t('处理方式', 'Disposition'), d.disposition],
        ...(d.resolution ? [[t('异议处理', 'Settled with dealer'), d.resolution]] : []),
        [
          t('退货抵扣', 'Credit note'),
          d.credit.amountFen
            ? `${d.credit.docNo ?? ''}  ${formatFen(d.credit.amountFen)} ${yuan}${d.credit.date ? `  ${t('记账日期', 'dated')} ${d.credit.date}` : ''}`
            : t('无', 'none'),
        ],
      ],
    }),
    {
      text: d.credit.amountFen
        ? t(
            '抵扣金额已记入经销商往来账（类型：退货抵扣），将在下期对账单中体现。',
            'The credit is posted to the dealer account (type: credit) and appears on the next statement.',
          )
        : t('本次退回无抵扣金额。', 'No credit is granted for this return.'),
      style: 'note',
      margin: [0, 0, 0, 4] as [number, number, number, number],
    },
    signOffBlock(ctx.locale, [t('仓库员', 'Warehouse'), t('技术员', 'Technician'), t('经销商', 'Dealer')]),
  ];
  return baseDocument({ ctx, title, content });
});
