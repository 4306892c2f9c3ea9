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

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const text = z.string().max(300);
const fen = z.number().int().safe();

export const supplierClaimSchema = z
  .object({
    company: text,
    claimNo: text,
    period: z.string().regex(/^\d{4}-\d{2}$/),
    issuedOn: date,
    supplier: z.object({ code: text, name: text, contact: text.optional(), email: text.optional() }),
    lines: z
      .array(
        z.object({
          returnNo: text,
          date,
          dealerId: text,
          partNo: text,
          partName: text,
          qty: z.number().int().nonnegative(),
          failureMode: text.optional(),
          /** 处理方式 under the verdict (e.g. 入旧件库索赔区 1 件，向供应商索赔). */
          disposition: text.optional(),
          amountFen: fen,
        }),
      )
      .max(20000),
    /**
     * Costs of batch quality incidents closed in the month whose root cause found this supplier responsible, one line
     * per incident (its id is the line's key), from the incident register (质量事件登记).
     */
    incidents: z
      .array(
        z.object({
          incidentId: text,
          closedOn: date,
          partNo: text,
          partName: text,
          failureName: text,
          amountFen: fen,
        }),
      )
      .max(1000)
      .optional(),
    /**
     * `lines` and `qty` count the returns lines; `amountFen` is the whole claim. With incidents, `returnsFen` +
     * `incidentFen` = `amountFen` and `incidentLines` counts the incident lines.
     */
    totals: z.object({
      lines: z.number().int(),
      qty: z.number().int(),
      amountFen: fen,
      returnsFen: fen.optional(),
      incidentLines: z.number().int().optional(),
      incidentFen: fen.optional(),
    }),
    agingLimitDays: z.number().int().positive(),
    purchasing: text.optional(),
  })
  .refine((d) => d.lines.length + (d.incidents?.length ?? 0) > 0, { message: 'a claim has at least one line' })
  // The total a supplier is asked for ties to its lines: returns lines + incident lines, nothing else.
  .refine(
    (d) =>
      d.totals.amountFen ===
      d.lines.reduce((s, l) => s + l.amountFen, 0) + (d.incidents ?? []).reduce((s, i) => s + i.amountFen, 0),
    { message: 'totals.amountFen must equal the sum of the returns lines and the incident lines', path: ['totals'] },
  );

export type SupplierClaimData = z.input<typeof supplierClaimSchema>;

/**
 * 供应商索赔单: the month's supplier-responsible warranty returns of one supplier, each with its return
 * number, dealer, part, quantity, failure mode and the warranty cost claimed back, and the costs of the batch quality
 * incidents closed in the month whose root cause found the supplier responsible, one line per incident id, with the
 * total stated as returns + incidents; the supplier confirms the amount through the link in the mail within the
 * stated limit.
 */
