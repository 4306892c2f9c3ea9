/**
 * Field normalisers shared by cleaning and aggregation. The rule for part numbers (also used for
 * models, with spaces kept as single spaces):
 *  1. Unicode NFKC, so full-width letters/digits/dashes (ＡＢ－１００１) become ASCII;
 *  2. upper case;
 *  3. every run of separators — whitespace (incl. ideographic space), ASCII hyphen, underscore and the
 *     dash look-alikes ‐ ‑ ‒ – — ― − ﹘ ﹣ — becomes one `-`;
 *  4. leading/trailing separators are dropped.
 * So 'ab-1001 ', 'AB – 1001', 'ab_1001' and 'ＡＢ－１００１' all read 'AB-1001', while 'AB1001' stays distinct
 * (the part master decides whether a dash belongs in the number; we never invent or delete one).
 */

import { nfkc } from '../fast-nfkc';

const DASHES = '\\-_\u2010\u2011\u2012\u2013\u2014\u2015\u2212\uFE58\uFE63\uFF0D';
const SEPARATOR_RUN = new RegExp(`[\\s${DASHES}]+`, 'g');
const DASH_RUN = new RegExp(`\\s*[${DASHES}]+\\s*`, 'g');
const EDGE_DASHES = /^-+|-+$/g;

export function normalizePartNo(raw: string): string {
  return nfkc(raw).toUpperCase().replace(SEPARATOR_RUN, '-').replace(EDGE_DASHES, '');
}

/** Models keep inner spaces ('XD 30 PRO') but dashes get the part-number treatment ('xd－30' → 'XD-30'). */
export function normalizeModel(raw: string): string {
  return nfkc(raw).toUpperCase().replace(DASH_RUN, '-').replace(/\s+/g, ' ').trim().replace(EDGE_DASHES, '');
}

/** VINs/serials are compared without any separators: 'lsv-abc 123' → 'LSVABC123'. */
export function normalizeVin(raw: string): string {
  return nfkc(raw).toUpperCase().replace(SEPARATOR_RUN, '');
}

/** Names (supplier, region): NFKC, trimmed, inner whitespace collapsed; case kept. */
export function normalizeText(raw: string): string {
  return nfkc(raw).replace(/\s+/g, ' ').trim();
}

/** Turns blank-ish optional values into undefined after normalising. */
export function optional(raw: string | undefined, fn: (s: string) => string): string | undefined {
  if (raw === undefined || raw === null) return undefined;
  const v = fn(String(raw));
  return v === '' ? undefined : v;
}

/**
 * Key used to compare failure texts with catalogue terms: NFKC, lower case, whitespace and punctuation
 * removed, so '发动机 漏油。' and '发动机漏油' compare equal.
 */
export function failureTextKey(raw: string): string {
  return nfkc(raw)
    .toLowerCase()
    .replace(/[\s\p{P}]+/gu, '');
}
