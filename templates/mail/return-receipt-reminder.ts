import { type MailBlock, type MailTemplate, type SummaryLine, composeMail, requireText } from './compose-mail';

export interface ReturnReceiptReminderVars {
  recipientName?: string;
  returnNo: string;
  /** Date the dealer registered the return (yyyy-MM-dd). */
  registeredOn: string;
  part: string;
  qty: number;
  claimNo?: string;
  reminderNumber: number;
  /** Where the parts go, e.g. "旧件库 周仓管". */
  shipTo?: string;
  senderName?: string;
}

/** To the dealer: the old part registered for return has not arrived at the old-parts warehouse yet. */
export const returnReceiptReminder: MailTemplate<ReturnReceiptReminderVars> = {
  render(v, locale) {
    const no = requireText(v.returnNo, 'returnNo');
    const zh = locale === 'zh-CN';
    const lines: SummaryLine[] = [
      { label: zh ? '退回单号' : 'Return no.', value: no },
      { label: zh ? '登记日期' : 'Registered', value: v.registeredOn },
      { label: zh ? '配件' : 'Part', value: requireText(v.part, 'part') },
      { label: zh ? '数量' : 'Quantity', value: String(v.qty) },
      ...(v.claimNo ? [{ label: zh ? '索赔单号' : 'Claim no.', value: v.claimNo }] : []),
    ];
    const blocks: MailBlock[] = [
      { kind: 'paragraph', text: zh ? `${v.recipientName ?? '您好'}：` : `Dear ${v.recipientName ?? 'dealer'},` },
      {
        kind: 'paragraph',
        text: zh
          ? `贵单位登记退回的三包旧件尚未到达我部旧件库（第 ${v.reminderNumber} 次提醒）。请尽快寄回，旧件到库并鉴定后方可办理退货抵扣。`
          : `The warranty part you registered for return has not reached our old-parts warehouse yet (reminder ${v.reminderNumber}). Please send it soon: the credit is issued once the part is received and inspected.`,
      },
      { kind: 'summary', lines },
    ];
    if (v.shipTo) blocks.push({ kind: 'paragraph', text: (zh ? '寄送至：' : 'Ship to: ') + v.shipTo });
    blocks.push({
      kind: 'note',
      text: zh
        ? `如已寄出，请忽略本提醒${v.senderName ? `。${v.senderName}` : ''}。`
        : `If you have already sent it, please ignore this reminder${v.senderName ? `. ${v.senderName}` : ''}.`,
    });
    return composeMail(
      locale,
      zh ? `【旧件催寄】退回单 ${no} 旧件尚未收到` : `[Return ${no}] old part not received yet`,
      blocks,
    );
  },
};
