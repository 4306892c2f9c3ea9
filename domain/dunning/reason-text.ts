/**
 * The codes dunning decisions carry (approval reasons, credit-hold reasons), in the words of the person who reads
 * them: the manager's approval mail and page say "最后一级催款函（最后通知）", not `final-level`.
 */
import type { ApprovalReason } from './decide-dunning';
import type { CreditHoldDecision } from './decide-credit-hold';

type Locale = 'zh-CN' | 'en';

const APPROVAL: Record<ApprovalReason, [string, string]> = {
  'final-level': ['最后一级催款函（最后通知）', 'final level of dunning (final notice)'],
  'level-requires-approval': ['该级催款函按规定须经理批准', 'this level needs the manager’s approval by procedure'],
  'credit-hold': ['同时设置信用冻结（暂停赊销发货）', 'also sets a credit hold (no deliveries on credit)'],
};

const HOLD: Record<NonNullable<CreditHoldDecision['reason']>, [string, string]> = {
  'dunning-level': ['催款达到冻结级别', 'dunning reached the hold level'],
  'over-credit-limit': ['欠款超过信用额度', 'balance over the credit limit'],
  paid: ['欠款已付清', 'the account is paid up'],
  'below-threshold': ['逾期金额已降至解冻标准以下', 'overdue amount below the lifting threshold'],
  'manual-hold': ['财务手工设置的冻结', 'a hold staff set by hand'],
};

export function approvalReasonText(reason: string, locale: Locale): string {
  const t = APPROVAL[reason as ApprovalReason];
  return t ? t[locale === 'en' ? 1 : 0] : reason;
}

export function holdReasonText(reason: string | undefined, locale: Locale): string {
  if (!reason) return locale === 'en' ? '(none given)' : '（未注明）';
  const t = HOLD[reason as keyof typeof HOLD];
  return t ? t[locale === 'en' ? 1 : 0] : reason;
}