export const supplierClaimTemplate = definePdfTemplate('supplier-claim', supplierClaimSchema, (d, ctx) => {
  const L = pdfLabels(ctx.locale);
  const t = <T>(zh: T, en: T): T => byLocale(ctx.locale, zh, en);
  const title = t(`供应商索赔单 ${d.period}`, `Supplier claim ${d.period}`);
  const incidents = d.incidents ?? [];
  const incidentFen = incidents.reduce((sum, i) => sum + i.amountFen, 0);
  const returnsFen = d.totals.amountFen - incidentFen;
  const content = [
    ...reportTitle(title, `${d.company} · ${d.supplier.name}（${d.supplier.code}）`),
    keyFigureTable([
      { label: t('索赔单号', 'Claim no.'), value: d.claimNo },
      { label: t('索赔行数', 'Lines'), value: String(d.totals.lines + incidents.length) },
      { label: t('旧件数量', 'Parts'), value: String(d.totals.qty) },
      { label: t('索赔金额', 'Amount claimed'), value: formatFen(d.totals.amountFen), hint: t('人民币元', 'CNY') },
    ]),
    {
      text: [
        `${t('供应商', 'Supplier')}${L.sep}${d.supplier.name}   `,
        `${t('联系人', 'Contact')}${L.sep}${d.supplier.contact ?? L.empty}${d.supplier.email ? `（${d.supplier.email}）` : ''}   `,
        `${t('开具日期', 'Issued')}${L.sep}${d.issuedOn}   `,
        `${t('经办', 'Purchasing')}${L.sep}${d.purchasing ?? L.empty}`,
      ],
      style: 'note',
      margin: [0, 0, 0, 6] as [number, number, number, number],
    },
    ...(d.lines.length ? returnsSection() : []),
    ...(incidents.length ? incidentSection() : []),
    {
      text: t(
        `请于 ${d.agingLimitDays} 天内通过邮件中的链接确认索赔金额；如有异议，请通过同一链接说明原因。旧件留存于我部旧件库索赔区，可安排取回复检。`,
        `Please confirm the amount within ${d.agingLimitDays} days through the link in the email, or dispute it there with your reasons. The parts are kept in our old-parts warehouse for your inspection.`,
      ),
      style: 'note',
      margin: [0, 8, 0, 0] as [number, number, number, number],
    },
    signOffBlock(ctx.locale, [t('配套部', 'Purchasing'), t('售后服务部', 'After-sales'), t('供应商确认', 'Supplier')]),
  ];

  function returnsSection() {
    return [
      sectionHeading(t('索赔明细（鉴定为供应商责任的三包旧件）', 'Lines (warranty parts found supplier-responsible)')),
      recordTable({
        locale: ctx.locale,
        fontSize: 8,
        columns: [
          { key: 'returnNo', header: t('退回单号', 'Return no.'), width: 58 },
          { key: 'date', header: t('鉴定日期', 'Inspected'), width: 46 },
          { key: 'dealerId', header: t('经销商', 'Dealer'), width: 34 },
          { key: 'partNo', header: t('配件编号', 'Part no.'), width: 44 },
          { key: 'partName', header: t('配件名称', 'Part'), width: '*' },
          { key: 'qty', header: t('数量', 'Qty'), width: 20, align: 'right' },
          { key: 'failureMode', header: t('故障模式', 'Failure mode'), width: 48 },
          { key: 'disposition', header: t('处理方式', 'Disposition'), width: 78 },
          { key: 'amountFen', header: t('金额', 'Amount'), width: 48, money: true },
        ],
        rows: [
          ...d.lines,
          {
            returnNo: incidents.length ? t('旧件小计', 'Returns subtotal') : t('合计', 'Total'),
            qty: d.totals.qty,
            amountFen: returnsFen,
          },
        ],
      }),
    ];
  }

  /** One line per incident, citing its id, then the claim total as returns + incidents (what an auditor ties out). */
  function incidentSection() {
    return [
      sectionHeading(
        t(
          '批量质量事件费用（原因分析判定为供应商责任，按事件编号各计一行）',
          'Batch quality incident costs (root cause: supplier responsible; one line per incident)',
        ),
      ),
      recordTable({
        locale: ctx.locale,
        fontSize: 8,
        columns: [
          { key: 'incidentId', header: t('事件编号', 'Incident'), width: 150 },
          { key: 'closedOn', header: t('关闭日期', 'Closed'), width: 46 },
          { key: 'partNo', header: t('配件编号', 'Part no.'), width: 48 },
          { key: 'partName', header: t('配件名称', 'Part'), width: '*' },
          { key: 'failureName', header: t('故障模式', 'Failure mode'), width: 52 },
          { key: 'amountFen', header: t('金额', 'Amount'), width: 56, money: true },
        ],
        rows: [...incidents, { incidentId: t('事件费用小计', 'Incidents subtotal'), amountFen: incidentFen }],
      }),
      {
        text: t(
          `索赔合计 ${formatFen(d.totals.amountFen)} 元 = 旧件索赔 ${formatFen(returnsFen)} 元（${d.lines.length} 行）+ 事件费用 ${formatFen(incidentFen)} 元（${incidents.length} 行）`,
          `Total claimed ${formatFen(d.totals.amountFen)} CNY = returns ${formatFen(returnsFen)} CNY (${d.lines.length} lines) + incidents ${formatFen(incidentFen)} CNY (${incidents.length} lines)`,
        ),
        bold: true,
        margin: [0, 2, 0, 0] as [number, number, number, number],
      },
    ];
  }
  return baseDocument({ ctx, title, content });
});
