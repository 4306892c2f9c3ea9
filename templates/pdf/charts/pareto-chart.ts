import { type PdfLocale, pdfLabels } from '../labels';
import { CONTENT_WIDTH } from '../theme';
import {
  AXIS,
  PALETTE,
  categoryLabels,
  formatNumber,
  legend,
  line,
  marker,
  niceTicks,
  noDataSvg,
  polyline,
  r,
  scale,
  svgDocument,
  text,
  valueAxis,
} from './svg-kit';

export interface ParetoItem {
  label: string;
  value: number;
}

export interface ParetoChartOptions {
  items: ParetoItem[];
  locale?: PdfLocale;
  title?: string;
  /** Legend text for the bars, e.g. "反馈次数"; default "数量". */
  valueLabel?: string;
  /** Bars shown before the tail is merged into "其他"; default 10. */
  maxBars?: number;
  width?: number;
  height?: number;
  formatValue?: (v: number) => string;
}

/**
 * Pareto chart as an SVG string: bars sorted high to low (tail merged into "其他" / "Other", shown last),
 * the cumulative share as a line on a 0–100 % right axis, and a dashed 80 % guide.
 * Throws RangeError on negative or non-finite values.
 */
export function paretoChartSvg(o: ParetoChartOptions): string {
  const L = pdfLabels(o.locale);
  const width = o.width ?? CONTENT_WIDTH;
  const height = o.height ?? 250;
  const fmt = o.formatValue ?? ((v: number) => formatNumber(v));
  for (const it of o.items) {
    if (!Number.isFinite(it.value) || it.value < 0)
      throw new RangeError(`Pareto value for "${it.label}" must be a non-negative number, got ${it.value}`);
  }
  const bars = paretoBars(o.items, o.maxBars ?? 10, L.other);
  const total = bars.reduce((s, b) => s + b.value, 0);
  if (bars.length === 0 || total === 0) return noDataSvg(width, height, o.title, L.noData);

  const top = o.title ? 44 : 22;
  const left = 46;
  const right = 38;
  const bottom = 58;
  const plotW = width - left - right;
  const ticks = niceTicks(0, Math.max(...bars.map((b) => b.value)));
  const y = scale(0, ticks[ticks.length - 1] ?? 1, height - bottom, top);
  const yPct = scale(0, 100, height - bottom, top);
  const slot = plotW / bars.length;
  const centers = bars.map((_, i) => left + slot * (i + 0.5));

  const parts: string[] = [];
  if (o.title) parts.push(text(0, 12, o.title, { size: 10, bold: true }));
  parts.push(valueAxis({ ticks, y, x0: left, x1: left + plotW, format: fmt }));
  parts.push(
    valueAxis({
      ticks: [0, 20, 40, 60, 80, 100],
      y: yPct,
      x0: left,
      x1: left + plotW,
      side: 'right',
      format: (v) => `${v}%`,
      grid: false,
    }),
  );
  bars.forEach((b, i) => {
    const x = centers[i] ?? 0;
    const bw = Math.min(slot * 0.66, 46);
    const h = y(0) - y(b.value);
    parts.push(
      `<rect x="${r(x - bw / 2)}" y="${r(y(b.value))}" width="${r(bw)}" height="${r(Math.max(h, 0.5))}" fill="${PALETTE[0]}"/>`,
    );
    parts.push(text(x, y(b.value) - 3, fmt(b.value), { size: 7, anchor: 'middle' }));
  });
  parts.push(line(left, yPct(80), left + plotW, yPct(80), PALETTE[4] ?? AXIS, 0.7, '4 3'));
  parts.push(text(left + plotW - 3, yPct(80) + 9, '80%', { size: 7, anchor: 'end', fill: PALETTE[4] }));

  let running = 0;
  const points: [number, number][] = bars.map((b, i) => {
    running += b.value;
    return [centers[i] ?? 0, yPct((running / total) * 100)];
  });
  const lineColor = PALETTE[1] ?? AXIS;
  parts.push(polyline(points, lineColor, 1.4));
  running = 0;
  points.forEach(([px, py], i) => {
    running += bars[i]?.value ?? 0;
    parts.push(marker('circle', px, py, lineColor, 2.4));
    parts.push(text(px + 3, py - 4, `${Math.round((running / total) * 100)}%`, { size: 6.5, fill: lineColor }));
  });

  parts.push(line(left, height - bottom, left + plotW, height - bottom, AXIS, 0.8));
  parts.push(line(left, top, left, height - bottom, AXIS, 0.6));
  parts.push(line(left + plotW, top, left + plotW, height - bottom, AXIS, 0.6));
  parts.push(
    categoryLabels(
      bars.map((b) => b.label),
      centers,
      slot,
      height - bottom,
    ),
  );
  parts.push(
    legend(
      [
        { label: o.valueLabel ?? L.count, color: PALETTE[0] ?? AXIS, kind: 'box' },
        { label: L.cumulativeShare, color: lineColor, kind: 'line', marker: 'circle' },
      ],
      width - right,
      o.title ? 28 : 8,
    ),
  );
  return svgDocument(width, height, parts.join(''));
}

/** Sorted bars (value desc, then label) with everything past `maxBars - 1` merged into one "other" bar. */
export function paretoBars(items: ParetoItem[], maxBars: number, otherLabel: string): ParetoItem[] {
  const sorted = items
    .filter((i) => i.value > 0)
    .sort((a, b) => b.value - a.value || (a.label < b.label ? -1 : a.label > b.label ? 1 : 0));
  if (sorted.length <= maxBars) return sorted;
  const head = sorted.slice(0, Math.max(1, maxBars - 1));
  const tail = sorted.slice(head.length).reduce((s, i) => s + i.value, 0);
  return [...head, { label: otherLabel, value: tail }];
}
