/**
 * Text normalisation for matching headers and enum values the way a person reads them: full-width and half-width
 * forms are the same (NFKC), case does not matter, and spaces, line breaks and punctuation are noise.
 */
import { nfkc } from '../fast-nfkc';

// Punctuation that people sprinkle into headers: brackets, colons, separators, required-field stars.
const NOISE = /[\s\u00a0\u3000()[\]{}<>（）【】〔〕《》「」『』:：;；,，.。、\\/|_\-–—~·•*＊'"`‘’“”!！?？#＃]/g;

/** Normalises text for comparison: NFKC, lower case, no whitespace and no punctuation. */
export function normalizeKey(text: string): string {
  // Hot path (every cell of every row is checked for totals and repeated headers): text of ASCII and CJK
  // unified ideographs only is already NFKC, and lower-casing it keeps every character where it was.
  let upper = false;
  let noise = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      const kind = ASCII_KIND[c];
      if (kind === UPPER) upper = true;
      else if (kind === NOISY) noise = true;
    } else if (c < 0x4e00 || c > 0x9fff) return normalizeKeySlow(text);
  }
  const lower = upper ? text.toLowerCase() : text;
  if (!noise) return lower;
  let out = '';
  let from = 0;
  for (let i = 0; i < lower.length; i++) {
    const c = lower.charCodeAt(i);
    if (c < 128 && ASCII_KIND[c] === NOISY) {
      out += lower.slice(from, i);
      from = i + 1;
    }
  }
  return out + lower.slice(from);
}

/**
 * The last character of `normalizeKey(text)` when the text's own last character settles it (an ASCII letter or digit,
 * or a CJK unified ideograph: NFKC, lower-casing and noise removal keep it, lower-cased, at the end), else -1.
 * Lets a comparison with a known key fail without normalising the text.
 */
export function keyLastChar(text: string): number {
  const c = text.charCodeAt(text.length - 1);
  if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 48 && c <= 57) || (c >= 97 && c <= 122)) return c;
  if (c >= 65 && c <= 90) return c + 32;
  return -1;
}

/** The definition `normalizeKey` short-cuts: NFKC, lower case, noise removed. */
export function normalizeKeySlow(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(NOISE, '');
}

const UPPER = 1;
const NOISY = 2;
/** Per ASCII code: upper-case letter, noise (tested against NOISE itself, so the two never disagree), or plain. */
const ASCII_KIND = Uint8Array.from({ length: 128 }, (_, c) => {
  const ch = String.fromCharCode(c);
  if (ch.replace(NOISE, '') === '') return NOISY;
  return ch !== ch.toLowerCase() ? UPPER : 0;
});

/**
 * The keys a header cell can match under: the whole text, and the text without bracketed notes such as
 * "单价（元）" → "单价" or "Unit Cost (¥)" → "unitcost".
 */
export function headerKeys(text: string): string[] {
  const nfkc = text.normalize('NFKC');
  const full = normalizeKey(nfkc);
  const stripped = normalizeKey(nfkc.replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】|〔[^〕]*〕/g, ''));
  return stripped && stripped !== full ? [full, stripped] : [full];
}

const CJK = '[\u3000-\u9fff\uff00-\uffef]';
const CJK_BREAK = new RegExp(`(${CJK})\\s*[\\r\\n]+\\s*(?=${CJK})`, 'g');

/** Header text as shown in reports: a line break inside Chinese text disappears ("配件\n编号" → "配件编号"), other
 * line breaks and runs of spaces become one space. */
export function displayHeader(text: string): string {
  return text.replace(CJK_BREAK, '$1').replace(/\s+/g, ' ').trim();
}

/** NFKC (full-width letters, digits and signs become half-width), free for plain ASCII and Chinese text. */
export function toHalfWidth(text: string): string {
  return nfkc(text);
}
