import { type MailBlock, type MailTemplate, type SummaryLine, composeMail, requireText } from './compose-mail';

export interface SupplierClaimResultVars {
  recipientName?: string;
  claimNo: string;
  supplierName: string;
  period: string;
  /** e.g. "供应商已确认" / "供应商有异议". */
  status: string;
  claimAmount: string;
  recoveredAmount: string;
  decidedBy: string;
  decidedAt: string;
  /** The claim passed the aging limit before it was answered (escalated to the manager). */
  aged: boolean;
  comment?: string;
  senderName?: string;
}

/** To purchasing (配套部) and the manager: how a monthly supplier claim ended, and what was recovered. */
export const supplierClaimResult: MailTemplate<SupplierClaimResultVars> = {
  render(v, locale) {
    const claimNo = requireText(v.claimNo, 'claimNo');
    const zh = locale === 'zh-CN';
    const lines: SummaryLine[] = [
      { label: zh ? '索赔单号' : 'Claim no.', value: claimNo },
      { label: zh ? '供应商' : 'Supplier', value: requireText(v.supplierName, 'supplierName') },
      { label: zh ? '期间' : 'Period', value: v.period },
      { label: zh ? '状态' : 'Status', value: v.status },
      { label: zh ? '索赔金额（元）' : 'Claimed (CNY)', value: v.claimAmount },
      { label: zh ? '确认回收金额（元）' : 'Recovered (CNY)', value: v.recoveredAmount },
      { label: zh ? '确认人' : 'Answered by', value: `${v.decidedBy}（${v.decidedAt}）` },
      ...(v.aged
        ? [{ label: zh ? '超期' : 'Aged', value: zh ? '是（已上报经理）' : 'yes (escalated to the manager)' }]
        : []),
      ...(v.comment ? [{ label: zh ? '意见' : 'Comment', value: v.comment }] : []),
    ];
    const blocks: MailBlock[] = [
      { kind: 'paragraph', text: zh ? `${v.recipientName ?? '您好'}：` : `Dear ${v.recipientName ?? 'colleague'},` },
      {
        kind: 'paragraph',
        text: zh
          ? `供应商索赔单 ${claimNo} 已有结果，回收金额已记入供应商索赔台账。`
          : `Supplier claim ${claimNo} has been answered; the amount recovered is recorded in the claims register.`,
      },
      { kind: 'summary', lines },
      {
        kind: 'note',
        text: zh
          ? `此邮件由系统自动发送${v.senderName ? `，发件部门：${v.senderName}` : ''}。`
          : 'This email was sent automatically.',
      },
    ];
    return composeMail(
      locale,
      zh ? `【供应商索赔】${claimNo} ${v.status}` : `[Supplier claim] ${claimNo}: ${v.status}`,
      blocks,
    );
  },
};
