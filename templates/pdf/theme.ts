import type { StyleDictionary } from 'pdfmake/interfaces';

/* The house look shared by every PDF: font family names, page geometry, colours and named styles. */

/** The font family every document uses; the PDF service maps it to the machine's CJK font. */
export const PDF_FONT_FAMILY = 'CJKSans';
/**
 * The family name SVG text (charts) must use. pdfmake hands SVG text the raw font descriptor, which for a
 * font collection (.ttc) is a [file, face] pair that pdfkit cannot open; this family maps to the face
 * names under which pdfkit has already loaded the document's regular and bold faces.
 */
export const PDF_SVG_FONT_FAMILY = 'CJKSansSvg';
export const DEFAULT_TIME_ZONE = 'Asia/Shanghai';

/** A4 portrait; the header and footer sit in the top and bottom margins. */
export const PAGE_MARGINS: [number, number, number, number] = [40, 58, 40, 50];
/** Usable width on A4 portrait (595.28 pt minus side margins), the natural width for charts. */
export const CONTENT_WIDTH = 515;

export const INK = '#1f2933';
export const MUTED = '#5f6b7a';
export const RULE = '#b8c2cc';
export const HEADER_FILL = '#e6ecf2';

export const pdfStyles: StyleDictionary = {
  title: { fontSize: 17, bold: true, color: INK, margin: [0, 0, 0, 3] },
  subtitle: { fontSize: 10, color: MUTED, margin: [0, 0, 0, 12] },
  heading: { fontSize: 12, bold: true, color: INK, margin: [0, 14, 0, 6] },
  tableHeader: { bold: true, fontSize: 9, color: INK, fillColor: HEADER_FILL },
  tableCell: { fontSize: 9 },
  keyLabel: { fontSize: 8.5, color: MUTED },
  keyValue: { fontSize: 14, bold: true, color: INK },
  keyHint: { fontSize: 7.5, color: MUTED },
  note: { fontSize: 8.5, color: MUTED },
  pageChrome: { fontSize: 7.5, color: MUTED },
};

export const defaultPdfStyle = { font: PDF_FONT_FAMILY, fontSize: 10, lineHeight: 1.2, color: INK };
