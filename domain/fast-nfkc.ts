/**
 * Unicode NFKC for hot paths. Text made only of ASCII and CJK unified ideographs (U+4E00–U+9FFF) is already in
 * NFKC and nothing in it can compose, so it is returned as it is; anything else goes through String#normalize.
 * Cleaning 200,000 quality events normalises over a million strings, most of them plain codes and Chinese names.
 */
export function nfkc(text: string): string {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 128 && (c < 0x4e00 || c > 0x9fff)) return text.normalize('NFKC');
  }
  return text;
}
