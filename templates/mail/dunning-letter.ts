import { letterTitle } from '../pdf/dunning-letter';
import { type MailBlock, type MailTemplate, type SummaryLine, composeMail, requireText } from './compose-mail';

/** The level templates config may name; the same names select the PDF wording (templates/pdf/dunning-letter.ts). */
export type DunningMailTemplate = 'dunning-reminder' | 'dunning-second' | 'dunning-final';

export interface DunningLetterVars {
  template: DunningMailTemplate;
  dealerName: string;
  contact?: string;
  level: number;
  letterNo: string;
  /** Letters sent before about these documents: 0 makes this an overdue notice claiming no earlier reminder. */
  priorLetters?: number;
  /** Formatted overdue total, e.g. "12,345.00". */
  overdue: string;
  payWithinDays: number;
  summaryLines?: SummaryLine[];
  attachmentName: string;
  senderName?: string;
}

const LEADS = {
  'dunning-reminder': {
    'zh-CN': (o: string, d: number) =>
      `贵司有逾期款项人民币 ${o} 元尚未支付，请于 ${d} 日内安排付款。如已付款，请忽略本邮件。`,
    en: (o: string, d: number) =>
      `CNY ${o} is past due on your account. Please pay within ${d} days; ignore this if you already paid.`,
  },
  'dunning-second': {
    'zh-CN': (o: string, d: number, prior: number) =>
      prior > 0
        ? `贵司逾期款项人民币 ${o} 元经我部发函后仍未支付，请务必于 ${d} 日内付清。`
        : `贵司有逾期款项人民币 ${o} 元尚未支付（明细见附件），请务必于 ${d} 日内付清。`,
    en: (o: string, d: number, prior: number) =>
      prior > 0
        ? `CNY ${o} remains overdue after our earlier letter. Please pay in full within ${d} days.`
        : `CNY ${o} is overdue on your account (items attached). Please pay in full within ${d} days.`,
  },
  'dunning-final': {
    'zh-CN': (o: string, d: number, prior: number) =>
      `贵司逾期款项人民币 ${o} 元${prior > 1 ? '经多次催告' : prior === 1 ? '经我部发函催告后' : ''}仍未支付（明细见附件）。请于 ${d} 日内付清，否则将暂停发货并依法追偿。`,
    en: (o: string, d: number, prior: number) =>
      `CNY ${o} remains overdue${prior > 1 ? ' despite repeated notices' : prior === 1 ? ' after our earlier letter' : ' (items attached)'}. Pay within ${d} days or deliveries are suspended and we pursue collection.`,
  },
} as const;

/** The mail carrying a dunning letter (PDF attached); wording per level template and locale. */
export const dunningLetter: MailTemplate<DunningLetterVars> = {
  render(v, locale) {
    const zh = locale === 'zh-CN';
    const name = requireText(v.dealerName, 'dealerName');
    if (!Object.prototype.hasOwnProperty.call(LEADS, v.template))
      throw new Error(`Mail template variable "template" is not a dunning template: ${JSON.stringify(v.template)}`);
    const prior = v.priorLetters ?? 0;
    const subject = letterTitle(v.template, locale, prior);
    const blocks: MailBlock[] = [
      { kind: 'paragraph', text: zh ? `${name}${v.contact ? ` ${v.contact}` : ''}：` : `Dear ${v.contact ?? name},` },
      { kind: 'paragraph', text: LEADS[v.template][locale](requireText(v.overdue, 'overdue'), v.payWithinDays, prior) },
      { kind: 'summary', lines: v.summaryLines ?? [] },
      {
        kind: 'paragraph',
        text: zh
          ? `详见附件（${v.attachmentName}，函号 ${v.letterNo}）。`
          : `Details are attached (${v.attachmentName}, ref. ${v.letterNo}).`,
      },
      {
        kind: 'note',
        text: zh
          ? `如对账目有异议，请直接回复本邮件。此邮件由系统自动发送${v.senderName ? `，发件部门：${v.senderName}` : ''}。`
          : `If you disagree with the account, reply to this email. Sent automatically${v.senderName ? ` on behalf of ${v.senderName}` : ''}.`,
      },
    ];
    return composeMail(
      locale,
      zh ? `【${subject}】${name}（第${v.level}级）` : `[${subject}] ${name} (level ${v.level})`,
      blocks,
    );
  },
};
