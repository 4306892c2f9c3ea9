/** Texts the return workflows show people (step summaries), in the step's locale. */
import type { ReturnContext } from '../activities/returns/types';

export const tr = (locale: string, zh: string, en: string): string => (locale === 'en' ? en : zh);

export function describeReturn(ctx: ReturnContext, locale: string): string[] {
  const l = ctx.line;
  return [
    `${tr(locale, '经销商', 'Dealer')}：${ctx.dealer.name}（${ctx.dealer.id}）`,
    `${tr(locale, '配件', 'Part')}：${ctx.part.partNo} ${ctx.part.name}${ctx.part.supplier ? `（${tr(locale, '供应商', 'supplier')}：${ctx.part.supplier}）` : ''}`,
    `${tr(locale, '登记数量', 'Registered qty')}：${l.qty}；${tr(locale, '登记日期', 'registered')}：${l.date}${l.claimNo ? `；${tr(locale, '索赔单号', 'claim')}：${l.claimNo}` : ''}`,
    ...(l.reason ? [`${tr(locale, '退回原因', 'Reason')}：${l.reason}`] : []),
  ];
}

export function namesOf(...people: { name: string; email: string }[]): Record<string, string> {
  return Object.fromEntries(people.map((p) => [p.email.toLowerCase(), p.name]));
}
