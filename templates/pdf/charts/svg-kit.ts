import { PDF_SVG_FONT_FAMILY } from '../theme';

/**
 * Small pure helpers shared by the chart builders. Charts are drawn in PDF points at their intended
 * print width (CONTENT_WIDTH), so a font-size of 8 here is 8 pt on paper. Text uses PDF_SVG_FONT_FAMILY,
 * which the PDF service maps to the document's CJK faces.
 */

/** Print-safe colours, distinguishable in greyscale when combined with DASHES and MARKERS. */
export const PALETTE = ['#2f5d8a', '#c8553d', '#3f7f4a', '#7a4f9a', '#c79020', '#4a5866'];
export const DASHES = ['', '6 3', '2 2', '8 3 2 3', '4 4', '1 3'];
export type Marker = 'circle' | 'square' | 'triangle' | 'diamond';
export const MARKERS: Marker[] = ['circle', 'square', 'triangle', 'diamond'];
export const AXIS = '#4a5866';
export const GRID = '#d9dee4';

export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Rounds coordinates so the SVG (and hence the PDF) is short and stable. */
export function r(n: number): string {
  return String(Math.round(n * 100) / 100);
}

/** Approximate rendered width in pt: CJK and full-width characters are 1 em, the rest about 0.55 em. */
export function textWidth(text: string, fontSize: number): number {
  let units = 0;
  for (const ch of text)
    units += /[\u1100-\u11ff\u2e80-\ua4cf\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch)
      ? 1
      : 0.55;
  return units * fontSize;
}

/** Shortens a label to fit `maxWidth`, ending in "…". */
export function fitLabel(text: string, fontSize: number, maxWidth: number): string {
  if (textWidth(text, fontSize) <= maxWidth) return text;
  const chars = [...text];
  while (chars.length > 1 && textWidth(`${chars.join('')}…`, fontSize) > maxWidth) chars.pop();
  return `${chars.join('')}…`;
}

export interface TextOpts {
  size?: number;
  anchor?: 'start' | 'middle' | 'end';
  fill?: string;
  bold?: boolean;
  rotate?: number;
}

/** A text element; `y` is the baseline. */
export function text(x: number, y: number, content: string, o: TextOpts = {}): string {
  const rotate = o.rotate ? ` transform="rotate(${o.rotate} ${r(x)} ${r(y)})"` : '';
  return (
    `<text x="${r(x)}" y="${r(y)}" font-family="${PDF_SVG_FONT_FAMILY}" font-size="${o.size ?? 8}"` +
    ` text-anchor="${o.anchor ?? 'start'}" fill="${o.fill ?? AXIS}"${o.bold ? ' font-weight="bold"' : ''}${rotate}>${esc(content)}</text>`
  );
}

export function line(x1: number, y1: number, x2: number, y2: number, stroke: string, width = 0.6, dash = ''): string {
  const d = dash ? ` stroke-dasharray="${dash}"` : '';
  return `<line x1="${r(x1)}" y1="${r(y1)}" x2="${r(x2)}" y2="${r(y2)}" stroke="${stroke}" stroke-width="${width}"${d}/>`;
}

export function polyline(points: [number, number][], stroke: string, width = 1.4, dash = ''): string {
  const d = dash ? ` stroke-dasharray="${dash}"` : '';
  const pts = points.map(([x, y]) => `${r(x)},${r(y)}`).join(' ');
  return `<polyline points="${pts}" fill="none" stroke="${stroke}" stroke-width="${width}" stroke-linejoin="round"${d}/>`;
}

export function marker(kind: Marker, x: number, y: number, color: string, size = 2.6): string {
  const s = size;
  switch (kind) {
    case 'square':
      return `<rect x="${r(x - s)}" y="${r(y - s)}" width="${r(2 * s)}" height="${r(2 * s)}" fill="${color}"/>`;
    case 'triangle':
      return `<polygon points="${r(x)},${r(y - s * 1.2)} ${r(x - s * 1.1)},${r(y + s)} ${r(x + s * 1.1)},${r(y + s)}" fill="${color}"/>`;
    case 'diamond':
      return `<polygon points="${r(x)},${r(y - s * 1.3)} ${r(x + s * 1.3)},${r(y)} ${r(x)},${r(y + s * 1.3)} ${r(x - s * 1.3)},${r(y)}" fill="${color}"/>`;
    default:
      return `<circle cx="${r(x)}" cy="${r(y)}" r="${r(s)}" fill="${color}"/>`;
  }
}

