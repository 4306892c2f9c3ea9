import type { z } from 'zod';
import { suggestKey } from './suggest-key';

/** A key in the config that the schema does not know at that place. */
export interface UnknownKey {
  /** Where it is, e.g. ['approvals', 'linkTTL'] or ['sources', 'qualityEvents', 0, 'sheeet']. */
  path: (string | number)[];
  /** The keys allowed at that place. */
  known: string[];
  /** The closest allowed key, when the unknown one looks like a typo of it. */
  suggestion?: string;
}

interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  catchall?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  element?: z.ZodType;
  items?: z.ZodType[];
  keyType?: z.ZodType;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  left?: z.ZodType;
  right?: z.ZodType;
  getter?: () => z.ZodType;
  values?: unknown[];
  entries?: Record<string, unknown>;
}

const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;
const isRecord = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v);

/** Wrappers whose structure is that of the schema they wrap. */
const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional']);

/** The allowed values of an enum or literal schema (else null: any key of that type). */
function enumValues(schema: z.ZodType): string[] | null {
  let def = defOf(schema);
  while (WRAPPERS.has(def.type) && def.innerType) def = defOf(def.innerType);
  if (def.type === 'enum' && def.entries) return Object.values(def.entries).map(String);
  if (def.type === 'literal' && def.values) return def.values.map(String);
  return null;
}

/** The object shape a schema accepts at its top, through wrappers (for choosing a union branch). */
function shapeOf(schema: z.ZodType): Record<string, z.ZodType> | null {
  let def = defOf(schema);
  while ((WRAPPERS.has(def.type) && def.innerType) || (def.type === 'pipe' && def.in)) {
    def = defOf((def.type === 'pipe' ? def.in : def.innerType)!);
  }
  return def.type === 'object' ? (def.shape ?? {}) : null;
}

/** The schema under wrappers and pipes (the structure a value is checked against). */
function unwrap(schema: z.ZodType): Def {
  let def = defOf(schema);
  while ((WRAPPERS.has(def.type) && def.innerType) || (def.type === 'pipe' && def.in) || def.type === 'lazy') {
    def = def.type === 'lazy' ? defOf(def.getter!()) : defOf((def.type === 'pipe' ? def.in : def.innerType)!);
  }
  return def;
}

/**
 * How well a schema fits a value that does not parse (for choosing a union branch): -1 when its shape cannot hold
 * the value at all (a list for a map, a map for a list), else how many of the value's keys it knows.
 */
function fit(schema: z.ZodType, value: unknown): number {
  const def = unwrap(schema);
  if (def.type === 'union') return Math.max(-1, ...(def.options ?? []).map((o) => fit(o, value)));
  if (def.type === 'array' || def.type === 'tuple') return Array.isArray(value) ? 0 : -1;
  if (!isRecord(value)) return def.type === 'object' || def.type === 'record' ? -1 : 0;
  if (def.type === 'object') return Object.keys(value).filter((k) => k in (def.shape ?? {})).length;
  if (def.type === 'record' || def.type === 'intersection') return 0;
  return -1;
}

/**
 * The branch of a union the value was meant for: by discriminator, else one that accepts it, else the one whose
 * shape fits it best — so a value with a mistake in it is still checked against the branch it was written for.
 */
function pickBranch(def: Def, value: unknown): z.ZodType | undefined {
  const options = def.options ?? [];
  if (isRecord(value) && def.discriminator) {
    const tag = value[def.discriminator];
    const match = options.find((o) => {
      const field = shapeOf(o)?.[def.discriminator!];
      return field ? (enumValues(field) ?? []).includes(String(tag)) : false;
    });
    if (match) return match;
  }
  const passing = options.find((o) => o.safeParse(value).success);
  if (passing) return passing;
  let best: { option: z.ZodType; score: number } | undefined;
  for (const option of options) {
    const score = fit(option, value);
    if (score >= 0 && (!best || score > best.score)) best = { option, score };
  }
  return best?.option;
}

