import { createRequire } from 'node:module';

/** The few fontkit members we use (fontkit ships no types and is pdfkit's dependency, not ours). */
export interface FontkitFont {
  postscriptName: string;
  numGlyphs: number;
  createSubset(): object;
  /** Present on CFF-flavoured OpenType fonts (Noto Sans CJK), absent on TrueType (WenQuanYi). */
  'CFF '?: unknown;
}

interface FontkitModule {
  create(buffer: Uint8Array, postscriptName?: string): FontkitFont | { fonts: FontkitFont[] } | null;
}

let cached: FontkitModule | undefined;

/**
 * The very fontkit instance pdfkit uses, resolved from pdfkit's own folder, so that a prototype patch
 * (see compact-cff-subsets.ts) reaches the class pdfkit instantiates.
 */
export function pdfkitFontkit(): FontkitModule {
  cached ??= createRequire(require.resolve('pdfkit'))('fontkit') as FontkitModule;
  return cached;
}

/** Opens one face of a font file (for a .ttc: the face with that PostScript name); null when absent. */
export function openFontFace(bytes: Uint8Array, postscriptName: string | undefined): FontkitFont | null {
  let font: ReturnType<FontkitModule['create']>;
  try {
    font = pdfkitFontkit().create(bytes, postscriptName);
  } catch {
    return null;
  }
  if (!font || !('createSubset' in font)) return null;
  return font;
}
