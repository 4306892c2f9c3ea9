import {
  type MailBlock,
  type MailLocale,
  type MailTemplate,
  type RenderedMail,
  type SummaryLine,
  composeMail,
  formatTime,
  requireText,
  safeUrl,
} from './compose-mail';

export interface ActionRequestVars {
  recipientName?: string;
  /** What is asked, e.g. "2026-11 新件库盘点差异审批" or "对账单确认". */
  title: string;
  /** Optional context paragraph, e.g. who asked and why. */
  intro?: string;
  summaryLines?: SummaryLine[];
  /** The signed link; opening it only shows the request, the button on that page decides. */
  actionUrl: string;
  /** Button text; defaults to "查看并处理" / "Review and respond". */
  actionLabel?: string;
  /** ISO date-time when the link expires. */
  expiresAt: string;
  /** IANA zone for displayed times (default Asia/Shanghai). */
  timeZone?: string;
  requestedBy?: string;
  senderName?: string;
}

/** Extra fields of the escalation variant. */
export interface EscalationVars extends ActionRequestVars {
  /** Who was asked first and has not answered. */
  originalRecipient?: string;
  /** ISO date-time of the first request. */
  waitingSince?: string;
}

export interface ReminderVars extends ActionRequestVars {
  /** 1 for the first reminder, 2 for the second… */
  reminderNumber?: number;
}

type Variant = 'request' | 'reminder' | 'escalation';

const text = {
  'zh-CN': {
    prefix: { request: '【待处理】', reminder: '【提醒】', escalation: '【升级】' },
    greeting: (n?: string) => `${n ?? '您好'}：`,
    ask: (t: string) => `请您处理：${t}。`,
    reminder: (t: string, n?: number) => `${n && n > 1 ? `第 ${n} 次提醒：` : '提醒：'}“${t}”尚未处理，请尽快处理。`,
    escalation: (t: string, who?: string, since?: string) =>
      `“${t}”${who ? `已发给 ${who}` : ''}${since ? `（自 ${since} 起）` : ''}，至今未获处理，现升级至您处理。`,
    requestedBy: (n: string) => `发起人：${n}`,
    label: '查看并处理',
    expires: (t: string) =>
      `此链接将于 ${t} 失效，且只能使用一次。打开链接只会显示内容，点击页面上的按钮才会提交决定。`,
    unexpected: '如果您并未预期收到此邮件，请不要点击链接，并与发件人联系。',
    auto: (s?: string) => `此邮件由系统自动发送${s ? `，发件部门：${s}` : ''}。`,
  },
  en: {
    prefix: { request: 'Action required: ', reminder: 'Reminder: ', escalation: 'Escalation: ' },
    greeting: (n?: string) => `Dear ${n ?? 'colleague'},`,
    ask: (t: string) => `Please review and respond: ${t}.`,
    reminder: (t: string, n?: number) =>
      `${n && n > 1 ? `Reminder ${n}: ` : ''}"${t}" is still waiting for your response. Please respond soon.`,
    escalation: (t: string, who?: string, since?: string) =>
      `"${t}"${who ? ` was sent to ${who}` : ''}${since ? ` on ${since}` : ''} and has not been answered; it is now escalated to you.`,
    requestedBy: (n: string) => `Requested by: ${n}`,
    label: 'Review and respond',
    expires: (t: string) =>
      `This link expires on ${t} and works once. Opening it only shows the request; the button on the page decides.`,
    unexpected: 'If you did not expect this email, do not click the link and contact the sender.',
    auto: (s?: string) => `This email was sent automatically${s ? ` on behalf of ${s}` : ''}.`,
  },
} as const;

/** Shared body of the request, its reminders and its escalation. */
export function renderActionRequest(
  variant: Variant,
  v: ActionRequestVars & Partial<EscalationVars & ReminderVars>,
  locale: MailLocale,
): RenderedMail {
  const t = text[locale];
  const title = requireText(v.title, 'title');
  const url = safeUrl(requireText(v.actionUrl, 'actionUrl'), 'actionUrl');
  const zone = v.timeZone ?? 'Asia/Shanghai';
  const expires = formatTime(requireText(v.expiresAt, 'expiresAt'), zone, 'expiresAt');
  const lead =
    variant === 'reminder'
      ? t.reminder(title, v.reminderNumber)
      : variant === 'escalation'
        ? t.escalation(title, v.originalRecipient, v.waitingSince && formatTime(v.waitingSince, zone, 'waitingSince'))
        : t.ask(title);
  const blocks: MailBlock[] = [
    { kind: 'paragraph', text: t.greeting(v.recipientName) },
    { kind: 'paragraph', text: lead },
  ];
  if (v.intro) blocks.push({ kind: 'paragraph', text: v.intro });
  blocks.push({
    kind: 'summary',
    lines: [...(v.summaryLines ?? []), ...(v.requestedBy ? [t.requestedBy(v.requestedBy)] : [])],
  });
  blocks.push({ kind: 'button', label: v.actionLabel ?? t.label, url });
  blocks.push({ kind: 'note', text: t.expires(expires) });
  blocks.push({ kind: 'note', text: `${t.unexpected}${locale === 'en' ? ' ' : ''}${t.auto(v.senderName)}` });
  return composeMail(locale, `${t.prefix[variant]}${title}`, blocks);
}

/** Asks one person to approve, reject, confirm or answer something through a signed link. */
export const actionRequest: MailTemplate<ActionRequestVars> = {
  render: (vars, locale) => renderActionRequest('request', vars, locale),
};
