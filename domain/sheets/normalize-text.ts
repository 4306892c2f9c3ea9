/**
 * Text normalisation for matching headers and enum values the way a person reads them: full-width and half-width
 * forms are the same (NFKC), case does not matter, and spaces, line breaks and punctuation are noise.
 */

// Punctuation that people sprinkle into headers: brackets, colons, separators, required-field stars.
const NOISE = /[\s\u00a0\u3000()[\]{}<>（）【】〔〕《》「」『』:：;；,，.。、\\/|_\-–—~·•*＊'"`‘’“”!！?？#＃]/g;

/** Normalises text for comparison: NFKC, lower case, no whitespace and no punctuation. */
export function normalizeKey(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(NOISE, '');
}

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

/** Cheap test so hot paths only pay for NFKC when the text has non-ASCII characters. */
export function toHalfWidth(text: string): string {
  // eslint-disable-next-line no-control-regex
  return /[^\x00-\x7f]/.test(text) ? text.normalize('NFKC') : text;
}
