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
