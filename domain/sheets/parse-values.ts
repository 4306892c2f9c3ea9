/**
 * Cell value parsers for the messy ways people type numbers, money, dates and flags into spreadsheets.
 * Each takes a non-blank cell value and returns the typed value or a reason code; none of them throws.
 */
import { parseYuanToFen, type Fen } from '../money';
import type { CellValue } from './cell-value';
import type { ReasonCode } from './messages';
import { normalizeKey, toHalfWidth } from './normalize-text';
import { periodFrom, periodOf, type Period } from '../calendar';

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: ReasonCode; detail?: string };
export type NonBlank = Exclude<CellValue, null>;

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(reason: ReasonCode, detail?: string): Parsed<T> => ({ ok: false, reason, detail });

const FORMULA_ERROR = /^#(DIV\/0!|N\/A|REF!|VALUE!|NAME\?|NUM!|NULL!|SPILL!|CALC!|GETTING_DATA)$/;

/** Excel error values such as "#DIV/0!" arrive as text; they are reported as formula errors, not bad input. */
export function isFormulaError(value: NonBlank): boolean {
  // Every error text has a '#': most cells are rejected without trimming or a regular expression.
  return typeof value === 'string' && value.includes('#') && FORMULA_ERROR.test(value.trim());
}

/**
 * Cleans numeric text into a plain decimal string ("-1234.5"), or null. Accepts full-width digits, thousands
 * separators (only well-formed groups), currency marks (¥ ￥ RMB CNY 元), accounting negatives "(12.00)",
 * a leading apostrophe, a trailing unit word from `units`, and exponent notation.
 */
export function cleanNumberText(text: string, units: readonly string[] = []): string | null {
  let t = toHalfWidth(text)
    .trim()
    .replace(/^'/, '')
    .replace(/\s+/g, '')
    .replace(/\u2212/g, '-');
  for (const unit of units) {
    if (t.toLowerCase().endsWith(unit.toLowerCase())) {
      t = t.slice(0, t.length - unit.length);
      break;
    }
  }
  let negative = false;
  if (/^\(.+\)$/.test(t)) {
    negative = true;
    t = t.slice(1, -1);
  }
  t = t.replace(/[¥$]|rmb|cny|元/gi, '');
  if (t.includes(',')) {
    if (!/^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/.test(t)) return null;
    t = t.replace(/,/g, '');
  }
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(t)) return null;
  if (t.startsWith('+')) t = t.slice(1);
  if (negative) {
    if (t.startsWith('-')) return null;
    t = `-${t}`;
  }
  return t;
}

function toNumber(value: NonBlank, units?: readonly string[]): Parsed<number> {
  if (typeof value === 'number') return Number.isFinite(value) ? ok(value) : fail('number');
  if (typeof value !== 'string') return fail('number');
  if (isFormulaError(value)) return fail('formulaError', value.trim());
  const clean = cleanNumberText(value, units);
  if (clean === null) return fail('number');
  const n = Number(clean);
  return Number.isFinite(n) ? ok(n) : fail('number');
}

/** A quantity with decimals; float noise from formulas (0.1+0.2) is rounded away at 6 decimals. */
export function parseDecimal(value: NonBlank, units?: readonly string[]): Parsed<number> {
  const r = toNumber(value, units);
  if (!r.ok) return r;
  return ok(Math.round(r.value * 1e6) / 1e6 + 0);
}

export function parseInteger(value: NonBlank, units?: readonly string[]): Parsed<number> {
  const r = toNumber(value, units);
  if (!r.ok) return r.reason === 'number' ? fail('integer') : r;
  const rounded = Math.round(r.value);
  if (Math.abs(r.value - rounded) > 1e-9 || !Number.isSafeInteger(rounded)) return fail('integer');
  return ok(rounded + 0);
}

/** Shortest decimal text of a double ("1234.505"), so money is rounded on decimal digits, not binary ones. */
function plainDecimal(n: number): string | null {
  if (Math.abs(n) < 1e-9) return '0';
  const s = String(n);
  return /e/i.test(s) ? null : s;
}

/**
 * Money to integer fen; more than two decimals round half away from zero on the decimal digits. `shift` moves the
 * decimal point right first, on the text (4 for amounts written in 万元), so no binary rounding creeps in.
 */
