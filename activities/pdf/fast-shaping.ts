const PATCHED = Symbol.for('aftersales-ops.fast-shaping');

interface Range {
  start: number;
  end: number;
}
interface Coverage {
  version: number;
  glyphs?: number[];
  rangeRecords?: (Range & { startCoverageIndex: number })[];
}
interface ClassDef {
  version: number;
  classRangeRecord?: (Range & { class: number })[];
}

interface ChainingContext {
  version: number;
  inputCoverage?: Coverage[];
}

interface Lookup {
  subTables: unknown[];
}

interface LookupEntry {
  lookup: Lookup;
}

interface ProcessorInternals {
  glyphIterator: { cur: { id: number } | null };
  applyLookups(lookups: LookupEntry[], ...rest: unknown[]): unknown;
  coverageIndex(coverage: Coverage, glyph?: number | null): number;
  getClassID(glyph: number, classDef: ClassDef): number;
  applyChainingContext(table: ChainingContext): boolean;
  [PATCHED]?: true;
}

/** Lookup tables built once per OpenType table object (the face is shared, so they are built once per process). */
const coverageLookups = new WeakMap<object, (glyph: number) => number>();
const classLookups = new WeakMap<object, ((glyph: number) => number) | null>();

/**
 * Makes fontkit's OpenType shaping fast on CJK fonts, with the same results. Why: shaping one short number such as
 * "12,345.67" with Noto Sans CJK cost ~0.5 ms, and every statement has dozens of new ones (amounts, document
 * numbers) that the layout cache (face-caches.ts) cannot have seen:
 * - Noto's `ccmp` has a chaining-context lookup of 268 coverage-based subtables, each tried on every glyph, and
 *   fontkit checks the backtrack glyphs before the glyph itself. A subtable whose first input coverage does not
 *   hold the current glyph cannot match (all these checks are side-effect free), so that is checked first.
 * - Within a (chaining) context lookup, only subtables whose first input coverage holds the current glyph can
 *   apply, so each such lookup with many subtables gets an index glyph → those subtables, in table order; the
 *   loop over a lookup's subtables then visits the candidates only, and still stops at the first that applies.
 * - fontkit finds a glyph in a coverage table with `indexOf` or a scan of its ranges, and a class with a scan of
 *   class ranges. Each coverage table gets a Map (format 1) or a binary search over its ranges (format 2), each
 *   class-definition table a binary search: the first match in table order, as the scans return (ranges that are
 *   unsorted or overlap keep the original scan).
 *
 * Patches the prototype fontkit's GSUB and GPOS processors share (reached from a face's layout engine) once per
 * process; returns false when the internals do not look as expected (then shaping is just slower).
 */
export function installFastShaping(face: object): boolean {
  const engine = (face as { _layoutEngine?: { engine?: { GSUBProcessor?: object; GPOSProcessor?: object } } })
    ._layoutEngine?.engine;
  const processor = engine?.GSUBProcessor ?? engine?.GPOSProcessor;
  if (!processor) return false;
  let proto = Object.getPrototypeOf(processor) as Partial<ProcessorInternals> | null;
  while (proto && !Object.prototype.hasOwnProperty.call(proto, 'coverageIndex')) proto = Object.getPrototypeOf(proto);
  if (
    !proto ||
    typeof proto.coverageIndex !== 'function' ||
    typeof proto.getClassID !== 'function' ||
    typeof proto.applyChainingContext !== 'function' ||
    typeof proto.applyLookups !== 'function'
  ) {
    return false;
  }
  if (proto[PATCHED]) return true;
  const originalCoverage = proto.coverageIndex;
  const originalClass = proto.getClassID;
  const originalChaining = proto.applyChainingContext;
  const originalLookups = proto.applyLookups;
  proto.applyLookups = function withSubtableIndexes(this: ProcessorInternals, lookups, ...rest) {
    const indexed = lookups.map((entry) => {
      const view = indexedView(this, entry.lookup);
      return view === entry.lookup ? entry : { ...entry, lookup: view };
    });
    return originalLookups.call(this, indexed, ...rest);
  };
  proto.applyChainingContext = function currentGlyphFirst(this: ProcessorInternals, table) {
    const first = table.version === 3 ? table.inputCoverage?.[0] : undefined;
    const cur = this.glyphIterator.cur;
    if (first && cur && this.coverageIndex(first, cur.id) === -1) return false;
    return originalChaining.call(this, table);
  };
  proto.coverageIndex = function indexedCoverage(this: ProcessorInternals, coverage, glyph) {
    const id = glyph ?? this.glyphIterator.cur?.id;
    if (id === undefined) return originalCoverage.call(this, coverage, glyph);
    let lookup = coverageLookups.get(coverage);
    if (!lookup) {
      lookup = coverageLookup(coverage) ?? ((g: number) => originalCoverage.call(this, coverage, g));
      coverageLookups.set(coverage, lookup);
    }
    return lookup(id);
  };
  proto.getClassID = function indexedClassID(this: ProcessorInternals, glyph, classDef) {
    if (classDef.version !== 2) return originalClass.call(this, glyph, classDef);
    let lookup = classLookups.get(classDef);
    if (lookup === undefined) {
      const records = classDef.classRangeRecord ?? [];
      lookup = sortedDisjoint(records) ? (g) => records[findRange(records, g)]?.class ?? 0 : null;
      classLookups.set(classDef, lookup);
    }
    return lookup ? lookup(glyph) : originalClass.call(this, glyph, classDef);
  };
  proto[PATCHED] = true;
  return true;
}

