import { installFastShaping } from './fast-shaping';

/**
 * Caches on a fontkit face that pdfkit documents share (see shared-font-faces.ts), so text laid out once is not
 * shaped again by the next document, without letting one document's text change another's bytes.
 */

interface Glyph {
  id: number;
  codePoints: number[];
}

interface Position {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}

interface GlyphRun {
  glyphs: Glyph[];
  positions: Position[];
  features: Record<string, boolean>;
}

interface FaceInternals {
  getGlyph(id: number, codePoints?: number[]): Glyph | null;
  layout(text: unknown, ...rest: unknown[]): GlyphRun;
  defaultLanguage?: unknown;
}

/**
 * Words kept per face, least recently used dropped first. Statements repeat a few hundred words (labels, names,
 * dates) and the rest (document numbers, amounts) rarely come back: on 1,000 bench statements 5,000 and 20,000
 * entries hit alike (207k hits, 52k misses), and the larger cache held ~17 MB more heap for nothing.
 */
const MAX_RUNS = 5_000;

/**
 * Glyph objects keyed by glyph id *and* the code points they stand for. fontkit caches one glyph object per id,
 * carrying the code points of whoever asked first, and pdfkit writes those into the PDF's ToUnicode map. Within
 * one document that is deterministic; with a face shared across documents it would depend on what the process
 * rendered before (two code points can share a glyph, e.g. U+2F00 ⼀ and U+4E00 一). Keyed glyphs carry exactly
 * the code points their text had, as a fresh face would give them.
 */
function keyGlyphsByCodePoints(face: FaceInternals): void {
  const original = face.getGlyph.bind(face);
  const probe = original(0, []);
  if (!probe) return;
  const GlyphClass = probe.constructor as new (id: number, codePoints: number[], font: FaceInternals) => Glyph;
  const glyphs = new Map<string, Glyph>();
  face.getGlyph = (id, codePoints = []) => {
    const key = `${id}:${codePoints.join(',')}`;
    let glyph = glyphs.get(key);
    if (!glyph) {
      glyph = new GlyphClass(id, codePoints, face);
      glyphs.set(key, glyph);
    }
    return glyph;
  };
}

/**
 * Shaping results by text (and features, script, language, direction). fontkit applies the CJK font's GSUB/GPOS
 * lookups with linear coverage scans, ~0.5 ms per word; pdfkit caches per document only. Each caller gets its
 * own copy of the positions (pdfkit scales them in place) and of the glyph list; glyph objects are shared (see
 * above: they are immutable apart from their own lazy caches).
 */
function memoiseLayout(face: FaceInternals): void {
  const original = face.layout.bind(face);
  const runs = new Map<string, GlyphRun>();
  face.layout = (text: unknown, ...rest: unknown[]): GlyphRun => {
    if (typeof text !== 'string') return original(text, ...rest);
    const key = JSON.stringify([text, rest, face.defaultLanguage ?? null]);
    let run = runs.get(key);
    if (run) {
      // Most recently used last, so the words every document repeats are never the ones dropped.
      runs.delete(key);
      runs.set(key, run);
    } else {
      run = original(text, ...rest);
      runs.set(key, run);
      if (runs.size > MAX_RUNS) runs.delete(runs.keys().next().value as string);
    }
    return copyRun(run);
  };
}

function copyRun(run: GlyphRun): GlyphRun {
  const copy = Object.assign(Object.create(Object.getPrototypeOf(run) as object) as GlyphRun, run);
  copy.glyphs = run.glyphs.slice();
  copy.positions = run.positions.map((p) => Object.assign(Object.create(Object.getPrototypeOf(p) as object), p));
  copy.features = { ...run.features };
  return copy;
}

/**
 * Installs both caches on a face that is about to be shared, and fast OpenType lookups for what is still shaped
 * (new words); a face that does not look like fontkit's is left alone.
 */
export function installFaceCaches(face: object): void {
  const f = face as Partial<FaceInternals>;
  if (typeof f.getGlyph !== 'function' || typeof f.layout !== 'function') return;
  keyGlyphsByCodePoints(f as FaceInternals);
  memoiseLayout(f as FaceInternals);
  installFastShaping(face);
}
