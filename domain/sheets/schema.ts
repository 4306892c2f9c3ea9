/**
 * A logical schema: named fields with header aliases and types, plus optional row-level rules that need several
 * fields at once (e.g. "a shipment needs a due date"). Record types are inferred from the field definitions.
 */
import type { AnyFieldDef, FieldDef } from './field-types';
import { headerKeys } from './normalize-text';

export type FieldMap = Record<string, AnyFieldDef>;

/** The typed record of a schema: required fields are always set, optional ones may be null. */
export type RecordOf<F extends FieldMap> = {
  [K in keyof F]: F[K] extends FieldDef<infer T, infer R> ? (R extends true ? T : T | null) : never;
};

export interface RowRuleProblem<F extends FieldMap> {
  field: keyof F & string;
  message: { 'zh-CN': string; en: string };
}

/**
 * A ledger whose amount has a direction (what the counterparty owes goes up or down): lets a source keep signed
 * amounts or separate 借方/贷方 columns, and read an opening-balance row, while records always hold a positive
 * amount and a type.
 */
export interface LedgerDirection {
  amount: string;
  type: string;
  debit: string;
  credit: string;
  docNo: string;
  date: string;
  /** The counterparty (dealer) field, part of an opening row's own document number. */
  party: string;
  dueDate: string;
  /** Type values on the debit side (the amount owed grows); all others are on the credit side. */
  debitTypes: readonly string[];
  /** Types used when only the direction is known. */
  defaultDebit: string;
  defaultCredit: string;
}

export interface Schema<F extends FieldMap = FieldMap> {
  readonly name: string;
  readonly title: { 'zh-CN': string; en: string };
  readonly fields: F;
  /** Normalised header key → field key, built once from every field's Chinese, English and alias texts. */
  readonly headerIndex: ReadonlyMap<string, keyof F & string>;
  /** Checks on a fully parsed record; method syntax keeps schemas assignable to `Schema<FieldMap>`. */
  checkRow?(record: RecordOf<F>): RowRuleProblem<F>[];
  readonly ledger?: LedgerDirection;
}

/** Field → header text as it appears in a sheet, for headers no alias can guess. */
export type FieldMapping<F extends FieldMap = FieldMap> = Partial<Record<keyof F & string, string>>;

/**
 * Defines a schema and its header index. Throws at load time if two fields claim the same header text, so
 * an ambiguous alias is a programming error caught by any test that imports the schema.
 */
export function defineSchema<F extends FieldMap>(
  name: string,
  title: { 'zh-CN': string; en: string },
  fields: F,
  checkRow?: (record: RecordOf<F>) => RowRuleProblem<F>[],
  ledger?: LedgerDirection,
): Schema<F> {
  const index = new Map<string, keyof F & string>();
  const keys = Object.keys(fields) as (keyof F & string)[];
  if (keys.includes('rowNumber' as keyof F & string)) throw new Error(`schema ${name}: "rowNumber" is reserved`);
  // Full header texts first (a clash is a bug); then the bracket-stripped variants where still free.
  for (const pass of [0, 1] as const) {
    for (const key of keys) {
      const f = fields[key] as AnyFieldDef;
      for (const text of [f.zh, f.en, ...f.aliases]) {
        const k = headerKeys(text)[pass];
        if (k === undefined || k === '') continue;
        const owner = index.get(k);
        if (owner !== undefined && owner !== key) {
          if (pass === 1) continue;
          throw new Error(`schema ${name}: header "${text}" matches both ${owner} and ${key}`);
        }
        index.set(k, key);
      }
    }
  }
  return { name, title, fields, headerIndex: index, ...(checkRow ? { checkRow } : {}), ...(ledger ? { ledger } : {}) };
}
