import { type PdfLocale, pdfLabels } from '../labels';
import { CONTENT_WIDTH } from '../theme';
import {
  AXIS,
  DASHES,
  MARKERS,
  PALETTE,
  categoryLabels,
  formatNumber,
  legend,
  line,
  marker,
  niceTicks,
  noDataSvg,
  polyline,
  scale,
  svgDocument,
  text,
  valueAxis,
} from './svg-kit';

export interface TrendSeries {
  name: string;
  /** One value per category; null = no data that month (the line breaks there). */
  values: (number | null)[];
}

export interface TrendChartOptions {
  /** X categories in order, typically months ("2026-06" or "6月"). */
  categories: string[];
  series: TrendSeries[];
  locale?: PdfLocale;
  title?: string;
  width?: number;
  height?: number;
  formatValue?: (v: number) => string;
}

/**
 * Multi-series line chart as an SVG string. Each series has its own colour, dash pattern and marker
 * shape so it stays distinguishable on a black-and-white printout. Throws RangeError when a series
 * does not have one value per category or holds a non-finite number.
 */
export function trendChartSvg(o: TrendChartOptions): string {
  const L = pdfLabels(o.locale);
  const width = o.width ?? CONTENT_WIDTH;
  const height = o.height ?? 230;
  const fmt = o.formatValue ?? ((v: number) => formatNumber(v));
  for (const s of o.series) {
    if (s.values.length !== o.categories.length) {
      throw new RangeError(
        `Trend series "${s.name}" has ${s.values.length} values for ${o.categories.length} categories`,
      );
    }
    const bad = s.values.find((v) => v !== null && !Number.isFinite(v));
    if (bad !== undefined) throw new RangeError(`Trend series "${s.name}" holds a non-finite value: ${bad}`);
  }
  const values = o.series.flatMap((s) => s.values.filter((v): v is number => v !== null));
  if (o.categories.length === 0 || values.length === 0) return noDataSvg(width, height, o.title, L.noData);

  const top = o.title ? 44 : 22;
  const left = 46;
  const right = 12;
  const bottom = 44;
  const plotW = width - left - right;
  const ticks = niceTicks(Math.min(0, ...values), Math.max(...values));
  const y = scale(ticks[0] ?? 0, ticks[ticks.length - 1] ?? 1, height - bottom, top);
  const slot = plotW / o.categories.length;
  const centers = o.categories.map((_, i) => left + slot * (i + 0.5));

  const parts: string[] = [];
  if (o.title) parts.push(text(0, 12, o.title, { size: 10, bold: true }));
  parts.push(valueAxis({ ticks, y, x0: left, x1: left + plotW, format: fmt }));
  parts.push(line(left, height - bottom, left + plotW, height - bottom, AXIS, 0.8));
  parts.push(line(left, top, left, height - bottom, AXIS, 0.6));
  o.series.forEach((s, si) => {
    const color = PALETTE[si % PALETTE.length] ?? AXIS;
    const dash = DASHES[si % DASHES.length] ?? '';
    const shape = MARKERS[si % MARKERS.length] ?? 'circle';
    let run: [number, number][] = [];
    const flush = () => {
      if (run.length > 1) parts.push(polyline(run, color, 1.4, dash));
      run = [];
    };
    s.values.forEach((v, i) => {
      if (v === null) return flush();
      const pt: [number, number] = [centers[i] ?? 0, y(v)];
      run.push(pt);
      parts.push(marker(shape, pt[0], pt[1], color));
    });
    flush();
  });
  const every = Math.max(1, Math.ceil(o.categories.length / 12));
  const shown = o.categories.map((c, i) => (i % every === 0 || i === o.categories.length - 1 ? c : ''));
  parts.push(categoryLabels(shown, centers, slot * every, height - bottom));
  parts.push(
    legend(
      o.series.map((s, si) => ({
        label: s.name,
        color: PALETTE[si % PALETTE.length] ?? AXIS,
        kind: 'line' as const,
        dash: DASHES[si % DASHES.length],
        marker: MARKERS[si % MARKERS.length],
      })),
      width - right,
      o.title ? 28 : 8,
    ),
  );
  return svgDocument(width, height, parts.join(''));
}
