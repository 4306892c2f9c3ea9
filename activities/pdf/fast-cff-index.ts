import { createRequire } from 'node:module';
import type { FontkitFont } from './fontkit';

const PATCHED = Symbol.for('aftersales-ops.fast-cff-index');

interface EncodeStream {
  buffer: Uint8Array;
  pos: number;
  writeUInt8(v: number): void;
  writeUInt16BE(v: number): void;
}

interface CffIndexInternals {
  type?: unknown;
  size(arr: unknown, parent: unknown): number;
  encode(stream: EncodeStream, arr: unknown, parent: unknown): void;
  [PATCHED]?: true;
}

interface PointerInternals {
  type?: CffIndexInternals;
  size(val: unknown, ctx: unknown): number;
}

interface SubsetInternals {
  includeGlyph(gid: number): number;
  encode(...args: unknown[]): Uint8Array;
  [PATCHED]?: true;
}

/**
 * Makes encoding a CFF subset cheap. Why: a subset of Noto Sans CJK keeps every subroutine slot (up to 28,516 in
 * one font dict, see compact-cff-subsets.ts), and fontkit sizes each INDEX again for every level of dictionaries
 * that points at it (Top DICT → FDArray → Private → Subrs): ~580,000 size calls per subset, then one generic
 * restructure write per offset. That was tens of milliseconds per face per document. For an INDEX of plain byte
 * strings (subroutines, charstrings) this
 * - remembers its size by array identity while one subset is encoded (such arrays are built before the encode
 *   and not changed during it; dictionaries, whose size depends on where they land, are sized as before), and
 * - writes it directly: count, offset size, offsets big-endian, data — the same bytes fontkit writes (CFF spec
 *   §5 INDEX data), without a dynamic method lookup per offset.
 *
 * Finds fontkit's INDEX class through the restructure Pointer that refers to it, during one encode of a tiny
 * subset, and patches its prototype and the subset class's `encode` once per process. Returns false when the
 * internals no longer look as expected (then subsets are slower to make; the bytes are the same either way).
 */
export function installFastCffIndex(cffFont: FontkitFont): boolean {
  if (!cffFont['CFF ']) return false;
  const subsetProto = Object.getPrototypeOf(cffFont.createSubset()) as Partial<SubsetInternals> | null;
  if (!subsetProto || typeof subsetProto.encode !== 'function') return false;
  if (subsetProto[PATCHED]) return true;
  const indexProto = findIndexPrototype(cffFont);
  if (!indexProto || typeof indexProto.encode !== 'function') return false;

  let sizes: WeakMap<object, number> | null = null;
  const originalSize = indexProto.size;
  indexProto.size = function rememberedSize(this: CffIndexInternals, arr, parent) {
    if (!sizes || this.type !== undefined || !Array.isArray(arr)) return originalSize.call(this, arr, parent);
    let size = sizes.get(arr);
    if (size === undefined) {
      size = byteStringIndexSize(arr) ?? originalSize.call(this, arr, parent);
      sizes.set(arr, size);
    }
    return size;
  };
  const originalIndexEncode = indexProto.encode;
  indexProto.encode = function directEncode(this: CffIndexInternals, stream, arr, parent) {
    if (this.type !== undefined || !Array.isArray(arr) || !writeByteStringIndex(stream, arr)) {
      originalIndexEncode.call(this, stream, arr, parent);
    }
  };
  const originalEncode = subsetProto.encode;
  subsetProto.encode = function encodeWithRememberedSizes(this: SubsetInternals, ...args) {
    // Encoding is synchronous, so no other subset's encode can run while this memo is in place.
    sizes = new WeakMap();
    try {
      return originalEncode.apply(this, args);
    } finally {
      sizes = null;
    }
  };
  indexProto[PATCHED] = true;
  subsetProto[PATCHED] = true;
  return true;
}

/** Offset size (bytes) for an INDEX whose last offset is `last`; 0 when it does not fit in four bytes. */
const offSizeFor = (last: number): number =>
  last <= 0xff ? 1 : last <= 0xffff ? 2 : last <= 0xffffff ? 3 : last <= 0xffffffff ? 4 : 0;

/**
 * Arrays of byte strings whose total data length is already known (compact-cff-subsets.ts registers the subroutine
 * arrays it builds), so sizing and writing them need not look at every one of their ~30,000 entries first.
 */
const knownDataBytes = new WeakMap<readonly unknown[], number>();