/** Axis ticks at 1/2/2.5/5 × 10^n covering [min, max]; always includes 0 when the range does. */
export function niceTicks(min: number, max: number, target = 5): number[] {
  if (!(max > min)) max = min + 1;
  const raw = (max - min) / target;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].find((m) => m * mag >= raw) ?? 10) * mag;
  const lo = Math.floor(min / step) * step;
  const hi = Math.ceil(max / step) * step;
  const ticks: number[] = [];
  for (let v = lo; v <= hi + step / 2; v += step) ticks.push(Math.round(v / step) * step);
  return ticks;
}

/** "12,345" / "1,234.5" — thousands separators, at most `digits` decimals. */
export function formatNumber(n: number, digits = 1): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: digits });
}

/** Linear map from a value domain onto a pixel range. */
export function scale(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  return (v) => r0 + (v - d0) * k;
}

/** Horizontal grid lines with labels on the left (or right) of the plot area. */
export function valueAxis(o: {
  ticks: number[];
  y: (v: number) => number;
  x0: number;
  x1: number;
  side?: 'left' | 'right';
  format: (v: number) => string;
  grid?: boolean;
}): string {
  const side = o.side ?? 'left';
  return o.ticks
    .map((t) => {
      const yy = o.y(t);
      const label =
        side === 'left'
          ? text(o.x0 - 4, yy + 2.8, o.format(t), { anchor: 'end' })
          : text(o.x1 + 4, yy + 2.8, o.format(t));
      return (o.grid === false ? '' : line(o.x0, yy, o.x1, yy, GRID, 0.5)) + label;
    })
    .join('');
}

/** Category labels under a plot: horizontal when they fit, rotated -35° otherwise. */
export function categoryLabels(labels: string[], centers: number[], slot: number, yBase: number, size = 7.5): string {
  const maxW = Math.max(...labels.map((l) => textWidth(l, size)), 0);
  const rotate = maxW > slot - 2;
  return labels
    .map((label, i) => {
      const x = centers[i] ?? 0;
      return rotate
        ? text(x + 2, yBase + 8, fitLabel(label, size, 60), { size, anchor: 'end', rotate: -35 })
        : text(x, yBase + 10, label, { size, anchor: 'middle' });
    })
    .join('');
}

export function legend(
  items: { label: string; color: string; kind: 'box' | 'line'; dash?: string; marker?: Marker }[],
  xRight: number,
  y: number,
): string {
  let x = xRight;
  const parts: string[] = [];
  for (const item of [...items].reverse()) {
    const w = textWidth(item.label, 7.5);
    x -= w;
    parts.push(text(x, y + 2.8, item.label, { size: 7.5 }));
    x -= 18;
    if (item.kind === 'box')
      parts.push(`<rect x="${r(x + 4)}" y="${r(y - 4)}" width="9" height="8" fill="${item.color}"/>`);
    else
      parts.push(
        line(x, y, x + 15, y, item.color, 1.4, item.dash ?? '') +
          (item.marker ? marker(item.marker, x + 7.5, y, item.color, 2.2) : ''),
      );
    x -= 10;
  }
  return parts.join('');
}

export function svgDocument(width: number, height: number, body: string): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${r(width)}" height="${r(height)}" viewBox="0 0 ${r(width)} ${r(height)}">${body}</svg>`;
}

export function noDataSvg(width: number, height: number, title: string | undefined, message: string): string {
  const frame = `<rect x="0.5" y="0.5" width="${r(width - 1)}" height="${r(height - 1)}" fill="none" stroke="${GRID}"/>`;
  const head = title ? text(0, 12, title, { size: 10, bold: true }) : '';
  return svgDocument(
    width,
    height,
    frame + head + text(width / 2, height / 2, message, { size: 10, anchor: 'middle' }),
  );
}
