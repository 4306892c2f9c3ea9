import {
  AXIS,
  PALETTE,
  categoryLabels,
  formatNumber,
  legend,
  line,
  niceTicks,
  noDataSvg,
  polyline,
  r,
  scale,
  svgDocument,
  text,
  valueAxis,
} from './charts/svg-kit';
import { type PdfLocale, pdfLabels } from './labels';
import { CONTENT_WIDTH } from './theme';

const SHADE = '#efe6d2';

/**
 * Events per day as bars with the baseline's expectation as a line, the monitored days shaded: the picture of a
 * batch problem (the bars leave the line on the day it starts). Labels every week, dates as MM-DD.
 */
export function incidentDailyChartSvg(o: {
  days: { date: string; count: number; expected: number }[];
  monitorFrom: number;
  locale: PdfLocale;
  title: string;
  labels: { count: string; expected: string; monitored: string };
}): string {
  const width = CONTENT_WIDTH;
  const height = 210;
  if (o.days.length === 0) return noDataSvg(width, height, o.title, pdfLabels(o.locale).noData);
  const top = 40;
  const left = 34;
  const right = 10;
  const bottom = 34;
  const plotW = width - left - right;
  const max = Math.max(1, ...o.days.map((d) => Math.max(d.count, d.expected)));
  const ticks = niceTicks(0, max);
  const y = scale(0, ticks[ticks.length - 1] ?? max, height - bottom, top);
  const slot = plotW / o.days.length;
  const centers = o.days.map((_, i) => left + slot * (i + 0.5));
  const parts: string[] = [text(0, 12, o.title, { size: 10, bold: true })];
  const shadeX = left + slot * o.monitorFrom;
  parts.push(
    `<rect x="${r(shadeX)}" y="${r(top)}" width="${r(left + plotW - shadeX)}" height="${r(height - bottom - top)}" fill="${SHADE}"/>`,
  );
  parts.push(valueAxis({ ticks, y, x0: left, x1: left + plotW, format: (v) => formatNumber(v, 0) }));
  const bw = Math.max(1, slot * 0.7);
  o.days.forEach((d, i) => {
    if (d.count <= 0) return;
    const x = centers[i]!;
    parts.push(
      `<rect x="${r(x - bw / 2)}" y="${r(y(d.count))}" width="${r(bw)}" height="${r(y(0) - y(d.count))}" fill="${i >= o.monitorFrom ? PALETTE[1] : PALETTE[0]}"/>`,
    );
  });
  parts.push(
    polyline(
      o.days.map((d, i) => [centers[i]!, y(d.expected)]),
      AXIS,
      1.2,
      '4 2',
    ),
  );
  parts.push(line(left, y(0), left + plotW, y(0), AXIS, 0.8));
  const shown = o.days.map((d, i) => ((o.days.length - 1 - i) % 7 === 0 ? d.date.slice(5) : ''));
  parts.push(categoryLabels(shown, centers, slot * 7, height - bottom, 7));
  parts.push(
    legend(
      [
        { label: o.labels.count, color: PALETTE[1]!, kind: 'box' },
        { label: o.labels.expected, color: AXIS, kind: 'line', dash: '4 2' },
        { label: o.labels.monitored, color: SHADE, kind: 'box' },
      ],
      width - right,
      26,
    ),
  );
  return svgDocument(width, height, parts.join(''));
}
