import { type PdfLocale, pdfLabels } from '../labels';
import { CONTENT_WIDTH } from '../theme';
import {
  AXIS,
  PALETTE,
  categoryLabels,
  formatNumber,
  line,
  niceTicks,
  noDataSvg,
  r,
  scale,
  svgDocument,
  text,
  valueAxis,
} from './svg-kit';

export interface BarItem {
  label: string;
  value: number;
}

export interface BarChartOptions {
  items: BarItem[];
  locale?: PdfLocale;
  title?: string;
  width?: number;
  height?: number;
  /** Bar colour; negative bars use the second palette colour so they read as "below zero". */
  color?: string;
  formatValue?: (v: number) => string;
}

/**
 * Simple vertical bar chart (in the given order) as an SVG string, value printed on each bar, zero
 * baseline drawn when values go negative. Throws RangeError on a non-finite value.
 */
export function barChartSvg(o: BarChartOptions): string {
  const L = pdfLabels(o.locale);
  const width = o.width ?? CONTENT_WIDTH;
  const height = o.height ?? 220;
  const fmt = o.formatValue ?? ((v: number) => formatNumber(v));
  for (const it of o.items) {
    if (!Number.isFinite(it.value))
      throw new RangeError(`Bar value for "${it.label}" must be a finite number, got ${it.value}`);
  }
  if (o.items.length === 0) return noDataSvg(width, height, o.title, L.noData);

  const top = o.title ? 34 : 16;
  const left = 46;
  const right = 12;
  const bottom = 52;
  const plotW = width - left - right;
  const values = o.items.map((i) => i.value);
  const ticks = niceTicks(Math.min(0, ...values), Math.max(0, ...values));
  const y = scale(ticks[0] ?? 0, ticks[ticks.length - 1] ?? 1, height - bottom, top);
  const slot = plotW / o.items.length;
  const centers = o.items.map((_, i) => left + slot * (i + 0.5));
  const color = o.color ?? PALETTE[0] ?? AXIS;

  const parts: string[] = [];
  if (o.title) parts.push(text(0, 12, o.title, { size: 10, bold: true }));
  parts.push(valueAxis({ ticks, y, x0: left, x1: left + plotW, format: fmt }));
  o.items.forEach((it, i) => {
    const x = centers[i] ?? 0;
    const bw = Math.min(slot * 0.66, 46);
    const y0 = y(0);
    const y1 = y(it.value);
    const fill = it.value < 0 ? (PALETTE[1] ?? color) : color;
    parts.push(
      `<rect x="${r(x - bw / 2)}" y="${r(Math.min(y0, y1))}" width="${r(bw)}" height="${r(Math.max(Math.abs(y0 - y1), 0.5))}" fill="${fill}"/>`,
    );
    const labelY = it.value < 0 ? y1 + 9 : y1 - 3;
    parts.push(text(x, labelY, fmt(it.value), { size: 7, anchor: 'middle' }));
  });
  parts.push(line(left, y(0), left + plotW, y(0), AXIS, 0.8));
  parts.push(line(left, top, left, height - bottom, AXIS, 0.6));
  parts.push(
    categoryLabels(
      o.items.map((i) => i.label),
      centers,
      slot,
      height - bottom,
    ),
  );
  return svgDocument(width, height, parts.join(''));
}
