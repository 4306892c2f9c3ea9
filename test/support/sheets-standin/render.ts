/**
 * Cell rendering the way the Sheets API does it for `valueRenderOption` / `dateTimeRenderOption`, for the
 * small set of number formats spreadsheets in this project use (dates, thousands, decimals, percent, currency).
 */
export type CellValue = string | number | boolean | null;

export interface NumberFormat {
  type: 'DATE' | 'DATE_TIME' | 'TIME' | 'NUMBER' | 'CURRENCY' | 'PERCENT' | 'TEXT';
  pattern: string;
}

export type ValueRenderOption = 'FORMATTED_VALUE' | 'UNFORMATTED_VALUE' | 'FORMULA';
export type DateTimeRenderOption = 'SERIAL_NUMBER' | 'FORMATTED_STRING';

const EPOCH_MS = Date.UTC(1899, 11, 30);

/** Same convention as exceljs: the Date's UTC wall clock is the cell's wall clock. */
export function dateToSerial(d: Date): number {
  return (d.getTime() - EPOCH_MS) / 86_400_000;
}

export function serialToDate(serial: number): Date {
  return new Date(EPOCH_MS + Math.round(serial * 86_400_000));
}

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');

function formatDate(serial: number, pattern: string): string {
  const d = serialToDate(serial);
  const parts = {
    y: d.getUTCFullYear(),
    M: d.getUTCMonth() + 1,
    d: d.getUTCDate(),
    h: d.getUTCHours(),
    m: d.getUTCMinutes(),
    s: d.getUTCSeconds(),
  };
  let out = '';
  let i = 0;
  let lastWasHour = false;
  while (i < pattern.length) {
    const ch = pattern[i] as string;
    if (ch === '"') {
      const end = pattern.indexOf('"', i + 1);
      out += pattern.slice(i + 1, end < 0 ? undefined : end);
      i = end < 0 ? pattern.length : end + 1;
      continue;
    }
    let run = 1;
    while (pattern[i + run] === ch) run++;
    const lower = ch.toLowerCase();
    if (lower === 'y') out += run <= 2 ? pad(parts.y % 100) : String(parts.y);
    else if (lower === 'd') out += run >= 2 ? pad(parts.d) : String(parts.d);
    else if (lower === 'h') out += run >= 2 ? pad(parts.h) : String(parts.h);
    else if (lower === 's') out += pad(parts.s);
    else if (lower === 'm') {
      // "m" after an hour is minutes, otherwise month (the spreadsheet convention).
      const v = lastWasHour ? parts.m : parts.M;
      out += run >= 2 ? pad(v) : String(v);
    } else out += ch.repeat(run);
    if (lower === 'h') lastWasHour = true;
    else if (lower !== ':' && lower !== 'm') lastWasHour = false;
    i += run;
  }
  return out;
}

function formatNumber(value: number, pattern: string): string {
  const percent = pattern.includes('%');
  const v = percent ? value * 100 : value;
  const numeric = /[#0][#0,]*(?:\.(0+))?/.exec(pattern);
  if (!numeric) return String(value);
  const decimals = numeric[1]?.length ?? 0;
  const grouped = numeric[0].includes(',');
  const prefix = pattern
    .slice(0, numeric.index)
    .replace(/\[\$([^-\]]*)[^\]]*\]/g, '$1')
    .replace(/"/g, '');
  const neg = v < 0;
  let body = Math.abs(v).toFixed(decimals);
  if (grouped) {
    const [int = '', frac] = body.split('.');
    body = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac ? `.${frac}` : '');
  }
  return `${neg ? '-' : ''}${prefix}${body}${percent ? '%' : ''}`;
}

/** Google's automatic format: integers plainly, others with up to 10 significant digits. */
function formatGeneral(value: number): string {
  if (Number.isInteger(value)) return String(value);
  return String(Number(value.toPrecision(10)));
}

export function formatCell(value: number, fmt: NumberFormat | undefined): string {
  if (!fmt) return formatGeneral(value);
  if (fmt.type === 'DATE' || fmt.type === 'DATE_TIME' || fmt.type === 'TIME') return formatDate(value, fmt.pattern);
  if (fmt.type === 'TEXT') return formatGeneral(value);
  return formatNumber(value, fmt.pattern);
}

export function renderCell(
  value: CellValue,
  formula: string | undefined,
  fmt: NumberFormat | undefined,
  valueRender: ValueRenderOption,
  dateRender: DateTimeRenderOption,
): CellValue {
  if (valueRender === 'FORMULA' && formula !== undefined) return formula;
  if (value === null) return null;
  if (valueRender === 'FORMATTED_VALUE') {
    if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
    if (typeof value === 'number') return formatCell(value, fmt);
    return value;
  }
  if (typeof value === 'number' && fmt && dateRender === 'FORMATTED_STRING') {
    if (fmt.type === 'DATE' || fmt.type === 'DATE_TIME' || fmt.type === 'TIME') return formatDate(value, fmt.pattern);
  }
  return value;
}
