import type { Verdict } from './types';

const LABELS: Record<Verdict, { 'zh-CN': string; en: string }> = {
  'warranty-accepted': { 'zh-CN': '三包同意', en: 'Warranty accepted' },
  'rejected-not-warranty': { 'zh-CN': '拒绝（非三包）', en: 'Rejected (not warranty)' },
  'supplier-responsible': { 'zh-CN': '供应商责任', en: 'Supplier responsible' },
  'no-fault-found': { 'zh-CN': '无故障', en: 'No fault found' },
};

export function verdictLabel(v: Verdict, locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  return LABELS[v][locale];
}

/** Verdicts under which the dealer is credited and the part kept in the old-parts warehouse. */
export function isAccepting(v: Verdict): boolean {
  return v === 'warranty-accepted' || v === 'supplier-responsible';
}

/** The returns schema's verdict enum (domain/sheets/schemas.ts) mapped to ours. */
export function verdictFromSheet(value: string | null | undefined): Verdict | undefined {
  switch (value) {
    case 'accepted':
      return 'warranty-accepted';
    case 'rejected':
      return 'rejected-not-warranty';
    case 'supplier-responsible':
      return 'supplier-responsible';
    case 'no-fault-found':
      return 'no-fault-found';
    default:
      return undefined;
  }
}

/** Options of the technician's verdict form, in the step's locale. */
export function verdictOptions(locale: 'zh-CN' | 'en' = 'zh-CN'): { value: Verdict; label: string }[] {
  return (Object.keys(LABELS) as Verdict[]).map((value) => ({ value, label: LABELS[value][locale] }));
}

export function isVerdict(value: unknown): value is Verdict {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(LABELS, value);
}

/**
 * 处理方式: what happens to the part and the dealer's account under the final verdict, as the goods-received note and
 * the supplier claim print it. `kept` is the quantity taken into the old-parts warehouse.
 */
export function dispositionOf(v: Verdict, kept: number, locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  const zh = locale !== 'en';
  if (v === 'supplier-responsible' && kept > 0)
    return zh ? `入索赔区 ${kept} 件，向供应商索赔` : `${kept} to the claims area, claimed from the supplier`;
  if (v === 'warranty-accepted' && kept > 0)
    return zh ? `入报废区 ${kept} 件，三包抵扣` : `${kept} to the scrap area, credited under warranty`;
  if (v === 'rejected-not-warranty') return zh ? '不属三包：不入库，不予抵扣' : 'Not warranty: not taken in, no credit';
  if (v === 'no-fault-found') return zh ? '未发现故障：不入库，不予抵扣' : 'No fault found: not taken in, no credit';
  return zh ? '认可数量为 0：不入库，不予抵扣' : 'Nothing accepted: not taken in, no credit';
}
