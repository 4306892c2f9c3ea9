import { createRequire } from 'node:module';

const PATCHED = Symbol.for('aftersales-ops.fast-style-lookup');

type Style = Record<string, unknown> & { extends?: string | string[] };
type StackItem = string | Record<string, unknown>;

interface StyleStack {
  styleDictionary: Record<string, Style | undefined>;
  defaultStyle?: Record<string, unknown>;
  styleOverrides: StackItem[];
  getProperty(property: string): unknown;
}

interface StyleStackClass {
  prototype: StyleStack;
  getStyleProperty(item: unknown, stack: StyleStack | undefined, property: string, dflt: unknown): unknown;
  [PATCHED]?: true;
}

const isValue = (v: unknown): boolean => v !== undefined && v !== null;
const isString = (v: unknown): v is string => typeof v === 'string' || v instanceof String;

/** A named style's property, following `extends` (last parent first) and skipping cycles, as pdfmake does. */
function fromStyle(dict: StyleStack['styleDictionary'], name: string, property: string, seen?: Set<string>): unknown {
  if (seen?.has(name)) return undefined;
  seen?.add(name);
  const style = dict[name];
  if (!style) return undefined;
  const own = style[property];
  if (isValue(own)) return own;
  if (!style.extends) return undefined;
  const visited = seen ?? new Set([name]);
  const parents = Array.isArray(style.extends) ? style.extends : [style.extends];
  for (let i = parents.length - 1; i >= 0; i--) {
    const v = fromStyle(dict, parents[i] as string, property, visited);
    if (isValue(v)) return v;
  }
  return undefined;
}

/** Looks `property` up in `items` from the last to the first: a name is a named style, an object overrides. */
function fromItems(dict: StyleStack['styleDictionary'], items: readonly StackItem[], property: string): unknown {
  for (let i = items.length - 1; i >= 0; i--) {
    const item = items[i] as StackItem;
    const v = isString(item) ? fromStyle(dict, String(item), property) : item[property];
    if (isValue(v)) return v;
  }
  return undefined;
}

/**
 * Makes pdfmake's style lookups cheap. Why: pdfmake asks ~25 style properties of every piece of text it lays out,
 * and each ask pushes the item's styles on the context stack, builds a closure and a `Set`, walks the stack and pops:
 * ~4 ms of a one-page statement's ~20 ms (StyleContextStack.getStyleProperty/getProperty in the profile). The same
 * walk (the item, its named styles last to first, the stack top to bottom, the default style) without the push, pop
 * and allocations gives the same answers, so the same bytes. Installed once; pdfmake's own code stays in place when
 * its internals do not look as expected.
 */
export function installFastStyleLookup(): boolean {
  let cls: StyleStackClass | undefined;
  try {
    const req = createRequire(require.resolve('pdfmake'));
    cls = (req('./StyleContextStack') as { default?: StyleStackClass }).default;
  } catch {
    return false;
  }
  if (!cls || typeof cls.getStyleProperty !== 'function' || typeof cls.prototype.getProperty !== 'function') {
    return false;
  }
  if (cls[PATCHED]) return true;
  cls.prototype.getProperty = function getProperty(this: StyleStack, property: string): unknown {
    const v = fromItems(this.styleDictionary, this.styleOverrides ?? [], property);
    return isValue(v) ? v : this.defaultStyle && this.defaultStyle[property];
  };
  cls.getStyleProperty = (item, stack, property, dflt) => {
    const it = item as Record<string, unknown>;
    if (isValue(it[property])) return it[property];
    if (!stack) return dflt;
    let v: unknown;
    // pdfmake pushes an object item's styles, then the item itself (whose own property is known to be absent).
    if (!isString(item) && typeof it.section === 'undefined' && it.style) {
      v = fromItems(stack.styleDictionary, Array.isArray(it.style) ? it.style : [it.style as StackItem], property);
    }
    if (!isValue(v)) v = stack.getProperty(property);
    return isValue(v) ? v : dflt;
  };
  cls[PATCHED] = true;
  return true;
}
