import { type MailBlock, type MailTemplate, type SummaryLine, composeMail, oneLine, requireText } from './compose-mail';

export interface IncidentAlertVars {
  recipientName?: string;
  incidentId: string;
  /** "DP-1230 制动盘" */
  part: string;
  failureMode: string;
  suppliers?: string;
  /** The day the detector examined (events up to it). */
  asOf: string;
  observed: number;
  expected: string;
  pValue: string;
  cusum: string;
  /** Sub-dimensions that fired ("区域 华东：9 起（预期 1.2）"). */
  scopes?: string[];
  /** "遏制：李主管" lines: who acts next. */
  owners?: string[];
  documentId?: string;
  sha256?: string;
  senderName?: string;
}

/** To the manager, the quality department and the supplier's purchasing contact: a batch problem has started. */
export const incidentAlert: MailTemplate<IncidentAlertVars> = {
  render(v, locale) {
    const id = requireText(v.incidentId, 'incidentId');
    const part = requireText(v.part, 'part');
    const mode = requireText(v.failureMode, 'failureMode');
    const zh = locale === 'zh-CN';
    const lines: SummaryLine[] = [
      { label: zh ? '事件编号' : 'Incident', value: id },
      { label: zh ? '配件' : 'Part', value: part },
      { label: zh ? '故障模式' : 'Failure mode', value: mode },
      ...(v.suppliers ? [{ label: zh ? '供应商' : 'Suppliers', value: v.suppliers }] : []),
      { label: zh ? '数据截至' : 'Events up to', value: v.asOf },
      { label: zh ? '近期 / 预期' : 'Observed / expected', value: `${v.observed} / ${v.expected}` },
      { label: zh ? '泊松上尾概率' : 'Poisson tail p', value: v.pValue },
      { label: 'CUSUM', value: v.cusum },
      ...(v.scopes ?? []).map((s) => ({ label: zh ? '细分' : 'Within', value: s })),
    ];
    const blocks: MailBlock[] = [
      { kind: 'paragraph', text: zh ? `${v.recipientName ?? '您好'}：` : `Dear ${v.recipientName ?? 'colleague'},` },
      {
        kind: 'paragraph',
        text: zh
          ? `质量预警检测到 ${part} 的“${mode}”明显多于近期基线，可能是批量质量问题，已开立事件 ${id}。证据（每日件数、事件明细、区域与车架号分布）见附件 PDF。`
          : `The early warning found far more "${mode}" on ${part} than its recent baseline: a possible batch quality problem. Incident ${id} is open; the evidence (events per day, the events, region and VIN spread) is in the attached PDF.`,
      },
      { kind: 'summary', lines },
    ];
    if (v.owners?.length) {
      blocks.push({
        kind: 'paragraph',
        text:
          (zh ? '后续步骤将通过邮件链接发给各责任人：' : 'Each next step goes to its owner by a link in a mail: ') +
          v.owners.join(zh ? '；' : '; '),
      });
    }
    if (v.documentId || v.sha256) {
      blocks.push({
        kind: 'note',
        text: zh
          ? `证据 PDF 已归档（文档编号 ${v.documentId ?? ''}，SHA-256 ${v.sha256 ?? ''}），可在审计门户核验。`
          : `The evidence PDF is archived (document id ${v.documentId ?? ''}, SHA-256 ${v.sha256 ?? ''}) and can be verified in the auditor portal.`,
      });
    }
    blocks.push({
      kind: 'note',
      text: zh
        ? `此邮件由系统自动发送${v.senderName ? `，发件部门：${v.senderName}` : ''}。`
        : 'This email was sent automatically.',
    });
    return composeMail(
      locale,
      oneLine(
        zh
          ? `【质量预警】${part} ${mode} 疑似批量问题（${id}）`
          : `[Quality warning] ${part} ${mode}: possible batch problem (${id})`,
      ),
      blocks,
    );
  },
};
