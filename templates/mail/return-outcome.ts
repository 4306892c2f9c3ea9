import { type MailBlock, type MailTemplate, type SummaryLine, composeMail, requireText } from './compose-mail';

export interface ReturnOutcomeVars {
  recipientName?: string;
  returnNo: string;
  grnNo: string;
  verdict: string;
  qtyRegistered: number;
  qtyCredited: number;
  /** Formatted yuan, e.g. "1,234.50"; absent when nothing is credited. */
  creditAmount?: string;
  creditDocNo?: string;
  failureMode?: string;
  /** How an abnormal verdict was settled, e.g. "经销商同意" or "经理维持鉴定结论". */
  resolution?: string;
  notes?: string;
  documentId?: string;
  sha256?: string;
  senderName?: string;
}

/** To the dealer, with the 入库单 attached: what was received, the verdict and the credit written. */
export const returnOutcome: MailTemplate<ReturnOutcomeVars> = {
  render(v, locale) {
    const no = requireText(v.returnNo, 'returnNo');
    const zh = locale === 'zh-CN';
    const lines: SummaryLine[] = [
      { label: zh ? '退回单号' : 'Return no.', value: no },
      { label: zh ? '入库单号' : 'GRN no.', value: requireText(v.grnNo, 'grnNo') },
      { label: zh ? '鉴定结论' : 'Verdict', value: requireText(v.verdict, 'verdict') },
      { label: zh ? '登记数量' : 'Registered qty', value: String(v.qtyRegistered) },
      { label: zh ? '认可数量' : 'Accepted qty', value: String(v.qtyCredited) },
      ...(v.failureMode ? [{ label: zh ? '故障模式' : 'Failure mode', value: v.failureMode }] : []),
      ...(v.resolution ? [{ label: zh ? '处理方式' : 'Settled by', value: v.resolution }] : []),
      {
        label: zh ? '退货抵扣' : 'Credit',
        value: v.creditAmount
          ? `${v.creditAmount} ${zh ? '元' : 'CNY'}${v.creditDocNo ? `（${v.creditDocNo}）` : ''}`
          : zh
            ? '无'
            : 'none',
      },
    ];
    const blocks: MailBlock[] = [
      { kind: 'paragraph', text: zh ? `${v.recipientName ?? '您好'}：` : `Dear ${v.recipientName ?? 'dealer'},` },
      {
        kind: 'paragraph',
        text: zh
          ? `退回单 ${no} 的旧件已收货并完成鉴定，入库单见附件。${v.creditAmount ? '抵扣金额已记入贵单位往来账，将在下期对账单中体现。' : ''}`
          : `The old part of return ${no} was received and inspected; the goods-received note is attached.${v.creditAmount ? ' The credit is posted to your account and will appear on your next statement.' : ''}`,
      },
      { kind: 'summary', lines },
    ];
    if (v.notes) blocks.push({ kind: 'paragraph', text: (zh ? '鉴定说明：' : 'Inspection notes: ') + v.notes });
    if (v.documentId || v.sha256) {
      const ref = [
        v.documentId && `${zh ? '文档编号' : 'Document id'} ${v.documentId}`,
        v.sha256 && `SHA-256 ${v.sha256}`,
      ]
        .filter(Boolean)
        .join(zh ? '，' : ', ');
      blocks.push({ kind: 'note', text: zh ? `入库单已归档（${ref}）。` : `The note is archived (${ref}).` });
    }
    blocks.push({
      kind: 'note',
      text: zh
        ? `此邮件由系统自动发送${v.senderName ? `，发件部门：${v.senderName}` : ''}。如有疑问请直接回复。`
        : `This email was sent automatically${v.senderName ? ` on behalf of ${v.senderName}` : ''}. Reply with any questions.`,
    });
    return composeMail(
      locale,
      zh ? `【入库单】退回单 ${no} 鉴定结果与抵扣` : `[Return ${no}] goods received, verdict and credit`,
      blocks,
    );
  },
};
