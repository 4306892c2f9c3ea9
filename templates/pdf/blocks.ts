import type { Content, Margins, TableCell } from 'pdfmake/interfaces';
import { type PdfLocale, pdfLabels } from './labels';
import { CONTENT_WIDTH, RULE } from './theme';

/* Content building blocks every report uses, so all of them look alike. */

/** Title block at the top of page 1. */
export function reportTitle(title: string, subtitle?: string): Content[] {
  return subtitle
    ? [
        { text: title, style: 'title' },
        { text: subtitle, style: 'subtitle' },
      ]
    : [{ text: title, style: 'title', margin: [0, 0, 0, 12] }];
}

export function sectionHeading(text: string): Content {
  return { text, style: 'heading' };
}

export interface KeyFigure {
  label: string;
  value: string;
  hint?: string;
}

/** A grid of label-over-value cells (2–4 per row) for the figures a reader must see first. */
export function keyFigureTable(figures: KeyFigure[], columns = Math.min(4, Math.max(2, figures.length))): Content {
  const cells: TableCell[] = figures.map((f) => ({
    stack: [
      { text: f.label, style: 'keyLabel' },
      { text: f.value, style: 'keyValue' },
      ...(f.hint ? [{ text: f.hint, style: 'keyHint' }] : []),
    ],
    margin: [4, 3, 4, 3] as Margins,
  }));
  while (cells.length % columns !== 0) cells.push({ text: '' });
  const body: TableCell[][] = [];
  for (let i = 0; i < cells.length; i += columns) body.push(cells.slice(i, i + columns));
  return {
    table: { widths: Array<'*'>(columns).fill('*'), body, dontBreakRows: true },
    layout: {
      hLineWidth: () => 0.5,
      vLineWidth: () => 0.5,
      hLineColor: () => RULE,
      vLineColor: () => RULE,
      fillColor: () => '#f7f9fb',
    },
    margin: [0, 0, 0, 8],
  };
}

export interface DataColumn {
  header: string;
  width?: number | '*' | 'auto';
  align?: 'left' | 'right' | 'center';
}

export type DataCell = string | number | null | undefined;

/**
 * A report table: bold shaded header repeated on every page, rows never split across pages, light zebra.
 * Numbers are printed as given (format money with domain/money.ts before passing it in).
 */
export function dataTable(opts: {
  columns: DataColumn[];
  rows: DataCell[][];
  locale?: PdfLocale;
  fontSize?: number;
}): Content {
  const L = pdfLabels(opts.locale);
  const header: TableCell[] = opts.columns.map((c) => ({
    text: c.header,
    style: 'tableHeader',
    alignment: c.align ?? 'left',
  }));
  const body: TableCell[][] = opts.rows.map((row) =>
    opts.columns.map((c, i) => {
      const v = row[i];
      return { text: v === null || v === undefined || v === '' ? L.empty : String(v), alignment: c.align ?? 'left' };
    }),
  );
  return {
    style: 'tableCell',
    fontSize: opts.fontSize,
    table: {
      headerRows: 1,
      dontBreakRows: true,
      widths: opts.columns.map((c) => c.width ?? '*'),
      body: [header, ...body],
    },
    layout: {
      hLineWidth: (i, node) => (i === 0 || i === 1 || i === node.table.body.length ? 0.8 : 0.3),
      vLineWidth: () => 0,
      hLineColor: () => RULE,
      fillColor: (row) => (row > 0 && row % 2 === 0 ? '#f5f7fa' : null),
      paddingTop: () => 2.5,
      paddingBottom: () => 2.5,
    },
    margin: [0, 0, 0, 8],
  };
}

/** A sign-off row: the role, and where the system recorded the decision, who made it and when. */
export interface SignOffRole {
  role: string;
  /** The person who decided (from the decision in workflow history). */
  name?: string;
  /** "已批准 (电子)" or similar, printed in the signature column. */
  signature?: string;
  /** When they decided, already formatted for print. */
  date?: string;
}

/** A boxed sign-off grid (role / name / signature / date), kept on one page; recorded decisions are filled in. */
export function signOffBlock(locale: PdfLocale, roles?: (string | SignOffRole)[]): Content {
  const L = pdfLabels(locale);
  const rows: SignOffRole[] = (roles ?? [L.preparedBy, L.reviewedBy, L.approvedBy]).map((r) =>
    typeof r === 'string' ? { role: r } : r,
  );
  const cell = (text?: string): TableCell => ({ text: text || ' ', margin: [0, 10, 0, 10] as Margins });
  return {
    unbreakable: true,
    stack: [
      sectionHeading(L.signOff),
      {
        table: {
          widths: [70, '*', '*', 90],
          body: [
            ['', L.name, L.signature, L.date].map((t) => ({ text: t, style: 'tableHeader' })),
            ...rows.map((r): TableCell[] => [
              { text: r.role, bold: true, margin: [0, 10, 0, 10] },
              cell(r.name),
              cell(r.signature),
              cell(r.date),
            ]),
          ],
        },
        layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5, hLineColor: () => RULE, vLineColor: () => RULE },
      },
    ],
  };
}

/** An SVG chart (from templates/pdf/charts) at full content width unless told otherwise. */
export function chartBlock(svg: string, width = CONTENT_WIDTH): Content {
  return { svg, width, margin: [0, 4, 0, 10] };
}
