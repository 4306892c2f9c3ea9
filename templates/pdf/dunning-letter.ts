import { z } from 'zod';
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
  signOffBlock,
} from './layout';

const fen = z.number().int().safe();
const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
const text = z.string().max(300);

/** The dunning texts a level can name in config (`dunning.levels[].template`), each in zh-CN and English. */
export const DUNNING_LETTER_TEMPLATES = ['dunning-reminder', 'dunning-second', 'dunning-final'] as const;
export type DunningLetterTemplate = (typeof DUNNING_LETTER_TEMPLATES)[number];

export const letterSchema = z.object({
  template: z.enum(DUNNING_LETTER_TEMPLATES),
  level: z.number().int().min(1),
  finalLevel: z.number().int().min(1),
  company: text,
  /** The human number (CK-2026-11-D0042-01); a draft for approval has none yet. */
  letterNo: text.optional(),
  /** A draft shown to the approver: marked as such, never sent. */
  draft: z.boolean().default(false),
  asOf: date,
  dealer: z.object({ id: text, name: text, contact: text.optional() }),
  items: z
    .array(
      z.object({
        docNo: text,
        date,
        dueDate: date,
        daysOverdue: z.number().int(),
        openFen: fen,
        level: z.number().int().min(0),
        isCharge: z.boolean(),
      }),
    )
    .min(1)
    .max(5000),
  overdueFen: fen,
  balanceFen: fen,
  feeFen: fen.optional(),
  interestFen: fen.optional(),
  payWithinDays: z.number().int().min(0),
  creditHoldWarning: z.boolean(),
  /** Letters actually sent before about these documents (from the dealer's dunning history), oldest first. */
  priorLetters: z
    .array(z.object({ letterNo: text.optional(), level: z.number().int().min(1), sentOn: date }))
    .max(50)
    .default([]),
  /** The manager's approval (who, when) for a letter that needed one; printed in 签核. */
  approval: z.object({ by: text, at: text }).optional(),
});

export type LetterData = z.input<typeof letterSchema>;

interface Wording {
  title: string;
  /** First letter about these documents: an overdue notice listing them, claiming no earlier reminder. */
  first: (overdue: string, asOf: string) => string;
  /** After earlier letters: which ones were sent, and when. */
  after: (overdue: string, asOf: string, earlier: string, count: number) => string;
  request: (days: number) => string;
  closing: string;
}

/** A space after a bare date, none after a closing full-width bracket. */
const gap = (text: string): string => (/\d$/.test(text) ? ' ' : '');

