import { parsePeriod, PeriodError, type Period } from '../domain/calendar';
import { UsageError } from './errors';

/** A `yyyy-MM` flag value parsed by the one period parser; a bad one is a usage error naming the flag. */
export function periodOption(value: string, flag: string): Period {
  try {
    return parsePeriod(value, flag);
  } catch (err) {
    throw err instanceof PeriodError ? new UsageError(err.message) : err;
  }
}

/** Plain-text tables that line up with Chinese text (wide characters take two columns) and JSON output. */

const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/u;

export function displayWidth(text: string): number {
  let width = 0;
  for (const ch of text) width += WIDE.test(ch) ? 2 : 1;
  return width;
}

function padEnd(text: string, width: number): string {
  return text + ' '.repeat(Math.max(0, width - displayWidth(text)));
}

export interface Column<T> {
  header: string;
  value: (row: T) => string;
}

export function formatTable<T>(rows: readonly T[], columns: readonly Column<T>[]): string {
  const cells = rows.map((r) => columns.map((c) => c.value(r)));
  const widths = columns.map((c, i) => Math.max(displayWidth(c.header), ...cells.map((row) => displayWidth(row[i]!))));
  const line = (values: string[]) =>
    values
      .map((v, i) => (i === values.length - 1 ? v : padEnd(v, widths[i]!)))
      .join('  ')
      .trimEnd();
  return [line(columns.map((c) => c.header)), ...cells.map(line)].join('\n');
}

export function toJson(value: unknown): string {
  return JSON.stringify(value, null, 2);
}

/** ISO instant → "2026-11-30 08:00" in the company's time zone. */
export function localTime(iso: string | Date | undefined, timeZone: string): string {
  if (!iso) return '';
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  if (Number.isNaN(d.getTime())) return String(iso);
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}`;
}
