import {
  type MailBlock,
  type MailTemplate,
  type SummaryLine,
  composeMail,
  formatTime,
  requireText,
  safeUrl,
} from './compose-mail';

export interface DunningStatementVars {
  dealerName: string;
  contact?: string;
  /** "2026-11". */
  period: string;
  summaryLines: SummaryLine[];
  /** Signed link to the confirm / dispute page (GET shows the statement, the buttons decide). */
  actionUrl: string;
  /** ISO date-time when the link expires. */
  expiresAt: string;
  timeZone?: string;
  attachmentName: string;
  senderName?: string;
}

/** 对账单 mail to a dealer: the statement PDF attached, one link to confirm it or dispute it. */
export const dunningStatement: MailTemplate<DunningStatementVars> = {
  render(v, locale) {
    const zh = locale === 'zh-CN';
    const name = requireText(v.dealerName, 'dealerName');
    const period = requireText(v.period, 'period');
    const url = safeUrl(requireText(v.actionUrl, 'actionUrl'), 'actionUrl');
    const expires = formatTime(requireText(v.expiresAt, 'expiresAt'), v.timeZone ?? 'Asia/Shanghai', 'expiresAt');
    const blocks: MailBlock[] = [
      { kind: 'paragraph', text: zh ? `${name}${v.contact ? ` ${v.contact}` : ''}：` : `Dear ${v.contact ?? name},` },
      {
        kind: 'paragraph',
        text: zh
          ? `附件是贵司 ${period} 的对账单（${v.attachmentName}），请核对。`
          : `Attached is your statement of account for ${period} (${v.attachmentName}). Please check it.`,
      },
      { kind: 'summary', lines: v.summaryLines },
      {
        kind: 'paragraph',
        text: zh
          ? '核对无误请点击下方链接“确认”；如有异议，请在同一页面选择“提出异议”并说明原因，我们将暂停催款并由客户主管跟进。'
          : 'If it is correct, open the link below and confirm; if not, choose "dispute" on the same page and give a reason: dunning pauses while our customer supervisor follows up.',
      },
      { kind: 'button', label: zh ? '确认对账单 / 提出异议' : 'Confirm or dispute the statement', url },
      {
        kind: 'note',
        text: zh
          ? `链接将于 ${expires} 失效，仅限本邮箱使用一次。打开链接只会显示内容，点击页面上的按钮才会提交。`
          : `The link expires on ${expires} and works once, for this address only. Opening it only shows the statement; the buttons on the page decide.`,
      },
      {
        kind: 'note',
        text: zh
          ? `此邮件由系统自动发送${v.senderName ? `，发件部门：${v.senderName}` : ''}。`
          : `This email was sent automatically${v.senderName ? ` on behalf of ${v.senderName}` : ''}.`,
      },
    ];
    return composeMail(locale, zh ? `【对账单】${name} ${period}` : `[Statement] ${name} ${period}`, blocks);
  },
};