const WORDING: Record<DunningLetterTemplate, { 'zh-CN': Wording; en: Wording }> = {
  'dunning-reminder': {
    'zh-CN': {
      title: '付款提醒函',
      first: (o, a) => `截至 ${a}，贵司以下款项已到期尚未支付，合计人民币 ${o} 元。可能是疏忽所致，特此提醒。`,
      after: (o, a, e) => `截至 ${a}，贵司以下款项已到期尚未支付，合计人民币 ${o} 元。我部已于 ${e}${gap(e)}发函提醒。`,
      request: (d) => `请于 ${d} 日内安排付款；如已付款，请忽略本函并告知付款信息。`,
      closing: '感谢贵司一贯的支持与合作。',
    },
    en: {
      title: 'Payment reminder',
      first: (o, a) =>
        `As of ${a}, the items below are past due and unpaid, CNY ${o} in total. This may be an oversight.`,
      after: (o, a, e) =>
        `As of ${a}, the items below are past due and unpaid, CNY ${o} in total. We wrote to you on ${e}.`,
      request: (d) => `Please arrange payment within ${d} days; if you have already paid, please let us know.`,
      closing: 'Thank you for your continued cooperation.',
    },
  },
  'dunning-second': {
    'zh-CN': {
      title: '催款通知书',
      first: (o, a) => `截至 ${a}，贵司以下款项已逾期未付，合计人民币 ${o} 元，明细见下表。`,
      after: (o, a, e) =>
        `截至 ${a}，贵司以下款项逾期未付，合计人民币 ${o} 元。我部已于 ${e}${gap(e)}发函催告，至今未收到款项。`,
      request: (d) => `请务必于 ${d} 日内付清。逾期将按合同约定收取催款费用。`,
      closing: '如对账目有异议，请及时与我部联系。',
    },
    en: {
      title: 'Payment notice',
      first: (o, a) => `As of ${a}, the items below are overdue and unpaid, CNY ${o} in total, listed below.`,
      after: (o, a, e) =>
        `As of ${a}, the items below are overdue, CNY ${o} in total. We wrote to you on ${e} and have not received payment.`,
      request: (d) => `Please pay in full within ${d} days. A dunning charge applies as agreed in the contract.`,
      closing: 'If you disagree with the account, please contact us promptly.',
    },
  },
  'dunning-final': {
    'zh-CN': {
      title: '最后催款通知书',
      first: (o, a) => `截至 ${a}，贵司以下款项已严重逾期，合计人民币 ${o} 元，明细见下表。`,
      after: (o, a, e, n) =>
        `截至 ${a}，贵司以下款项严重逾期，合计人民币 ${o} 元。我部已于 ${e}${gap(e)}${n > 1 ? '多次' : ''}发函催告，至今仍未付款。`,
      request: (d) =>
        `请于 ${d} 日内付清全部逾期款项，否则我部将暂停发货并保留依法追偿的权利；逾期款项按约定计收利息。`,
      closing: '本通知经售后经理审批后发出。',
    },
    en: {
      title: 'Final notice',
      first: (o, a) => `As of ${a}, the items below are seriously overdue, CNY ${o} in total, listed below.`,
      after: (o, a, e, n) =>
        `As of ${a}, the items below are seriously overdue, CNY ${o} in total. We wrote to you on ${e}${n > 1 ? ' repeatedly' : ''} and have not been paid.`,
      request: (d) =>
        `Please pay all overdue amounts within ${d} days; otherwise we will suspend deliveries and reserve all legal remedies. Interest accrues on overdue amounts as agreed.`,
      closing: 'This notice was approved by the after-sales manager.',
    },
  },
};

/**
 * The wording an actual history allows: a first letter about these documents is an overdue notice (its title says
 * so even at the final level) and claims no earlier reminder; a later one names the letters sent before, with dates
 * and numbers. `n > 1` earlier letters is what "多次" means.
 */
export function letterTitle(template: DunningLetterTemplate, locale: 'zh-CN' | 'en', priorLetters: number): string {
  const w = WORDING[template][locale];
  if (template === 'dunning-reminder') return w.title;
  if (priorLetters === 0)
    return locale === 'en' ? `Overdue notice${template === 'dunning-final' ? ' (final)' : ''}` : '逾期付款通知书';
  if (template === 'dunning-second') {
    const n = priorLetters + 1;
    return locale === 'en' ? `${w.title} (no. ${n})` : `${w.title}（第${ZH_ORDINAL[n] ?? n}次）`;
  }
  return w.title;
}

const ZH_ORDINAL: Record<number, string> = { 2: '二', 3: '三', 4: '四', 5: '五', 6: '六', 7: '七', 8: '八', 9: '九' };

