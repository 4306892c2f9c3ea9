/**
 * The direction of a ledger amount, whichever way the sheet keeps it: positive amounts with a type (the default),
 * signed amounts (the sign gives the direction), or separate 借方/贷方 columns. Records always come out with a
 * positive amount and a type; a row whose type contradicts the direction of its amount is refused, not guessed.
 */
import type { Locale } from './messages';
import type { LedgerDirection } from './schema';

export type DirectionMode = 'positive' | 'signed' | 'debit-credit';

/** The mode for a header: as configured, else 借方/贷方 columns without an amount column mean 'debit-credit'. */
export function directionMode(
  ledger: LedgerDirection | undefined,
  configured: DirectionMode | undefined,
  hasColumn: (field: string) => boolean,
): DirectionMode {
  if (!ledger) return 'positive';
  if (configured) return configured;
  if (!hasColumn(ledger.amount) && (hasColumn(ledger.debit) || hasColumn(ledger.credit))) return 'debit-credit';
  return 'positive';
}

export interface DirectionProblem {
  field: string;
  code: string;
  reason: string;
}

const TEXT = {
  zero: { 'zh-CN': '金额为 0（借贷方向不明）', en: 'the amount is 0 (no direction)' },
  none: { 'zh-CN': '借方和贷方都为空', en: 'both debit and credit are empty' },
  both: { 'zh-CN': '借方和贷方不能同时有金额', en: 'debit and credit cannot both carry an amount' },
  mismatch: {
    'zh-CN': '金额方向与类型不符（发货/费用记借方或正数，回款/退货记贷方或负数）',
    en: 'the direction of the amount contradicts the type (shipments/fees are debits, payments/credits are credits)',
  },
} as const;

function dayBefore(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Sets `rec[amount]` to a positive amount and `rec[type]` from the direction when the sheet gives none; an opening
 * row (期初余额) becomes a debit or credit dated the day before its date (so it counts as opening balance), with a
 * document number of its own and, for a debit, due at once. Returns the row's problems (empty when it is fine).
 */
export function applyDirection(
  l: LedgerDirection,
  mode: DirectionMode,
  rec: Record<string, unknown>,
  opening: boolean,
  locale: Locale,
): DirectionProblem[] {
  let signed: number;
  let field = l.amount;
  if (mode === 'debit-credit') {
    const d = (rec[l.debit] as number | null) ?? 0;
    const c = (rec[l.credit] as number | null) ?? 0;
    if (d !== 0 && c !== 0) return [{ field: l.credit, code: 'both-sides', reason: TEXT.both[locale] }];
    if (d === 0 && c === 0) return [{ field: l.debit, code: 'required', reason: TEXT.none[locale] }];
    signed = d !== 0 ? d : -c;
    field = d !== 0 ? l.debit : l.credit;
  } else signed = rec[l.amount] as number;
  if (signed === 0) return [{ field, code: 'not-positive', reason: TEXT.zero[locale] }];
  const debit = signed > 0;
  const type = rec[l.type] as string | null;
  if (opening) {
    rec[l.type] = debit ? l.defaultDebit : l.defaultCredit;
    const date = rec[l.date] as string;
    rec[l.date] = dayBefore(date);
    if (!rec[l.docNo]) rec[l.docNo] = `期初-${String(rec[l.party] ?? '')}-${date}`;
    if (debit && !rec[l.dueDate]) rec[l.dueDate] = rec[l.date];
  } else if (type === null || type === undefined) {
    rec[l.type] = debit ? l.defaultDebit : l.defaultCredit;
  } else if (mode !== 'positive' && l.debitTypes.includes(type) !== debit) {
    return [{ field, code: 'sign-mismatch', reason: TEXT.mismatch[locale] }];
  }
  rec[l.amount] = Math.abs(signed);
  return [];
}