/**
 * Every key in `value` that `schema` does not know, with the keys it does know at that place and a suggestion.
 * Generic over the schema (objects, records with enum keys, arrays, unions, wrappers), so a key added to the
 * schema is known at once. An object declared loose (a catch-all other than `never`) accepts any key.
 */
export function findUnknownKeys(schema: z.ZodType, value: unknown, path: (string | number)[] = []): UnknownKey[] {
  const def = defOf(schema);
  if (WRAPPERS.has(def.type) && def.innerType) return findUnknownKeys(def.innerType, value, path);
  if (value === undefined || value === null) return [];
  switch (def.type) {
    case 'pipe':
      return def.in ? findUnknownKeys(def.in, value, path) : [];
    case 'lazy':
      return def.getter ? findUnknownKeys(def.getter(), value, path) : [];
    case 'intersection': {
      if (!def.left || !def.right || !isRecord(value)) return [];
      const left = findUnknownKeys(def.left, value, path);
      const right = findUnknownKeys(def.right, value, path);
      // A key is unknown only when neither side knows it.
      const key = (u: UnknownKey) => u.path.join('\u0000');
      const rightKeys = new Set(right.map(key));
      return left.filter((u) => rightKeys.has(key(u)));
    }
    case 'array':
      return Array.isArray(value) && def.element
        ? value.flatMap((v, i) => findUnknownKeys(def.element!, v, [...path, i]))
        : [];
    case 'tuple':
      return Array.isArray(value)
        ? value.flatMap((v, i) => (def.items?.[i] ? findUnknownKeys(def.items[i], v, [...path, i]) : []))
        : [];
    case 'union': {
      const branch = pickBranch(def, value);
      return branch ? findUnknownKeys(branch, value, path) : [];
    }
    case 'record': {
      if (!isRecord(value) || !def.valueType) return [];
      const allowed = def.keyType ? enumValues(def.keyType) : null;
      return Object.entries(value).flatMap(([k, v]) =>
        allowed && !allowed.includes(k)
          ? [unknownKey([...path, k], allowed)]
          : findUnknownKeys(def.valueType!, v, [...path, k]),
      );
    }
    case 'object': {
      if (!isRecord(value)) return [];
      const shape = def.shape ?? {};
      const loose = def.catchall && defOf(def.catchall).type !== 'never';
      const known = Object.keys(shape);
      return Object.entries(value).flatMap(([k, v]) => {
        if (k in shape) return findUnknownKeys(shape[k]!, v, [...path, k]);
        if (loose) return findUnknownKeys(def.catchall!, v, [...path, k]);
        return [unknownKey([...path, k], known)];
      });
    }
    default:
      return [];
  }
}

function unknownKey(path: (string | number)[], known: string[]): UnknownKey {
  const suggestion = suggestKey(String(path[path.length - 1]), known);
  return { path, known, ...(suggestion ? { suggestion } : {}) };
}

/**
 * Where each key name is allowed anywhere in the schema (lower-cased name → dotted places, `[]` for list items,
 * `*` for map values; lazy schemas are not followed), so a key written at the wrong level can be pointed to its place.
 */
export function keyPlaces(schema: z.ZodType): Map<string, string[]> {
  const places = new Map<string, string[]>();
  const walk = (s: z.ZodType, at: string): void => {
    const def = defOf(s);
    const inner = [def.innerType, def.in, def.element, def.valueType, def.left, def.right, ...(def.options ?? [])];
    const suffix = def.type === 'array' ? '[]' : def.type === 'record' ? '.*' : '';
    for (const child of inner) if (child) walk(child, `${at}${suffix}`);
    if (def.type === 'object') {
      for (const [k, child] of Object.entries(def.shape ?? {})) {
        const list = places.get(k.toLowerCase()) ?? [];
        list.push(at || '(top level)');
        places.set(k.toLowerCase(), list);
        walk(child, at ? `${at}.${k}` : k);
      }
    }
  };
  walk(schema, '');
  return places;
}
