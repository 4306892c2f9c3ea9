/**
 * How one sheet of a source is kept, beyond its header names: constants for fields the sheet implies (a sheet per
 * warehouse has no 仓库 column), extra words per enum value, the money convention (signed amounts, 借方/贷方
 * columns, amounts in 万元) and rows to skip or read as the opening balance. Pure data, set in config per source
 * (or proposed by `sheets inspect`) and applied by the table parser.
 */
import type { AnyFieldDef, FieldDef } from './field-types';
import { enumParser } from './field-types';
import { normalizeKey } from './normalize-text';
import { parseMoney, type NonBlank, type Parsed } from './parse-values';
import type { FieldMap, Schema } from './schema';

export interface MoneyConvention {
  /**
   * 'positive' (default): amounts are written positive and the type column gives the direction;
   * 'signed': the sign gives the direction (payments and credits negative);
   * 'debit-credit': separate 借方 (debit) and 贷方 (credit) columns.
   * With no amount column but 借方/贷方 columns in the header, 'debit-credit' is taken without being configured.
   */
  sign?: 'positive' | 'signed' | 'debit-credit';
  /** Unit of the money cells: 元 (default) or 万元 (×10 000). */
  unit?: 'yuan' | 'wan';
}

export interface RowRule {
  /** Text a cell of the row reads as (after normalisation), e.g. "期初余额"; `*` and `?` are wildcards. */
  match: string;
  /** 'skip' (counted as filtered) or 'opening' (read as the opening balance; ledgers with a direction only). */
  action: 'skip' | 'opening';
}

export interface SourceOptions {
  /** Constant raw text per field for every row of the sheet, parsed like a cell ("新件库" → new-parts). */
  set?: Record<string, string>;
  /** Extra words per canonical enum value: { type: { credit: [退货冲账] } }. */
  values?: Record<string, Record<string, string[]>>;
  money?: MoneyConvention;
  rows?: RowRule[];
}

/** Money parser for a unit: 万元 shifts the decimal point by four digits on the text, never through a float. */
export function moneyParser(unit: MoneyConvention['unit']): (v: NonBlank) => Parsed<number> {
  return unit === 'wan' ? (v) => parseMoney(v, 4) : parseMoney;
}

/** A wildcard text pattern ("期初*") as a test on normalised cell text. */
export function textMatcher(pattern: string): (text: string) => boolean {
  // Wildcards are split out before normalising, so the punctuation rules of normalizeKey never touch them.
  const body = pattern
    .split('*')
    .map((star) =>
      star
        .split('?')
        .map((lit) => normalizeKey(lit).replace(/[.+^${}()|[\]\\]/g, '\\$&'))
        .join('.'),
    )
    .join('.*');
  const re = new RegExp(`^${body}$`);
  return (text) => re.test(normalizeKey(text));
}

/**
 * The schema's fields with a source's options applied: extra enum words merged into the parser, money fields in the
 * configured unit, and the sign check dropped from the amount when the convention carries the direction.
 */
export function adaptFields<F extends FieldMap>(
  schema: Schema<F>,
  opts: SourceOptions | undefined,
): Record<string, AnyFieldDef> {
  const out: Record<string, AnyFieldDef> = {};
  const directional = schema.ledger && opts?.money?.sign && opts.money.sign !== 'positive';
  for (const [key, f] of Object.entries(schema.fields) as [string, AnyFieldDef][]) {
    let def: AnyFieldDef = f;
    const extra = opts?.values?.[key];
    if (extra && def.synonyms) {
      const merged: Record<string, string[]> = {};
      for (const [k, words] of Object.entries(def.synonyms)) merged[k] = [...words, ...(extra[k] ?? [])];
      const unknown = Object.keys(extra).filter((k) => !(k in merged));
      if (unknown.length === 0) def = { ...def, parse: enumParser(merged) as FieldDef<unknown>['parse'] };
    }
    if (def.kind === 'money') {
      const unsigned =
        directional &&
        schema.ledger &&
        (key === schema.ledger.amount || key === schema.ledger.debit || key === schema.ledger.credit);
      if (opts?.money?.unit === 'wan' || unsigned) {
        const base = moneyParser(opts?.money?.unit);
        const sign = unsigned ? undefined : def.sign;
        def = {
          ...def,
          parse: (v) => {
            const r = base(v);
            if (!r.ok) return r;
            if (sign === 'nonNegative' && r.value < 0) return { ok: false, reason: 'negative' };
            if (sign === 'positive' && r.value <= 0) return { ok: false, reason: 'notPositive' };
            return r;
          },
        };
      }
    }
    out[key] = def;
  }
  return out;
}

/** Unknown field names or enum values in a source's options, as messages for the config report. */
export function checkSourceOptions<F extends FieldMap>(schema: Schema<F>, opts: SourceOptions | undefined): string[] {
  const out: string[] = [];
  const fields = schema.fields as Record<string, AnyFieldDef>;
  for (const k of Object.keys(opts?.set ?? {})) if (!(k in fields)) out.push(`set: ${schema.name} has no field "${k}"`);
  for (const [k, values] of Object.entries(opts?.values ?? {})) {
    const f = fields[k];
    if (!f) out.push(`values: ${schema.name} has no field "${k}"`);
    else if (!f.synonyms) out.push(`values: ${schema.name}.${k} is not a field with a fixed list of values`);
    else
      for (const v of Object.keys(values))
        if (!(v in f.synonyms))
          out.push(`values: "${v}" is not a value of ${schema.name}.${k} (${Object.keys(f.synonyms).join(', ')})`);
  }
  if (opts?.money?.sign && opts.money.sign !== 'positive' && !schema.ledger)
    out.push(`money.sign: ${schema.name} has no amount with a direction`);
  if (opts?.rows?.some((r) => r.action === 'opening') && !schema.ledger)
    out.push(`rows: "opening" needs a ledger with a direction (${schema.name} has none)`);
  return out;
}
