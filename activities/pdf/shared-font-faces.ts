import { installFaceCaches } from './face-caches';
import type { FontkitFont } from './fontkit';

const PATCHED = Symbol.for('aftersales-ops.shared-font-faces');

interface CollectionInternals {
  stream: { buffer: Uint8Array };
  getFont(name: string | Uint8Array): FontkitFont | null;
  [PATCHED]?: true;
}

/** Parsed faces by the collection's bytes (the very Buffer pdfmake's virtual file system hands pdfkit) and name. */
const faces = new WeakMap<Uint8Array, Map<string, FontkitFont | null>>();

/**
 * Makes every pdfkit document share one parsed face per font collection and PostScript name. Why: pdfkit opens
 * its fonts anew for every document (`fontkit.create(bytes, name)`), and for a Noto Sans CJK collection that
 * means walking the faces' name tables, then decoding the CFF (65,535 charstrings, tens of thousands of
 * subroutines), cmap and GSUB/GPOS tables again, and shaping with cold glyph caches: most of the ~300 ms of CPU a
 * one-page statement took, and most of its garbage. A fontkit face is read-only apart from its lazy caches
 * (decoded tables, glyph outlines, the layout engine), and every use of it is synchronous, so documents rendered
 * one after another or interleaved share it safely; each document still makes its own subset, and face-caches.ts
 * keeps what one document laid out from changing another's bytes.
 *
 * Patches the prototype of fontkit's TrueTypeCollection (reached from a parsed collection) once per process;
 * returns false when the font is not a collection or fontkit's internals no longer look as expected (then every
 * document parses its font again: slower, same bytes).
 */
export function installSharedFontFaces(collection: object): boolean {
  const proto = Object.getPrototypeOf(collection) as Partial<CollectionInternals> | null;
  if (!proto || typeof proto.getFont !== 'function' || !('header' in collection)) return false;
  if (proto[PATCHED]) return true;
  const original = proto.getFont;
  proto.getFont = function sharedGetFont(this: CollectionInternals, name) {
    const bytes = this.stream?.buffer;
    if (typeof name !== 'string' || !(bytes instanceof Uint8Array)) return original.call(this, name);
    let byName = faces.get(bytes);
    if (!byName) faces.set(bytes, (byName = new Map()));
    if (!byName.has(name)) {
      const face = original.call(this, name);
      if (face) installFaceCaches(face);
      byName.set(name, face);
    }
    return byName.get(name) ?? null;
  };
  proto[PATCHED] = true;
  return true;
}