/** Records that `items` holds only Uint8Arrays totalling `dataBytes`; the caller must not change it afterwards. */
export function registerByteStrings(items: readonly Uint8Array[], dataBytes: number): void {
  knownDataBytes.set(items, dataBytes);
}

/** Total data bytes of an array of byte strings, or undefined when an item is not one. */
function dataBytesOf(items: readonly unknown[]): number | undefined {
  const known = knownDataBytes.get(items);
  if (known !== undefined) return known;
  let bytes = 0;
  for (const item of items) {
    if (!(item instanceof Uint8Array)) return undefined;
    bytes += item.length;
  }
  return bytes;
}

/** Encoded size of an INDEX of byte strings (as fontkit computes it), or undefined for other items. */
function byteStringIndexSize(items: readonly unknown[]): number | undefined {
  if (items.length === 0) return 2;
  const data = dataBytesOf(items);
  const offSize = data === undefined ? 0 : offSizeFor(1 + data);
  return offSize === 0 ? undefined : 2 + 1 + offSize * (items.length + 1) + data!;
}

/** CFF INDEX of byte strings; false (nothing written) when the items or the stream are not the expected shape. */
function writeByteStringIndex(stream: EncodeStream, items: readonly unknown[]): boolean {
  const out = stream.buffer;
  if (!(out instanceof Uint8Array) || typeof stream.pos !== 'number' || items.length === 0) return false;
  const data = dataBytesOf(items);
  const offSize = data === undefined ? 0 : offSizeFor(1 + data);
  if (offSize === 0) return false;
  const strings = items as readonly Uint8Array[];
  stream.writeUInt16BE(strings.length);
  stream.writeUInt8(offSize);
  let pos = stream.pos;
  // Big-endian, offSize bytes (offsets < 2^32, so the unsigned shifts are exact).
  const writeOffset = (offset: number): void => {
    if (offSize === 4) out[pos++] = offset >>> 24;
    if (offSize >= 3) out[pos++] = (offset >>> 16) & 0xff;
    if (offSize >= 2) out[pos++] = (offset >>> 8) & 0xff;
    out[pos++] = offset & 0xff;
  };
  let offset = 1;
  writeOffset(offset);
  for (let i = 0; i < strings.length;) {
    const length = strings[i]!.length;
    if (length > 0) {
      writeOffset((offset += length));
      i++;
      continue;
    }
    // A run of empty strings (unused subroutine slots) repeats one offset: write it once, then copy it doubling.
    let end = i;
    while (end < strings.length && strings[end]!.length === 0) end++;
    const from = pos;
    writeOffset(offset);
    const total = (end - i) * offSize;
    for (let done = offSize; done < total;) {
      const chunk = Math.min(done, total - done);
      out.copyWithin(pos, from, from + chunk);
      pos += chunk;
      done += chunk;
    }
    i = end;
  }
  for (const item of strings) {
    if (item.length === 0) continue;
    out.set(item, pos);
    pos += item.length;
  }
  stream.pos = pos;
  return true;
}

/** The prototype of fontkit's CFFIndex, seen as the target type of the CharStrings pointer while a subset encodes. */
function findIndexPrototype(cffFont: FontkitFont): CffIndexInternals | null {
  let restructure: { Pointer?: { prototype: PointerInternals } };
  try {
    const fontkitMain = createRequire(require.resolve('pdfkit')).resolve('fontkit');
    restructure = createRequire(fontkitMain)('restructure') as typeof restructure;
  } catch {
    return null;
  }
  const pointer = restructure.Pointer?.prototype;
  if (!pointer || typeof pointer.size !== 'function') return null;
  let found: CffIndexInternals | null = null;
  const originalSize = pointer.size;
  pointer.size = function spyingSize(this: PointerInternals, val, ctx) {
    const t = this.type;
    if (!found && t && t.type === undefined && typeof t.size === 'function' && isByteStrings(val)) {
      found = Object.getPrototypeOf(t) as CffIndexInternals;
    }
    return originalSize.call(this, val, ctx);
  };
  try {
    const subset = cffFont.createSubset() as SubsetInternals;
    subset.includeGlyph(1);
    subset.encode();
  } catch {
    return null;
  } finally {
    pointer.size = originalSize;
  }
  return found;
}

function isByteStrings(val: unknown): val is Uint8Array[] {
  return Array.isArray(val) && val.length > 0 && val.every((v) => v instanceof Uint8Array);
}
