import { type MailBlock, type MailTemplate, composeMail, oneLine, requireText } from './compose-mail';

export interface IncidentNoticeVars {
  recipientName?: string;
  incidentId: string;
  /** recurred: the problem came back during verification; closed: the closing report is attached. */
  kind: 'recurred' | 'closed';
  part: string;
  failureMode: string;
  lines: string[];
  documentId?: string;
  sha256?: string;
  senderName?: string;
}

/** News of an open incident to the people who follow it: a recurrence, or its closure with the closing report. */
export const incidentNotice: MailTemplate<IncidentNoticeVars> = {
  render(v, locale) {
    const id = requireText(v.incidentId, 'incidentId');
    const zh = locale === 'zh-CN';
    const what =
      v.kind === 'closed' ? (zh ? '已关闭' : 'closed') : zh ? '验证期内复发' : 'recurred during verification';
    const blocks: MailBlock[] = [
      { kind: 'paragraph', text: zh ? `${v.recipientName ?? '您好'}：` : `Dear ${v.recipientName ?? 'colleague'},` },
      {
        kind: 'paragraph',
        text: zh
          ? `批量质量问题事件 ${id}（${v.part} ${v.failureMode}）${what}。`
          : `Batch quality incident ${id} (${v.part} ${v.failureMode}) ${what}.`,
      },
      { kind: 'summary', lines: v.lines },
    ];
    if (v.documentId || v.sha256) {
      blocks.push({
        kind: 'note',
        text: zh
          ? `附件已归档（文档编号 ${v.documentId ?? ''}，SHA-256 ${v.sha256 ?? ''}），可在审计门户核验。`
          : `The attachment is archived (document id ${v.documentId ?? ''}, SHA-256 ${v.sha256 ?? ''}) and can be verified in the auditor portal.`,
      });
    }
    blocks.push({
      kind: 'note',
      text: zh
        ? `此邮件由系统自动发送${v.senderName ? `，发件部门：${v.senderName}` : ''}。`
        : 'This email was sent automatically.',
    });
    return composeMail(locale, oneLine(zh ? `【质量事件】${id} ${what}` : `[Quality incident] ${id} ${what}`), blocks);
  },
};