export function parseMoney(value: NonBlank, shift = 0): Parsed<Fen> {
  if (typeof value === 'number' && shift === 0) {
    // Hot path: when value × 100 is a whole double, the value is within a few units in the last place of that many
    // fen, so its shortest decimal text has at most two decimals or a run of 0s/9s that rounds to the same fen.
    const fen = value * 100;
    if (Number.isInteger(fen) && Math.abs(value) < 1e13) return ok(fen + 0);
  }
  let clean: string | null;
  if (typeof value === 'number') clean = Number.isFinite(value) ? plainDecimal(value) : null;
  else if (typeof value === 'string') {
    if (isFormulaError(value)) return fail('formulaError', value.trim());
    clean = cleanNumberText(value);
    if (clean && /e/i.test(clean)) clean = plainDecimal(Number(clean));
  } else clean = null;
  const m = clean === null ? null : /^(-?)(\d+)(?:\.(\d*))?$/.exec(clean);
  if (!m) return fail('money');
  const [, sign, w = '0', f = ''] = m;
  const whole = shift ? `${w}${f.slice(0, shift).padEnd(shift, '0')}` : w;
  const frac = shift ? f.slice(shift) : f;
  const base = parseYuanToFen(`${whole}.${frac.slice(0, 2)}`);
  if (base === null) return fail('money');
  const fen = base + (frac.length > 2 && frac.charAt(2) >= '5' ? 1 : 0);
  if (!Number.isSafeInteger(fen)) return fail('money');
  return ok(sign === '-' && fen !== 0 ? -fen : fen);
}

/** Percent as basis points: "12.5%" → 1250; a plain number is a fraction as Excel stores it (0.125 → 1250). */
export function parsePercentBp(value: NonBlank): Parsed<number> {
  if (typeof value === 'string' && /[%％]\s*$/.test(value)) {
    const r = toNumber(value.replace(/[%％]\s*$/, ''));
    return r.ok ? ok(Math.round(r.value * 100)) : fail('percent');
  }
  const r = toNumber(value);
  return r.ok ? ok(Math.round(r.value * 10000)) : fail('percent');
}

/** ISO date of a year in 1900–2999 (four digits) and a month and day (1–31), without padStart calls. */
const isoOf = (y: number, m: number, d: number): string => `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}`;
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const MIN_SERIAL = 18264; // 1950-01-01: smaller numbers in a date column are quantities, not dates
const MAX_SERIAL = 73050; // 2099-12-31

function isoDate(y: number, m: number, d: number): string | null {
  if (y < 1900 || y > 2999 || m < 1 || m > 12 || d < 1) return null;
  const dt = new Date(Date.UTC(y, m - 1, d));
  if (dt.getUTCMonth() !== m - 1) return null;
  return isoOf(y, m, d);
}

function dateFromNumber(n: number): string | null {
  if (Number.isInteger(n) && n >= 19000101 && n <= 29991231) {
    return isoDate(Math.floor(n / 10000), Math.floor(n / 100) % 100, n % 100);
  }
  if (n < MIN_SERIAL || n > MAX_SERIAL) return null;
  const dt = new Date(EXCEL_EPOCH_MS + Math.floor(n) * 86_400_000);
  return isoDate(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
}

const YMD =
  /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?:[\sT]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;

/**
 * A calendar date as ISO "yyyy-MM-dd": Date cells (UTC fields), Excel serials (also as text), yyyymmdd numbers,
 * "2026-11-03", "2026/11/3", "2026.11.3", "2026年11月3日" (with or without a time). Day-first or month-first
 * forms like "3/11/2026" are ambiguous and rejected rather than guessed.
 */
export function parseDate(value: NonBlank): Parsed<string> {
  let iso: string | null = null;
  if (value instanceof Date) {
    // A valid Date's fields are a real calendar day: only the year range needs checking.
    const y = value.getUTCFullYear();
    iso = Number.isNaN(y) || y < 1900 || y > 2999 ? null : isoOf(y, value.getUTCMonth() + 1, value.getUTCDate());
  } else if (typeof value === 'number') {
    iso = dateFromNumber(value);
  } else if (typeof value === 'string') {
    if (isFormulaError(value)) return fail('formulaError', value.trim());
    const t = toHalfWidth(value).trim();
    const m = YMD.exec(t);
    if (m) iso = isoDate(Number(m[1]), Number(m[2]), Number(m[3]));
    else if (/^\d+(\.\d+)?$/.test(t)) iso = dateFromNumber(Number(t));
  }
  return iso ? ok(iso) : fail('date');
}

/** A month as "yyyy-MM": "2026-11", "2026/11", "2026年11月", 202611, or any date form (its month). */
export function parseMonth(value: NonBlank): Parsed<Period> {
  const asMonth = (y: number, m: number): Period | null => (isoDate(y, m, 1) ? periodFrom(y, m) : null);
  let month: Period | null = null;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 190001 && value <= 299912) {
    month = asMonth(Math.floor(value / 100), value % 100);
  } else if (typeof value === 'string') {
    const t = toHalfWidth(value).trim();
    const m = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?(?:份)?$/.exec(t) ?? /^(\d{4})(\d{2})$/.exec(t);
    if (m) month = asMonth(Number(m[1]), Number(m[2]));
  }
  if (!month) {
    const d = parseDate(value);
    if (d.ok) month = periodOf(d.value);
    else if (d.reason === 'formulaError') return d;
  }
  return month ? ok(month) : fail('month');
}