/** Lookups with fewer subtables are looped over as they are. */
const MIN_SUBTABLES = 8;
/** Upper bound on index entries per lookup (glyphs × subtables), so a lookup over huge ranges is left alone. */
const MAX_ENTRIES = 200_000;
const subtableIndexes = new WeakMap<object, Map<number, unknown[]> | null>();
const views = new WeakMap<object, WeakMap<object, Lookup>>();
const NONE: readonly unknown[] = Object.freeze([]);

/** The lookup as `processor` should loop over it: its subtables for the current glyph only, when indexable. */
function indexedView(processor: ProcessorInternals, lookup: Lookup): Lookup {
  let index = subtableIndexes.get(lookup);
  if (index === undefined) {
    index = subtableIndex(lookup);
    subtableIndexes.set(lookup, index);
  }
  if (!index) return lookup;
  const byGlyph = index;
  let mine = views.get(processor);
  if (!mine) views.set(processor, (mine = new WeakMap()));
  let view = mine.get(lookup);
  if (!view) {
    view = Object.create(lookup, {
      subTables: {
        get: () => {
          const cur = processor.glyphIterator?.cur;
          return cur ? (byGlyph.get(cur.id) ?? NONE) : lookup.subTables;
        },
      },
    }) as Lookup;
    mine.set(lookup, view);
  }
  return view;
}

/** Glyph → the subtables (in order) whose first input coverage holds it; null when a subtable has no such coverage. */
function subtableIndex(lookup: Lookup): Map<number, unknown[]> | null {
  const tables = lookup.subTables;
  if (!Array.isArray(tables) || tables.length < MIN_SUBTABLES) return null;
  const index = new Map<number, unknown[]>();
  let entries = 0;
  for (const table of tables) {
    const coverage = firstInputCoverage(table as Record<string, unknown>);
    const glyphs = coverage ? coverageGlyphs(coverage, MAX_ENTRIES - entries) : null;
    if (!glyphs) return null;
    entries += glyphs.length;
    for (const g of new Set(glyphs)) {
      const list = index.get(g);
      if (list) list.push(table);
      else index.set(g, [table]);
    }
  }
  return index;
}

/** The coverage a context or chaining-context subtable checks the current glyph against first. */
function firstInputCoverage(table: Record<string, unknown>): Coverage | undefined {
  if (Array.isArray(table.inputCoverage)) return table.inputCoverage[0] as Coverage | undefined; // chaining, format 3
  if (Array.isArray(table.coverages)) return table.coverages[0] as Coverage | undefined; // context, format 3
  const contextual = table.chainRuleSets || table.chainClassSet || table.ruleSets || table.classSet;
  return contextual ? (table.coverage as Coverage | undefined) : undefined; // formats 1 and 2
}

function coverageGlyphs(coverage: Coverage, max: number): number[] | null {
  if (coverage.version === 1 && Array.isArray(coverage.glyphs)) {
    return coverage.glyphs.length <= max ? coverage.glyphs : null;
  }
  if (coverage.version !== 2 || !Array.isArray(coverage.rangeRecords)) return null;
  const out: number[] = [];
  for (const r of coverage.rangeRecords) {
    if (out.length + (r.end - r.start + 1) > max) return null;
    for (let g = r.start; g <= r.end; g++) out.push(g);
  }
  return out;
}

function coverageLookup(coverage: Coverage): ((glyph: number) => number) | null {
  if (coverage.version === 1 && Array.isArray(coverage.glyphs)) {
    const at = new Map<number, number>();
    coverage.glyphs.forEach((g, i) => {
      if (!at.has(g)) at.set(g, i);
    });
    return (g) => at.get(g) ?? -1;
  }
  const ranges = coverage.rangeRecords;
  if (coverage.version === 2 && Array.isArray(ranges) && sortedDisjoint(ranges)) {
    return (g) => {
      const r = ranges[findRange(ranges, g)];
      return r ? r.startCoverageIndex + g - r.start : -1;
    };
  }
  return null;
}

/** Ranges in ascending order without overlaps: then at most one contains a glyph and binary search finds it. */
function sortedDisjoint(ranges: readonly Range[]): boolean {
  for (let i = 0; i < ranges.length; i++) {
    const r = ranges[i]!;
    if (!(r.start <= r.end) || (i > 0 && !(ranges[i - 1]!.end < r.start))) return false;
  }
  return true;
}

function findRange(ranges: readonly Range[], glyph: number): number {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const r = ranges[mid]!;
    if (glyph < r.start) hi = mid - 1;
    else if (glyph > r.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}
