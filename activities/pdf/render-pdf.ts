// pdfmake exports a ready instance whose methods live on its prototype; a namespace import would copy only
// own properties and lose them, and @types/pdfmake declares no default export.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import pdfmake = require('pdfmake');
import type { TDocumentDefinitions, TFontDictionary } from 'pdfmake/interfaces';
import { AppError } from '../../domain/errors';
import {
  type PdfContext,
  type PdfLocale,
  PAGE_MARGINS,
  PDF_FONT_FAMILY,
  PDF_SVG_FONT_FAMILY,
  defaultPdfStyle,
  formatGeneratedAt,
  pageFooter,
  pageHeader,
  pdfStyles,
} from '../../templates/pdf/layout';
import { type CjkFont, type LoadedFace, defaultCjkFont } from './fonts';
import { commonCjkFont, renderWithCommonFont } from './common-cjk-font';
import { installFastStyleLookup } from './fast-style-lookup';

export interface RenderPdfOptions {
  /** Printed in every footer; see documentReference() in create-pdf-activities.ts. */
  docId: string;
  /** The instant printed in the header and stored as CreationDate/ModDate: same value ⇒ same bytes. */
  generatedAt: Date | string;
  locale?: PdfLocale;
  /** Header title; defaults to the document's info.title. */
  title?: string;
  /** Zone for the printed time; default Asia/Shanghai. */
  timeZone?: string;
  /**
   * Font to embed; default: the machine's CJK font (fonts.ts), through its common-character cut when setup built
   * one (common-cjk-font.ts).
   */
  font?: CjkFont;
}

interface VirtualFs {
  existsSync(name: string): boolean;
  writeFileSync(name: string, content: Buffer): void;
}

const pdfmakeVfs = (pdfmake as unknown as { virtualfs: VirtualFs }).virtualfs;

// No network, no local files: fonts come from pdfmake's in-memory file system (loaded once below), images
// must be data URLs. Also silences pdfmake's "no access policy" warnings.
pdfmake.setUrlAccessPolicy(() => false);
pdfmake.setLocalAccessPolicy(() => false);
installFastStyleLookup();

/** Keeps the font bytes in pdfmake's virtual file system so a render does not re-read ~40 MB from disk. */
function virtualFontSource(face: LoadedFace): string | [string, string] {
  const name = `cjk-fonts${face.file}`;
  if (!pdfmakeVfs.existsSync(name)) pdfmakeVfs.writeFileSync(name, face.bytes);
  return face.postscriptName ? [name, face.postscriptName] : name;
}

function fontDictionary(font: CjkFont): TFontDictionary {
  // Fresh arrays every time: pdfmake replaces the path in these arrays with the bytes while rendering.
  // The SVG family names the faces as pdfkit caches them once loaded for ordinary text; the running
  // header (bold title, regular time stamp) makes sure both are loaded before any chart is drawn.
  return {
    [PDF_FONT_FAMILY]: {
      normal: virtualFontSource(font.regular) as string,
      bold: virtualFontSource(font.bold) as string,
      italics: virtualFontSource(font.regular) as string,
      bolditalics: virtualFontSource(font.bold) as string,
    },
    [PDF_SVG_FONT_FAMILY]: {
      normal: font.regular.fontName,
      bold: font.bold.fontName,
      italics: font.regular.fontName,
      bolditalics: font.bold.fontName,
    },
  };
}

/**
 * Renders a pdfmake document definition to PDF bytes with the CJK font subset-embedded (text stays
 * extractable), the house header (title, generation time) and footer (document id, page x/y) unless the
 * definition brings its own, and deterministic output: CreationDate/ModDate come from `generatedAt` and
 * pdfkit derives the trailer /ID from that metadata (md5 of the info dictionary), so the same definition
 * and time give identical bytes. Pure computation, no I/O beyond the (cached) font files; failures are
 * AppErrors: 'InvalidPdfInput' and 'PdfRenderFailed' are permanent, 'FontMissing' is not (another worker
 * may have the font, or someone installs it).
 *
 * A definition that brings its own header must still print some bold and some regular text somewhere if
 * it contains charts: SVG text reuses the faces loaded for ordinary text (see PDF_SVG_FONT_FAMILY).
 */
export async function renderPdf(doc: TDocumentDefinitions, opts: RenderPdfOptions): Promise<Buffer> {
  const generatedAt = parseInstant(opts.generatedAt);
  const locale = opts.locale ?? 'zh-CN';
  const ctx: PdfContext = {
    locale,
    generatedAt: generatedAt.toISOString(),
    docId: opts.docId,
    timeZone: opts.timeZone,
  };
  try {
    formatGeneratedAt(generatedAt, opts.timeZone);
  } catch (err) {
    throw new AppError('InvalidPdfInput', (err as Error).message, { docId: opts.docId });
  }
  const title = opts.title || doc.info?.title || opts.docId;
  const renderWith = (font: CjkFont) =>
    renderDefinition(houseDefinition(doc, title, generatedAt, ctx), font, opts.docId);
  if (opts.font) return renderWith(opts.font);
  const common = commonCjkFont();
  return common ? renderWithCommonFont(common, defaultCjkFont, renderWith) : renderWith(defaultCjkFont());
}

/** A copy of the caller's definition with the house metadata, margins, styles, header and footer. */
function houseDefinition(doc: TDocumentDefinitions, title: string, generatedAt: Date, ctx: PdfContext) {
  const def = cloneDefinition(doc);
  def.info = {
    ...def.info,
    title,
    creator: 'Aftersales Ops',
    producer: 'Aftersales Ops (pdfmake)',
    creationDate: generatedAt,
    modDate: generatedAt,
  };
  def.language ??= ctx.locale;
  def.pageMargins ??= PAGE_MARGINS;
  def.styles = { ...pdfStyles, ...def.styles };
  def.defaultStyle = { ...defaultPdfStyle, ...def.defaultStyle };
  def.header ??= pageHeader({ title, ctx });
  def.footer ??= pageFooter(ctx);
  return def;
}

async function renderDefinition(def: TDocumentDefinitions, font: CjkFont, docId: string): Promise<Buffer> {
  try {
    // setFonts and createPdf run in one synchronous step: the printer captures this font dictionary,
    // so concurrent renders cannot see each other's fonts.
    pdfmake.setFonts(fontDictionary(font));
    return await pdfmake.createPdf(def).getBuffer();
  } catch (err) {
    throw new AppError('PdfRenderFailed', `PDF ${docId} could not be rendered: ${(err as Error).message}`, { docId });
  }
}

function parseInstant(value: Date | string): Date {
  const date = value instanceof Date ? new Date(value.getTime()) : new Date(value);
  if (typeof value === 'string' && !/^\d{4}-\d{2}-\d{2}T/.test(value)) {
    throw new AppError('InvalidPdfInput', `generatedAt must be an ISO-8601 date-time, got ${JSON.stringify(value)}`);
  }
  if (Number.isNaN(date.getTime())) {
    throw new AppError('InvalidPdfInput', `generatedAt is not a valid instant: ${String(value)}`);
  }
  return date;
}

/**
 * pdfmake annotates the nodes it lays out, so rendering the caller's object twice would not be the same
 * render. Copies plain objects and arrays; functions (dynamic headers, table layouts), dates and buffers
 * are shared as they are not mutated.
 */
function cloneDefinition<T>(value: T): T {
  if (Array.isArray(value)) return value.map((v: unknown) => cloneDefinition(v)) as T;
  if (value === null || typeof value !== 'object') return value;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = cloneDefinition(v);
  return out as T;
}
