/**
 * Turns an exceljs cell value into the plain value of a RawRow: formulas become their cached result, rich text is
 * flattened, hyperlinks give their text, errors give their text ("#DIV/0!"), and numeric formula results in a
 * date format become Dates (the streaming reader only converts plain date cells).
 */
import type { CellValue } from '../../../domain/sheets/cell-value';

/** exceljs' own date-format test: any y/m/d/h/s outside quotes and [colour]/[locale] brackets. */
export function isDateFormat(fmt: string | undefined): boolean {
  if (!fmt || fmt === 'General') return false;
  return /[ymdhs]/i.test(fmt.replace(/\[[^\]]*]/g, '').replace(/"[^"]*"/g, ''));
}

/** Excel serial → Date whose UTC fields carry the wall-clock date/time (the exceljs convention). */
export function excelSerialToDate(serial: number, date1904 = false): Date {
  return new Date(Math.round((serial - 25569 + (date1904 ? 1462 : 0)) * 86_400_000));
}

type RichText = { richText: { text?: string }[] };

const ESCAPE = /_x([0-9A-Fa-f]{4})_/g;

/**
 * Decodes the `_xHHHH_` escapes OOXML writers use for characters XML cannot carry (Excel writes a line break in a
 * header as `_x000D_`, a literal "_x" as `_x005F_x`). One left-to-right pass, so `_x005F_x000D_` stays the text
 * "_x000D_" as the person typed it.
 */
export function decodeOoxmlEscapes(text: string): string {
  return text.includes('_x') ? text.replace(ESCAPE, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))) : text;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

export function toCellValue(value: unknown, numFmt?: string, date1904 = false): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return decodeOoxmlEscapes(value);
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value;
  if (!isObject(value)) return String(value);
  if (Array.isArray((value as Partial<RichText>).richText)) {
    return decodeOoxmlEscapes((value as RichText).richText.map((r) => r.text ?? '').join(''));
  }
  if ('formula' in value || 'sharedFormula' in value) {
    const result = value.result;
    if (typeof result === 'number') {
      if (Number.isNaN(result)) return '#VALUE!';
      return isDateFormat(numFmt) ? excelSerialToDate(result, date1904) : result;
    }
    return toCellValue(result, numFmt, date1904);
  }
  if (typeof value.error === 'string') return value.error;
  if ('text' in value) return toCellValue(value.text, numFmt, date1904);
  return null;
}
