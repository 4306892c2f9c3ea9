/**
 * Text written into generated sheets must never turn into a formula when a person opens, re-saves or exports the
 * sheet to CSV (CSV/formula injection): text starting with = + - @ or a tab/CR gets a leading apostrophe.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function neutraliseFormulaText(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** Applies the guard to text cells only; numbers, booleans, dates and blanks pass through unchanged. */
export function neutraliseCell<T>(value: T): T | string {
  return typeof value === 'string' ? neutraliseFormulaText(value) : value;
}
