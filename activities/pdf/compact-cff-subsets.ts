import { registerByteStrings } from './fast-cff-index';
import type { FontkitFont } from './fontkit';

const PATCHED = Symbol.for('aftersales-ops.compact-cff-subsets');
/** Every unused slot: one shared empty string (encoding only reads it), not tens of thousands of allocations. */
const EMPTY = new Uint8Array(0);
/** An all-empty copy of each font dict's subroutine list, copied for every subset. */
const blanks = new WeakMap<object, Uint8Array[]>();

interface SubrIndexEntry {
  offset: number;
  length: number;
}

interface CffSubsetInternals {
  cff: { stream: { pos: number; readBuffer(length: number): Uint8Array } };
  subsetSubrs(subrs: SubrIndexEntry[], used: Record<number, boolean>): Uint8Array[];
  [PATCHED]?: true;
}

/**
 * Makes fontkit's CFF subsets small. Why: fontkit keeps every subroutine slot of the original font and
 * fills unused ones with a 1-byte `return`, so a subset of Noto Sans CJK (tens of thousands of local
 * subroutines) carries ~50 KB of deflated offset table per face even for ten glyphs: a one-page report
 * with regular + bold came to 113 KB. Unused slots can be empty instead (a zero-length INDEX entry is
 * valid CFF; nothing calls them), which keeps every subroutine number and bias unchanged and deflates
 * to almost nothing: the same page is ~25 KB and rasterises pixel-identically (checked with pdftoppm).
 *
 * Patches the prototype of fontkit's CFF subset class once per process; returns false when fontkit's
 * internals no longer look as expected (then subsets are just larger — the size test notices).
 */
export function installCompactCffSubsets(cffFont: FontkitFont): boolean {
  if (!cffFont['CFF ']) return false;
  const proto = Object.getPrototypeOf(cffFont.createSubset()) as Partial<CffSubsetInternals> | null;
  if (!proto || typeof proto.subsetSubrs !== 'function') return false;
  if (proto[PATCHED]) return true;
  proto.subsetSubrs = function compactSubsetSubrs(this: CffSubsetInternals, subrs, used) {
    // Only the used slots are visited: a Noto font dict has up to 28,516 slots and a page uses a few dozen.
    let blank = blanks.get(subrs);
    if (!blank) blanks.set(subrs, (blank = new Array<Uint8Array>(subrs.length).fill(EMPTY)));
    const out = blank.slice();
    let usedAny = false;
    let dataBytes = 0;
    for (const key of Object.keys(used)) {
      const i = Number(key);
      const subr = subrs[i];
      if (!subr || !used[i]) continue;
      usedAny = true;
      this.cff.stream.pos = subr.offset;
      out[i] = this.cff.stream.readBuffer(subr.length);
      dataBytes += out[i]!.length;
    }
    // poppler refuses a font whose subroutine INDEX has no data bytes at all; one `return` satisfies it.
    if (!usedAny && out.length > 0) {
      out[0] = new Uint8Array([11]);
      dataBytes = 1;
    }
    registerByteStrings(out, dataBytes);
    return out;
  };
  proto[PATCHED] = true;
  return true;
}
