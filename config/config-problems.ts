import type { z } from 'zod';
import { findUnknownKeys, keyPlaces } from './find-unknown-keys';
import { suggestKey } from './suggest-key';

/** One thing wrong in the config: where (dotted path, `(root)` for the whole file) and what. */
export interface ConfigProblem {
  path: string;
  message: string;
}

type Issue = z.core.$ZodIssue;
type Path = readonly PropertyKey[];

export const formatPath = (path: Path): string => (path.length ? path.map(String).join('.') : '(root)');

function valueAt(root: unknown, path: Path): unknown {
  let v = root;
  for (const key of path) v = v && typeof v === 'object' ? (v as Record<PropertyKey, unknown>)[key] : undefined;
  return v;
}

/** Each dotted path of the document in the order it is written, so problems are listed as they appear in the file. */
function documentOrder(value: unknown): Map<string, number> {
  const order = new Map<string, number>();
  const walk = (v: unknown, path: string): void => {
    order.set(path || '(root)', order.size);
    if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) walk(child, path ? `${path}.${k}` : k);
    }
  };
  walk(value, '');
  return order;
}

/** Zod's issues as problems; a failed plain union is explained by its closest branch (fewest issues). */
function fromIssue(issue: Issue, root: unknown, prefix: Path = []): ConfigProblem[] {
  const path = [...prefix, ...issue.path];
  if (issue.code === 'unrecognized_keys') return []; // reported with suggestions by findUnknownKeys
  if (issue.code === 'invalid_union' && issue.errors.length) {
    const closest = [...issue.errors].sort((a, b) => a.length - b.length)[0]!;
    return closest.flatMap((inner) => fromIssue(inner, root, path));
  }
  if (issue.code === 'invalid_value' || (issue.code === 'invalid_union' && 'options' in issue)) {
    const allowed = ('values' in issue ? issue.values : (issue as { options?: unknown[] }).options) ?? [];
    const given = valueAt(root, path);
    const hint = typeof given === 'string' ? suggestKey(given, allowed.map(String)) : undefined;
    const list = allowed.map((v) => JSON.stringify(v)).join(', ');
    return [
      {
        path: formatPath(path),
        message: `${JSON.stringify(given)} is not allowed here; expected ${allowed.length > 1 ? 'one of ' : ''}${list}${hint ? ` (did you mean "${hint}"?)` : ''}`,
      },
    ];
  }
  const message =
    issue.code === 'invalid_type' && valueAt(root, path) === undefined
      ? `required (${issue.message.replace(/^Invalid input: /, '')})`
      : issue.message.replace(/^Invalid input: /, '');
  return [{ path: formatPath(path), message }];
}

/**
 * Every problem of `value` against `schema` at once: keys the schema does not know at their place (with the
 * closest known key as a suggestion), and every value zod refuses. Problems at `skip` paths (e.g. an unset
 * environment variable already reported there) are left out.
 */
export function configProblems(
  schema: z.ZodType,
  value: unknown,
  earlier: readonly ConfigProblem[] = [],
): { problems: ConfigProblem[]; data?: unknown } {
  const skip = new Set(earlier.map((p) => p.path));
  const places = keyPlaces(schema);
  const unknown: ConfigProblem[] = findUnknownKeys(schema, value).map((u) => {
    const key = String(u.path[u.path.length - 1]);
    const elsewhere = places.get(key.toLowerCase());
    // The same place in keyPlaces' notation: a key of another variant here (smtp.outboxDir with mode: relay).
    const here = u.path
      .slice(0, -1)
      .reduce<string>((at, p) => (typeof p === 'number' ? `${at}[]` : at ? `${at}.${p}` : p), '');
    const hint = u.suggestion
      ? ` (did you mean "${u.suggestion}"?)`
      : elsewhere?.includes(here || '(top level)')
        ? ` (not with these settings; known here: ${u.known.join(', ')})`
        : elsewhere
          ? ` (a key of ${elsewhere.join(' / ')})`
          : `; known here: ${u.known.join(', ')}`;
    return { path: formatPath(u.path), message: `unknown key "${key}"${hint}` };
  });
  const result = schema.safeParse(value);
  const refused = result.success ? [] : result.error.issues.flatMap((i) => fromIssue(i, value));
  const seen = new Set<string>();
  const problems = [...earlier, ...unknown, ...refused].filter((p) => {
    if (earlier.includes(p)) return true;
    const id = `${p.path}\u0000${p.message}`;
    if (seen.has(id) || [...skip].some((s) => p.path === s || p.path.startsWith(`${s}.`))) return false;
    seen.add(id);
    return true;
  });
  const order = documentOrder(value);
  const rank = (path: string): number => {
    for (let p = path; ; p = p.slice(0, Math.max(0, p.lastIndexOf('.')))) {
      const r = order.get(p);
      if (r !== undefined) return r;
      if (!p.includes('.')) return order.get(p) ?? -1;
    }
  };
  problems.sort((a, b) => rank(a.path) - rank(b.path));
  return result.success ? { problems, data: result.data } : { problems };
}
