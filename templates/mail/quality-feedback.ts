import { type MailBlock, type MailTemplate, composeMail, requireText } from './compose-mail';

export interface QualityFeedbackMailVars {
  /** e.g. "营销部". */
  departmentName: string;
  /** "2026-11". */
  period: string;
  /** The department's points of the month (one line each). */
  highlights: string[];
  attachmentName: string;
  /** Archive document id and SHA-256 of the attached PDF (verifiable in the auditor portal). */
  documentId: string;
  sha256: string;
  /** Who approved the distribution, e.g. "李主管". */
  approvedBy?: string;
  senderName?: string;
}

/** The monthly 质量信息反馈表 to one department: its PDF attached, the month's points in the body. */
export const qualityFeedbackMail: MailTemplate<QualityFeedbackMailVars> = {
  render(v, locale) {
    const zh = locale === 'zh-CN';
    const dept = requireText(v.departmentName, 'departmentName');
    const period = requireText(v.period, 'period');
    const file = requireText(v.attachmentName, 'attachmentName');
    const blocks: MailBlock[] = [
      { kind: 'paragraph', text: zh ? `${dept}：` : `Dear colleagues of ${dept},` },
      {
        kind: 'paragraph',
        text: zh
          ? `附件是 ${period} 月度《质量信息反馈表》（${dept}版）${v.approvedBy ? `，已经${v.approvedBy}审核` : ''}。请查阅并按职责跟进。`
          : `Attached is the quality feedback for ${period} prepared for ${dept}${v.approvedBy ? `, approved by ${v.approvedBy}` : ''}. Please review and follow up.`,
      },
      { kind: 'paragraph', text: zh ? '本月要点：' : 'This month:' },
      { kind: 'summary', lines: v.highlights },
      { kind: 'paragraph', text: (zh ? '附件：' : 'Attachment: ') + file },
      {
        kind: 'note',
        text: zh
          ? `本报告已归档（文档编号 ${v.documentId}，SHA-256 ${v.sha256}），可在审计门户核验。此邮件由系统自动发送${v.senderName ? `，发件部门：${v.senderName}` : ''}。`
          : `Archived as ${v.documentId} (SHA-256 ${v.sha256}); verifiable in the auditor portal. Sent automatically${v.senderName ? ` on behalf of ${v.senderName}` : ''}.`,
      },
    ];
    return composeMail(
      locale,
      zh ? `【质量信息反馈表 ${period}】${dept}` : `[Quality feedback ${period}] ${dept}`,
      blocks,
    );
  },
};
