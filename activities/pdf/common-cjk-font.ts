import { AsyncLocalStorage } from 'node:async_hooks';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type CjkFont, type CjkFontCandidate, defaultCjkFont, locateCjkFont } from './fonts';
import { openFontFace } from './fontkit';

/** Where scripts/setup.sh puts the cut (scripts/fonts/build-common-fonts.py): next to the compiled entries. */
export const COMMON_FONT_DIR = join(__dirname, '..', '..', 'node_modules', '.cache', 'aftersales-ops', 'fonts');

/** Noto Sans CJK SC cut to the common characters; its faces keep the full font's PostScript names. */
export function commonFontCandidate(dir: string = COMMON_FONT_DIR): CjkFontCandidate {
  return {
    name: 'Noto Sans CJK SC (common characters)',
    regular: { file: join(dir, 'NotoSansCJKsc-Regular.common.ttc'), postscriptName: 'NotoSansCJKsc-Regular' },
    bold: { file: join(dir, 'NotoSansCJKsc-Bold.common.ttc'), postscriptName: 'NotoSansCJKsc-Bold' },
  };
}

interface GlyphRun {
  glyphs: { id: number; codePoints: number[] }[];
}

/** The render under way in this async context: set when its text asked the cut for a glyph the cut lacks. */
const render = new AsyncLocalStorage<{ missing: boolean }>();

/**
 * Watches a shared face of the cut: a layout that maps a printable character to glyph 0 (.notdef) marks the
 * render under way. Outermost on the face (above face-caches.ts's memo), so a cached word is checked too.
 */
function watchMissingGlyphs(face: object): void {
  const f = face as { layout(text: unknown, ...rest: unknown[]): GlyphRun };
  const original = f.layout.bind(face);
  f.layout = (text, ...rest) => {
    const run = original(text, ...rest);
    const scope = render.getStore();
    if (scope && !scope.missing && run.glyphs.some((g) => g.id === 0 && g.codePoints.some((cp) => cp > 0x20))) {
      scope.missing = true;
    }
    return run;
  };
}

/**
 * A cut of a CJK font (scripts/fonts/build-common-fonts.py), loaded and watched for missing glyphs; null when its
 * files are absent or damaged (the full font then does all the work).
 */
export function loadCommonCjkFont(candidate: CjkFontCandidate): CjkFont | null {
  if (!existsSync(candidate.regular.file) || (candidate.bold && !existsSync(candidate.bold.file))) return null;
  let font: CjkFont;
  try {
    font = locateCjkFont([candidate]);
  } catch {
    return null;
  }
  for (const face of new Set([font.regular, font.bold])) {
    const parsed = openFontFace(face.bytes, face.postscriptName);
    if (parsed) watchMissingGlyphs(parsed);
  }
  return font;
}

let located: CjkFont | null | undefined;

/**
 * The cut of the machine's CJK font when setup built it (null otherwise), located once per process: ~8.5 MB of
 * font bytes held instead of ~40, and smaller parsed tables. Only the Simplified Chinese faces are cut: text the
 * cut cannot print is rendered again with the full font (see renderWithCommonFont).
 */
export function commonCjkFont(): CjkFont | null {
  if (located === undefined) located = loadCommonCjkFont(commonFontCandidate());
  return located;
}

/**
 * Renders with the cut, and once more with the full font when the document needed a glyph the cut lacks (a rare
 * character in a dealer's name, another script): the second render is the very document a worker without the
 * cut makes. Same definition ⇒ same choice ⇒ same bytes.
 */
export async function renderWithCommonFont(
  common: CjkFont,
  full: () => CjkFont,
  renderWith: (font: CjkFont) => Promise<Buffer>,
): Promise<Buffer> {
  const scope = { missing: false };
  const bytes = await render.run(scope, () => renderWith(common));
  return scope.missing ? renderWith(full()) : bytes;
}

/**
 * What a worker loads when it starts, to fail then (FontMissing, with the install hint) rather than on the first
 * report of the month: the cut when setup built it, else the full font.
 */
export function preloadCjkFont(): CjkFont {
  return commonCjkFont() ?? defaultCjkFont();
}
