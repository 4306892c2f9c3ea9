import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Duration } from '@temporalio/common';
import type { createPdfActivities } from '../activities/pdf/create-pdf-activities';
import type { createMailActivities } from '../activities/mail/send-mail';
import type { ArchiveRef } from '../activities/archive/types';
import { activityOptions } from './lib/activity-options';
import type { Period } from '../domain/calendar';

type PdfActivities = ReturnType<typeof createPdfActivities>;
type MailActivities = ReturnType<typeof createMailActivities>;

const { renderDocument } = proxyActivities<PdfActivities>(activityOptions('render'));

export interface PlatformCheckInput {
  period: Period;
  recipients: { name: string; email: string }[];
  locale?: 'zh-CN' | 'en';
  /** How long one mail attempt may take before Temporal retries it elsewhere (tests shorten it). */
  mailAttemptTimeout?: Duration;
}

export interface PlatformCheckResult {
  document: ArchiveRef;
  mails: { recipient: string; status: 'sent' | 'already-sent'; messageId: string }[];
}

/** Business id for a platform check of one period, e.g. `platform-check-2026-11`. */
export const platformCheckWorkflowId = (period: Period): string => `platform-check-${period}`;

/**
 * The building block every monthly workflow uses: render a Chinese PDF (archived with its SHA-256 by the
 * render activity), then mail it to each recipient with the PDF attached by document id.
 * History carries only the ArchiveRef and mail statuses. Each mail is keyed by workflow id + step + recipient,
 * so retries and replays never deliver twice.
 */
export async function platformCheckWorkflow(input: PlatformCheckInput): Promise<PlatformCheckResult> {
  const info = workflowInfo();
  const locale = input.locale ?? 'zh-CN';
  const { sendMail } = proxyActivities<MailActivities>(
    activityOptions('mail', input.mailAttemptTimeout ? { startToCloseTimeout: input.mailAttemptTimeout } : {}),
  );
  const generatedAt = new Date(info.startTime).toISOString();
  const title = locale === 'en' ? `Platform check ${input.period}` : `平台自检报告 ${input.period}`;
  const document = await renderDocument({
    template: 'platform-check',
    locale,
    generatedAt,
    data: {
      subtitle: `${input.period} · ${info.workflowId}`,
      figures: [
        { label: locale === 'en' ? 'Period' : '期间', value: input.period },
        { label: locale === 'en' ? 'Recipients' : '收件人数', value: input.recipients.length },
      ],
      checks: [
        { name: locale === 'en' ? 'PDF with Chinese text' : '中文PDF生成', status: 'ok' },
        { name: locale === 'en' ? 'Archive with SHA-256' : '归档并记录SHA-256', status: 'ok' },
        { name: locale === 'en' ? 'Mail delivery' : '邮件发送', status: 'ok' },
      ],
      pareto: {
        title: locale === 'en' ? 'Sample Pareto' : '示例帕累托图',
        items: [
          { label: locale === 'en' ? 'Leak' : '漏油', value: 12 },
          { label: locale === 'en' ? 'Noise' : '异响', value: 7 },
          { label: locale === 'en' ? 'Crack' : '开裂', value: 3 },
        ],
      },
    },
    meta: {
      workflowId: info.workflowId,
      runId: info.runId,
      period: input.period,
      kind: 'platform-check',
      fileName: `platform-check-${input.period}.pdf`,
      title,
      recipients: input.recipients.map((r) => r.email),
    },
  });
  const mails: PlatformCheckResult['mails'] = [];
  for (const r of input.recipients) {
    const res = await sendMail({
      key: { workflowId: info.workflowId, step: 'deliver-report', recipient: r.email },
      to: { name: r.name, address: r.email },
      subject: locale === 'en' ? `[Aftersales] ${title}` : `【售后服务部】${title}`,
      text:
        locale === 'en'
          ? `Dear ${r.name},\n\nattached is the ${title} (document ${document.docId}, SHA-256 ${document.sha256}).\n`
          : `${r.name}，您好：\n\n附件为${title}（文档编号 ${document.docId}，SHA-256 ${document.sha256}）。\n\n售后服务部`,
      attachments: [{ docId: document.docId }],
    });
    mails.push({ recipient: r.email, status: res.status, messageId: res.messageId });
  }
  return { document, mails };
}
