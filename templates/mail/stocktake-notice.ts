import { type MailBlock, type MailTemplate, type SummaryLine, composeMail, requireText } from './compose-mail';

export interface StocktakeNoticeVars {
  /** What happened: the posting was rejected, is beyond every approval limit, or was posted. */
  kind: 'rejected' | 'cannot-approve' | 'posted';
  recipientName?: string;
  /** e.g. "新件库". */
  warehouse: string;
  /** e.g. "2026-11". */
  period: string;
  /** Who decided (rejections). */
  by?: string;
  comment?: string;
  summaryLines?: SummaryLine[];
  senderName?: string;
}

const TEXT = {
  'zh-CN': {
    rejected: (v: StocktakeNoticeVars) => ({
      subject: `【${v.period}】${v.warehouse}盘点调整被驳回`,
      body: `${v.warehouse} ${v.period} 盘点差异调整已被${v.by ? ` ${v.by} ` : ''}驳回，未过账。请核实差异后重新发起盘点。`,
    }),
    'cannot-approve': (v: StocktakeNoticeVars) => ({
      subject: `【${v.period}】${v.warehouse}盘点差异超出审批权限`,
      body: `${v.warehouse} ${v.period} 盘点差异金额超出所有审批人的额度，按配置无法批准，未过账。请调整审批权限或核实差异。`,
    }),
    posted: (v: StocktakeNoticeVars) => ({
      subject: `【${v.period}】${v.warehouse}盘点调整已过账`,
      body: `${v.warehouse} ${v.period} 盘点调整已过账，调整凭证和调整后账面已写入台账工作簿的新工作表。`,
    }),
  },
  en: {
    rejected: (v: StocktakeNoticeVars) => ({
      subject: `[${v.period}] ${v.warehouse} stocktake adjustment rejected`,
      body: `The ${v.warehouse} stocktake adjustment for ${v.period} was rejected${v.by ? ` by ${v.by}` : ''} and not posted. Check the variances and start the stocktake again.`,
    }),
    'cannot-approve': (v: StocktakeNoticeVars) => ({
      subject: `[${v.period}] ${v.warehouse} stocktake beyond approval limits`,
      body: `The ${v.warehouse} stocktake variance for ${v.period} exceeds every approver's limit and cannot be approved as configured; nothing was posted.`,
    }),
    posted: (v: StocktakeNoticeVars) => ({
      subject: `[${v.period}] ${v.warehouse} stocktake adjustment posted`,
      body: `The ${v.warehouse} stocktake adjustment for ${v.period} was posted as new tabs next to the ledger.`,
    }),
  },
} as const;

/** Outcome notices of the stocktake workflow to the warehouse and the counters. */
export const stocktakeNotice: MailTemplate<StocktakeNoticeVars> = {
  render(v, locale) {
    requireText(v.warehouse, 'warehouse');
    requireText(v.period, 'period');
    const zh = locale === 'zh-CN';
    const t = (zh ? TEXT['zh-CN'] : TEXT.en)[v.kind](v);
    const blocks: MailBlock[] = [
      { kind: 'paragraph', text: zh ? `${v.recipientName ?? '您好'}：` : `Dear ${v.recipientName ?? 'colleague'},` },
      { kind: 'paragraph', text: t.body },
    ];
    if (v.comment) blocks.push({ kind: 'paragraph', text: (zh ? '意见：' : 'Comment: ') + v.comment });
    blocks.push({ kind: 'summary', lines: v.summaryLines ?? [] });
    blocks.push({
      kind: 'note',
      text: zh
        ? `此邮件由系统自动发送${v.senderName ? `，发件部门：${v.senderName}` : ''}。`
        : `This email was sent automatically${v.senderName ? ` on behalf of ${v.senderName}` : ''}.`,
    });
    return composeMail(locale, t.subject, blocks);
  },
};
