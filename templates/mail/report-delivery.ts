import { type MailBlock, type MailTemplate, type SummaryLine, composeMail, requireText } from './compose-mail';

export interface ReportDeliveryVars {
  /** e.g. "品质部" or "王经理"; a neutral greeting when omitted. */
  recipientName?: string;
  /** e.g. "质量信息反馈表（品质部）". */
  title: string;
  /** Accounting period, e.g. "2026-11". */
  period: string;
  summaryLines?: SummaryLine[];
  /** File names of the attached PDFs, listed in the body. */
  attachmentNames?: string[];
  /** Archive document id and SHA-256, so a reader can verify the attachment in the auditor portal. */
  documentId?: string;
  sha256?: string;
  /** Signature, e.g. "售后服务部". */
  senderName?: string;
}

/** A generated PDF report sent to its readers (stocktake report, department quality feedback, statements…). */
export const reportDelivery: MailTemplate<ReportDeliveryVars> = {
  render(v, locale) {
    const title = requireText(v.title, 'title');
    const period = requireText(v.period, 'period');
    const zh = locale === 'zh-CN';
    const files = v.attachmentNames ?? [];
    const blocks: MailBlock[] = [
      { kind: 'paragraph', text: zh ? `${v.recipientName ?? '您好'}：` : `Dear ${v.recipientName ?? 'colleague'},` },
      {
        kind: 'paragraph',
        text: zh
          ? `附件是 ${period} 期间的《${title}》，请查收。`
          : `Please find attached "${title}" for the period ${period}.`,
      },
      { kind: 'summary', lines: v.summaryLines ?? [] },
    ];
    if (files.length) {
      blocks.push({ kind: 'paragraph', text: (zh ? '附件：' : 'Attachments: ') + files.join(zh ? '、' : ', ') });
    }
    if (v.documentId || v.sha256) {
      const ref = [
        v.documentId && `${zh ? '文档编号' : 'Document id'} ${v.documentId}`,
        v.sha256 && `SHA-256 ${v.sha256}`,
      ]
        .filter(Boolean)
        .join(zh ? '，' : ', ');
      blocks.push({
        kind: 'note',
        text: zh
          ? `本报告已归档（${ref}），可在审计门户核验。`
          : `This report is archived (${ref}) and can be verified in the auditor portal.`,
      });
    }
    blocks.push({
      kind: 'note',
      text: zh
        ? `此邮件由系统自动发送${v.senderName ? `，发件部门：${v.senderName}` : ''}。如有疑问请直接回复。`
        : `This email was sent automatically${v.senderName ? ` on behalf of ${v.senderName}` : ''}. Reply with any questions.`,
    });
    return composeMail(locale, zh ? `【${period}】${title}` : `[${period}] ${title}`, blocks);
  },
};