/** 催款函 / Dunning letter for one dealer at one level; the wording is chosen by the level's template and history. */
export const dunningLetterTemplate = definePdfTemplate('dunning-letter', letterSchema, (d, ctx) => {
  const L = pdfLabels(ctx.locale);
  const t = <T>(zh: T, en: T): T => byLocale(ctx.locale, zh, en);
  const w = WORDING[d.template][ctx.locale];
  const prior = d.priorLetters;
  const title =
    (d.draft ? t('【草稿·待审批】', '[DRAFT for approval] ') : '') + letterTitle(d.template, ctx.locale, prior.length);
  const greeting = t(
    `${d.dealer.name}${d.dealer.contact ? ` ${d.dealer.contact}` : ''}：`,
    `Dear ${d.dealer.contact ?? d.dealer.name},`,
  );
  const earlier = prior
    .map((p) => `${p.sentOn}${p.letterNo ? t(`（函号 ${p.letterNo}）`, ` (ref. ${p.letterNo})`) : ''}`)
    .join(t('、', ', '));
  const opening = prior.length
    ? w.after(formatFen(d.overdueFen), d.asOf, earlier, prior.length)
    : w.first(formatFen(d.overdueFen), d.asOf);
  const figures = [
    { label: t('逾期合计', 'Overdue'), value: formatFen(d.overdueFen) },
    { label: t('账户余额', 'Balance'), value: formatFen(d.balanceFen) },
    { label: t('催款级别', 'Level'), value: `${d.level} / ${d.finalLevel}` },
  ];
  if (d.feeFen) figures.push({ label: t('本次催款费用', 'Dunning charge'), value: formatFen(d.feeFen) });
  if (d.interestFen) figures.push({ label: t('逾期利息', 'Interest'), value: formatFen(d.interestFen) });
  const ref = d.letterNo ?? t('（审批后编号）', '(numbered once approved)');
  const content = [
    ...reportTitle(title, `${d.company} · ${t('函号', 'Ref.')}${L.sep}${ref} · ${d.asOf}`),
    { text: greeting, margin: [0, 0, 0, 6] as [number, number, number, number] },
    { text: opening, margin: [0, 0, 0, 8] as [number, number, number, number] },
    keyFigureTable(figures),
    dataTable({
      locale: ctx.locale,
      columns: [
        { header: t('单据号', 'Document'), width: '*' },
        { header: t('日期', 'Date'), width: 62 },
        { header: t('到期日', 'Due'), width: 62 },
        { header: t('逾期天数', 'Days overdue'), width: 52, align: 'right' },
        { header: t('未付金额', 'Open'), width: 78, align: 'right' },
        { header: t('级别', 'Level'), width: 34, align: 'center' },
      ],
      rows: d.items.map((i) => [
        i.isCharge ? `${i.docNo} ${t('（费用）', '(charge)')}` : i.docNo,
        i.date,
        i.dueDate,
        i.daysOverdue,
        formatFen(i.openFen),
        i.level || L.empty,
      ]),
    }),
    { text: w.request(d.payWithinDays), bold: true, margin: [0, 6, 0, 6] as [number, number, number, number] },
  ];
  if (d.creditHoldWarning) {
    content.push({
      text: t(
        '鉴于逾期情况，贵司账户已被实行信用冻结（暂停赊销发货），付清逾期款项后自动解除。',
        'Given the overdue amounts, your account is on credit hold (no deliveries on credit); the hold is lifted once the overdue amounts are paid.',
      ),
      bold: true,
      margin: [0, 0, 0, 6] as [number, number, number, number],
    });
  }
  // "Approved by the manager" is said only when a recorded approval says so.
  const closing = d.template === 'dunning-final' && !d.approval ? undefined : w.closing;
  if (closing) content.push({ text: closing, style: 'note', margin: [0, 0, 0, 6] as [number, number, number, number] });
  const approved = d.approval
    ? {
        role: t('审批', 'Approved'),
        name: d.approval.by,
        signature: t('已批准（电子审批）', 'approved (electronic)'),
        date: formatGeneratedAt(d.approval.at, ctx.timeZone).replace(/:\d\d \(.*\)$/, ''),
      }
    : { role: t('审批', 'Approved') };
  content.push(
    signOffBlock(ctx.locale, [
      { role: t('发函单位', 'Issued by'), name: d.company },
      ...(d.approval || d.draft ? [approved] : []),
    ]),
  );
  return baseDocument({ ctx, title, content });
});
