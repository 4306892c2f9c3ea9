import { ConfigError } from '../errors';
import { failureTextKey } from './normalize-fields';
import {
  UNMAPPED_CODE,
  UNMAPPED_NAME,
  type FailureMatchKind,
  type FailureModeCatalogue,
  type FailureModeEntry,
} from './types';

export interface FailureModeMatch {
  code: string;
  name: string;
  category: string | null;
  matchedBy: FailureMatchKind;
  /** The catalogue term (code, name or synonym) that matched, as written in the catalogue. */
  term: string | null;
}

export interface FailureModeMatcher {
  /** Maps one free text; blank or unknown text gives the UNMAPPED bucket. */
  match(text: string | undefined): FailureModeMatch;
}

interface Term {
  key: string;
  term: string;
  entry: FailureModeEntry;
  kind: 'code' | 'name' | 'synonym';
  order: number;
}

/** Substring matches shorter than this are too noisy to trust ('漏' would hit half the texts). */
const MIN_CONTAINS_LENGTH = 2;
const CACHE_LIMIT = 50_000;

const UNMAPPED: FailureModeMatch = {
  code: UNMAPPED_CODE,
  name: UNMAPPED_NAME,
  category: null,
  matchedBy: 'unmapped',
  term: null,
};

/**
 * Builds a matcher over the catalogue. Order of precedence: exact code, exact name or synonym (after
 * `failureTextKey` normalisation), then the longest name/synonym contained in the text; equal lengths go
 * to the entry listed first in the catalogue, so the result never depends on iteration order of a map.
 * A term claimed by two different codes is a catalogue error and throws ConfigError naming both.
 */
export function createFailureModeMatcher(catalogue: FailureModeCatalogue): FailureModeMatcher {
  const exact = new Map<string, Term>();
  const contains: Term[] = [];
  const conflicts: string[] = [];
  let order = 0;
  const codes = new Set<string>();
  for (const entry of catalogue) {
    if (!entry.code.trim()) throw new ConfigError('failure-mode catalogue entry without a code', { name: entry.name });
    if (entry.code === UNMAPPED_CODE) throw new ConfigError(`failure-mode code ${UNMAPPED_CODE} is reserved`, {});
    if (codes.has(entry.code))
      throw new ConfigError(`failure-mode code ${entry.code} is listed twice`, { code: entry.code });
    codes.add(entry.code);
    const terms: Array<[string, Term['kind']]> = [
      [entry.code, 'code'],
      [entry.name, 'name'],
      ...entry.synonyms.map((s): [string, Term['kind']] => [s, 'synonym']),
    ];
    for (const [term, kind] of terms) {
      const key = failureTextKey(term);
      if (!key) continue;
      const t: Term = { key, term, entry, kind, order: order++ };
      const prior = exact.get(key);
      if (prior && prior.entry.code !== entry.code) {
        conflicts.push(`"${term}" → ${prior.entry.code} and ${entry.code}`);
        continue;
      }
      if (!prior) exact.set(key, t);
      if (kind !== 'code' && [...key].length >= MIN_CONTAINS_LENGTH) contains.push(t);
    }
  }
  if (conflicts.length > 0) {
    throw new ConfigError(`failure-mode catalogue maps one term to two codes: ${conflicts.join('; ')}`, { conflicts });
  }
  contains.sort((a, b) => b.key.length - a.key.length || a.order - b.order);

  const cache = new Map<string, FailureModeMatch>();
  const toMatch = (t: Term, kind: FailureMatchKind): FailureModeMatch => ({
    code: t.entry.code,
    name: t.entry.name,
    category: t.entry.category || null,
    matchedBy: kind,
    term: t.term,
  });

  return {
    match(text) {
      const key = failureTextKey(text ?? '');
      if (!key) return UNMAPPED;
      const cached = cache.get(key);
      if (cached) return cached;
      let result = UNMAPPED;
      const hit = exact.get(key);
      if (hit) result = toMatch(hit, hit.kind);
      else {
        const sub = contains.find((t) => key.includes(t.key));
        if (sub) result = toMatch(sub, 'contains');
      }
      if (cache.size >= CACHE_LIMIT) cache.clear();
      cache.set(key, result);
      return result;
    },
  };
}

/** Splits a synonyms cell ("渗油; 漏机油、oil leak") on ; ； , ， 、 / and line breaks; blanks dropped. */
export function splitSynonyms(cell: string | readonly string[] | undefined | null): string[] {
  if (!cell) return [];
  const parts = typeof cell === 'string' ? cell.split(/[;；,，、/\n\r]+/) : cell;
  return parts.map((s) => s.normalize('NFKC').trim()).filter((s) => s !== '');
}
