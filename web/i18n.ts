/** Page texts for the action-link pages, zh-CN by default, English on ?lang=en or an English link. */
export type Lang = 'zh-CN' | 'en';

const zh = {
  appName: '售后服务部',
  decideAs: '处理人',
  deadline: '截止时间',
  documents: '相关文件',
  preview: '预览',
  download: '下载',
  comment: '意见 / 备注',
  commentRequiredHint: '驳回或提出异议时必须填写意见',
  required: '必填',
  yes: '是',
  pleaseChoose: '请选择',
  actions: {
    approve: '批准',
    reject: '驳回',
    confirm: '确认无误',
    dispute: '提出异议',
    submit: '提交',
    acknowledge: '确认',
  } as Record<string, string>,
  scannerNote: '打开本页不会做出任何决定；只有点击下方按钮才会提交。',
  notYouNote: '此链接仅限本人使用，请勿转发。',
  recordedTitle: '已记录',
  recordedBody: (action: string, by: string, at: string) => `您的处理结果「${action}」已于 ${at} 以 ${by} 的身份记录。`,
  decidedTitle: '此事项已处理',
  decidedBody: (by: string, at: string) => `已由 ${by} 于 ${at} 处理。`,
  decidedAction: '处理结果',
  expiredTitle: '链接已过期',
  expiredBody: '此链接已过有效期。如仍需处理，请联系发件人重新发送。',
  invalidTitle: '链接无效',
  invalidBody: '此链接无效或已被修改。请使用邮件中的原始链接。',
  notFoundTitle: '未找到该事项',
  notFoundBody: '该流程或步骤不存在，可能已结束。',
  closedTitle: '此事项已结束',
  closedBody: '发出此链接的流程已经结束，不再受理答复。如仍需处理（例如对账单有异议），请直接联系发件人。',
  wrongRecipientTitle: '无权处理',
  wrongRecipientBody: '此链接不属于当前可处理此事项的人员。',
  csrfTitle: '请求已拒绝',
  csrfBody: '表单已失效（安全校验失败）。请重新打开邮件中的链接后再提交。',
  invalidInputTitle: '提交内容有误',
  badRequestTitle: '请求无效',
  badRequestBody: '请求的格式无效，无法处理。请从邮件中的链接重新打开页面。',
  tooLargeTitle: '提交内容过大',
  tooLargeBody: '提交的内容超过了允许的大小，请缩短后重试。',
  unavailableTitle: '服务暂时不可用',
  unavailableBody: '系统暂时无法处理请求，请稍后重试。',
  docNotAllowed: '该文件不属于此事项。',
  back: '返回',
  system: '系统（超时默认）',
};

export type Messages = typeof zh;

const en: Messages = {
  appName: 'After-sales Service',
  decideAs: 'Deciding as',
  deadline: 'Deadline',
  documents: 'Documents',
  preview: 'Preview',
  download: 'Download',
  comment: 'Comment',
  commentRequiredHint: 'A comment is required to reject or dispute',
  required: 'required',
  yes: 'Yes',
  pleaseChoose: 'Please choose',
  actions: {
    approve: 'Approve',
    reject: 'Reject',
    confirm: 'Confirm',
    dispute: 'Dispute',
    submit: 'Submit',
    acknowledge: 'Confirm',
  },
  scannerNote: 'Opening this page decides nothing; only the buttons below submit.',
  notYouNote: 'This link is personal; please do not forward it.',
  recordedTitle: 'Recorded',
  recordedBody: (action, by, at) => `Your decision "${action}" was recorded for ${by} at ${at}.`,
  decidedTitle: 'Already decided',
  decidedBody: (by, at) => `Already decided by ${by} at ${at}.`,
  decidedAction: 'Decision',
  expiredTitle: 'Link expired',
  expiredBody: 'This link has expired. Ask the sender for a new one if this still needs your decision.',
  invalidTitle: 'Invalid link',
  invalidBody: 'This link is invalid or was altered. Please use the original link from the email.',
  notFoundTitle: 'Not found',
  notFoundBody: 'This workflow or step does not exist; it may have finished.',
  closedTitle: 'This matter is closed',
  closedBody:
    'The process that sent this link has ended and takes no answers any more. If this still needs attention (for instance a disputed statement), contact the sender directly.',
  wrongRecipientTitle: 'Not allowed',
  wrongRecipientBody: 'This link does not belong to a person who may decide this step.',
  csrfTitle: 'Request refused',
  csrfBody: 'The form is no longer valid (security check failed). Open the link from the email again and resubmit.',
  invalidInputTitle: 'Please check your input',
  badRequestTitle: 'Bad request',
  badRequestBody: 'The request is malformed and cannot be processed. Open the page again from the link in the email.',
  tooLargeTitle: 'Request too large',
  tooLargeBody: 'The request is larger than allowed; please shorten it and try again.',
  unavailableTitle: 'Service unavailable',
  unavailableBody: 'The system cannot process the request right now. Please try again later.',
  docNotAllowed: 'This document does not belong to this step.',
  back: 'Back',
  system: 'system (deadline default)',
};

export function messages(lang: Lang): Messages {
  return lang === 'en' ? en : zh;
}

const asLang = (v: string | undefined): Lang | undefined =>
  v?.toLowerCase().startsWith('en') ? 'en' : v?.toLowerCase().startsWith('zh') ? 'zh-CN' : undefined;

/** The first language of an Accept-Language header (by quality) that the pages speak. */
export function acceptedLang(header: string | undefined): Lang | undefined {
  if (!header || header.length > 1000) return undefined;
  const ranked = header
    .split(',')
    .map((part, index) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
      return { lang: asLang(tag), q: q === undefined ? 1 : Number(q), index };
    })
    .filter((r) => r.lang && r.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked[0]?.lang;
}

/**
 * The language of a page: ?lang= wins, then the step's own locale (carried by its link), then the browser's
 * Accept-Language, then the configured default, then zh-CN.
 */
export function pickLang(
  query: string | undefined,
  stepLocale: string | undefined,
  acceptLanguage?: string,
  fallback?: string,
): Lang {
  return asLang(query) ?? asLang(stepLocale) ?? acceptedLang(acceptLanguage) ?? asLang(fallback) ?? 'zh-CN';
}

/** `pickLang` for a request; never throws on a malformed query string. */
export function requestLang(
  c: { req: { url: string; header(name: string): string | undefined } },
  stepLocale?: string,
  fallback?: string,
): Lang {
  let query: string | undefined;
  try {
    query = new URL(c.req.url).searchParams.get('lang') ?? undefined;
  } catch {
    query = undefined;
  }
  return pickLang(query, stepLocale, c.req.header('accept-language'), fallback);
}

/** Formats an ISO instant for people: Asia/Shanghai wall time, e.g. 2026-11-30 17:05 (UTC+8). */
export function formatInstant(iso: string, timeZone = 'Asia/Shanghai'): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const parts = new Intl.DateTimeFormat('en-CA', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(d);
  const get = (t: string): string => parts.find((p) => p.type === t)?.value ?? '';
  const offset = timeZone === 'Asia/Shanghai' ? ' (UTC+8)' : ` (${timeZone})`;
  return `${get('year')}-${get('month')}-${get('day')} ${get('hour')}:${get('minute')}${offset}`;
}

export function actionLabel(m: Messages, action: string, overrides: Record<string, string> = {}): string {
  return overrides[action] ?? m.actions[action] ?? action;
}
