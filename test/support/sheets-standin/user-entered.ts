import { dateToSerial, type CellValue, type NumberFormat } from './render';

export interface EnteredCell {
  value: CellValue;
  formula?: string;
  format?: NumberFormat;
}

/** Tiny evaluator for arithmetic formulas (=1+2*3); anything else renders as Google's #NAME? error. */
function evaluate(expr: string): CellValue {
  if (!/^[\d+\-*/().\s]+$/.test(expr)) return '#NAME?';
  try {
    const v = Function(`"use strict"; return (${expr});`)() as unknown;
    return typeof v === 'number' && Number.isFinite(v) ? v : '#DIV/0!';
  } catch {
    return '#ERROR!';
  }
}

/**
 * How Sheets interprets a value sent with valueInputOption=USER_ENTERED: formulas, numbers with
 * separators, percents, booleans and dates are parsed as if typed into the UI. RAW keeps strings as strings.
 */
export function parseUserEntered(input: CellValue): EnteredCell {
  if (typeof input !== 'string') return { value: input };
  const s = input.trim();
  if (s.startsWith('=')) return { value: evaluate(s.slice(1)), formula: s };
  if (/^[+-]?\d{1,3}(,\d{3})*(\.\d+)?$|^[+-]?\d+(\.\d+)?$/.test(s)) return { value: Number(s.replace(/,/g, '')) };
  const pct = /^([+-]?\d+(?:\.\d+)?)%$/.exec(s);
  if (pct) return { value: Number(pct[1]) / 100, format: { type: 'PERCENT', pattern: '0.00%' } };
  if (/^(true|false)$/i.test(s)) return { value: s.toLowerCase() === 'true' };
  const date = /^(\d{4})[-/](\d{1,2})[-/](\d{1,2})$/.exec(s);
  if (date) {
    const serial = dateToSerial(new Date(Date.UTC(Number(date[1]), Number(date[2]) - 1, Number(date[3]))));
    return { value: serial, format: { type: 'DATE', pattern: 'yyyy-mm-dd' } };
  }
  return { value: input };
}