const TRUE_WORDS = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓', '✔', '对', '有', 'on']);
const FALSE_WORDS = new Set(['否', 'n', 'no', 'false', '0', '×', '✗', '✘', '无', '不', 'off']);

/** Yes/no flags: 是/否, Y/N, yes/no, true/false, 1/0, √/×, Excel booleans; `extra` adds field-specific words. */
export function parseBoolean(
  value: NonBlank,
  extra?: { yes?: readonly string[]; no?: readonly string[] },
): Parsed<boolean> {
  if (typeof value === 'boolean') return ok(value);
  if (typeof value === 'number') return value === 1 ? ok(true) : value === 0 ? ok(false) : fail('boolean');
  if (typeof value !== 'string') return fail('boolean');
  const key = normalizeKey(value);
  if (TRUE_WORDS.has(key) || extra?.yes?.some((w) => normalizeKey(w) === key)) return ok(true);
  if (FALSE_WORDS.has(key) || extra?.no?.some((w) => normalizeKey(w) === key)) return ok(false);
  return fail('boolean');
}

/** Free text: numbers and dates rendered as a person would type them, then trimmed. */
export function parseText(value: NonBlank): Parsed<string> {
  if (typeof value === 'string') return ok(value.trim());
  if (typeof value === 'number') return ok(Number.isInteger(value) ? value.toFixed(0) : String(value));
  if (typeof value === 'boolean') return ok(value ? 'TRUE' : 'FALSE');
  const d = parseDate(value);
  return d.ok ? d : ok(String(value));
}

/**
 * Identifiers (part no., dealer id, document no., VIN): half-width, no whitespace, upper case, so
 * "ｐ－１００３ " and "P-1003" are the same part. A Date here means Excel auto-converted "3-12" to a date.
 */
/** Printable ASCII without spaces, lower case or '#': a code that trimming, NFKC and upper-casing leave as it is. */
const PLAIN_CODE = /^[!"$-`{-~]+$/;

export function parseCode(value: NonBlank): Parsed<string> {
  // Hot path: most part numbers, VINs and dealer codes are already in their canonical form.
  if (typeof value === 'string' && PLAIN_CODE.test(value)) return ok(value);
  if (value instanceof Date) return fail('codeIsDate');
  if (typeof value === 'string' && isFormulaError(value)) return fail('formulaError', value.trim());
  const text = parseText(value);
  if (!text.ok) return text;
  return ok(toHalfWidth(text.value).replace(/\s+/g, '').toUpperCase());
}

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** One or more email addresses separated by ; , ， ； or spaces; returned as "a@x.cn, b@y.cn". */
export function parseEmails(value: NonBlank): Parsed<string> {
  if (typeof value !== 'string') return fail('email');
  const parts = toHalfWidth(value)
    .split(/[;,，；\s]+/)
    .filter((p) => p !== '');
  if (parts.length === 0 || !parts.every((p) => EMAIL.test(p))) return fail('email');
  return ok(parts.join(', '));
}

/** A list in one cell separated by ; ； , ， 、 or line breaks. */
export function parseList(value: NonBlank): Parsed<string[]> {
  const text = parseText(value);
  if (!text.ok) return text;
  return ok(
    text.value
      .split(/[;；,，、\n]+/)
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  );
}
