/**
 * Money as integer fen (1 yuan = 100 fen). Never binary floats: parse text straight to fen and
 * do all arithmetic on integers, so totals tie out to the cent.
 */
export type Fen = number;

/** Parses "1,234.50", "¥1,234.5", "-12", "１２.３" into fen; returns null when not a money amount. */
export function parseYuanToFen(input: string | number): Fen | null {
  if (typeof input === 'number') {
    if (!Number.isFinite(input)) return null;
    // Through the shortest decimal text, so 1.005 (stored as 1.00499…) rounds as written: 101 fen.
    return parseYuanToFen(String(input).includes('e') ? input.toFixed(6) : String(input));
  }
  const s = input
    .replace(/[\uFF10-\uFF19]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[．]/g, '.')
    .replace(/[－]/g, '-')
    .replace(/[¥￥,，\s]|元|RMB|CNY/gi, '');
  const m = /^(-?)(\d+)(?:\.(\d*))?$/.exec(s);
  if (!m) return null;
  const [, sign, whole, frac = ''] = m;
  // Round half away from zero on the decimal digits themselves (no float): "12.345" → 1235 fen.
  const roundUp = (frac[2] ?? '0') >= '5' ? 1 : 0;
  const fen = Number(whole) * 100 + Number(frac.slice(0, 2).padEnd(2, '0')) + roundUp;
  return sign === '-' ? -fen : fen;
}

/** Formats fen as "1,234.50" (no currency sign). */
export function formatFen(fen: Fen): string {
  const neg = fen < 0;
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100).toLocaleString('en-US');
  const frac = String(abs % 100).padStart(2, '0');
  return `${neg ? '-' : ''}${whole}.${frac}`;
}

/** Multiplies an amount by a rate given in basis points (1/10000), rounding half away from zero. */
export function applyBasisPoints(fen: Fen, bp: number): Fen {
  const product = fen * bp;
  return Math.sign(product) * Math.round(Math.abs(product) / 10000);
}
