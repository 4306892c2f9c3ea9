/**
 * Field definitions for logical schemas: the header texts a column may carry (Chinese, English, aliases), whether
 * a value is required, and how a cell becomes a typed value. Builders keep the value type in the definition so a
 * schema's record type is inferred, never restated.
 */
import type { Fen } from '../money';
import type { ReasonCode } from './messages';
import { normalizeKey } from './normalize-text';
import {
  parseBoolean,
  parseCode,
  parseDate,
  parseDecimal,
  parseEmails,
  parseInteger,
  parseList,
  parseMoney,
  parseMonth,
  parsePercentBp,
  parseText,
  type NonBlank,
  type Parsed,
} from './parse-values';
import type { Period } from '../calendar';

export type FieldKind =
  'text' | 'code' | 'email' | 'list' | 'int' | 'decimal' | 'money' | 'date' | 'month' | 'enum' | 'boolean' | 'percent';

export interface FieldHeaders {
  zh: string;
  en: string;
  aliases?: readonly string[];
}

export interface FieldDef<T, R extends boolean = boolean> {
  readonly kind: FieldKind;
  readonly zh: string;
  readonly en: string;
  readonly aliases: readonly string[];
  readonly required: R;
  /** Canonical values of an enum field, for messages and the problems report. */
  readonly allowed?: readonly string[];
  /** An enum field's words per canonical value (a source may add its own). */
  readonly synonyms?: Readonly<Record<string, readonly string[]>>;
  /** A number field's sign rule, so a source whose amounts carry a direction can lift it. */
  readonly sign?: 'nonNegative' | 'positive';
  readonly parse: (value: NonBlank) => Parsed<T>;
}

/** Any field definition, whatever its value type. */
export type AnyFieldDef = FieldDef<unknown, boolean>;

type Check<T> = (value: T) => ReasonCode | null;

function def<T>(
  kind: FieldKind,
  h: FieldHeaders,
  parse: (v: NonBlank) => Parsed<T>,
  check?: Check<T>,
): FieldDef<T, true> {
  const guarded = check
    ? (v: NonBlank): Parsed<T> => {
        const r = parse(v);
        if (!r.ok) return r;
        const reason = check(r.value);
        return reason ? { ok: false, reason } : r;
      }
    : parse;
  return { kind, zh: h.zh, en: h.en, aliases: h.aliases ?? [], required: true, parse: guarded };
}

interface NumberOpts {
  /** Unit words tolerated after the number ("30天", "5 pcs"). */
  units?: readonly string[];
  /** 'nonNegative' rejects < 0, 'positive' rejects ≤ 0. */
  sign?: 'nonNegative' | 'positive';
}

function signCheck(sign: NumberOpts['sign']): Check<number> | undefined {
  if (sign === 'nonNegative') return (n) => (n < 0 ? 'negative' : null);
  if (sign === 'positive') return (n) => (n <= 0 ? 'notPositive' : null);
  return undefined;
}

/** Enum values: canonical value → the words people write for it (Chinese and English). */
export type EnumSynonyms<V extends string> = Record<V, readonly string[]>;

/** Parser of an enum: any of the words (or the canonical value) after normalisation; other text is refused. */
export function enumParser<V extends string>(values: EnumSynonyms<V>): (v: NonBlank) => Parsed<V> {
  const lookup = new Map<string, V>();
  for (const canonical of Object.keys(values) as V[]) {
    for (const word of [canonical, ...values[canonical]]) lookup.set(normalizeKey(word), canonical);
  }
  const allowed = Object.entries<readonly string[]>(values)
    .map(([k, words]) => (words[0] ? `${words[0]}/${k}` : k))
    .join('、');
  return (v) => {
    if (v instanceof Date || typeof v === 'boolean') return { ok: false, reason: 'enum', detail: allowed };
    const hit = lookup.get(normalizeKey(String(v)));
    return hit ? { ok: true, value: hit } : { ok: false, reason: 'enum', detail: allowed };
  };
}

/** Field builders. Every field is required unless wrapped in `optional()`. */
export const field = {
  text: (h: FieldHeaders) => def<string>('text', h, parseText),
  code: (h: FieldHeaders) => def<string>('code', h, parseCode),
  email: (h: FieldHeaders) => def<string>('email', h, parseEmails),
  list: (h: FieldHeaders) => def<string[]>('list', h, parseList),
  int: (h: FieldHeaders, o: NumberOpts = {}) => ({
    ...def<number>('int', h, (v) => parseInteger(v, o.units), signCheck(o.sign)),
    ...(o.sign ? { sign: o.sign } : {}),
  }),
  decimal: (h: FieldHeaders, o: NumberOpts = {}) => ({
    ...def<number>('decimal', h, (v) => parseDecimal(v, o.units), signCheck(o.sign)),
    ...(o.sign ? { sign: o.sign } : {}),
  }),
  money: (h: FieldHeaders, o: Pick<NumberOpts, 'sign'> = {}) => ({
    ...def<Fen>('money', h, (v) => parseMoney(v), signCheck(o.sign)),
    ...(o.sign ? { sign: o.sign } : {}),
  }),
  date: (h: FieldHeaders) => def<string>('date', h, parseDate),
  month: (h: FieldHeaders) => def<Period>('month', h, parseMonth),
  percent: (h: FieldHeaders) => def<number>('percent', h, parsePercentBp),
  boolean: (h: FieldHeaders, words?: { yes?: readonly string[]; no?: readonly string[] }) =>
    def<boolean>('boolean', h, (v) => parseBoolean(v, words)),
  enum: <V extends string>(h: FieldHeaders, values: EnumSynonyms<V>): FieldDef<V, true> => ({
    ...def<V>('enum', h, enumParser(values)),
    allowed: Object.keys(values),
    synonyms: values,
  }),
};

/** Marks a field optional: a blank cell (or a missing column) gives `null` instead of a problem. */
export function optional<T>(d: FieldDef<T, true>): FieldDef<T, false> {
  return { ...d, required: false };
}
