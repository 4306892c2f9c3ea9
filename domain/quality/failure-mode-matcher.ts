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
}

const CACHE_LIMIT = 50_000;

const UNMAPPED: FailureModeMatch = {
  code: UNMAPPED_CODE,
  name: UNMAPPED_NAME,
  category: null,
  matchedBy: 'unmapped',
  term: null,
};

/**
 * Builds a matcher over the catalogue: a text folds into a mode only when it equals the mode's code, name or one
 * of its synonyms after `failureTextKey` normalisation (full-width, case, spaces and punctuation do not count).
 * Anything else is UNMAPPED — never folded by a guess: a text merely containing a term ('焊点开裂' contains '开裂')
 * or resembling one ('开裂' and '断裂') is a different fault until a person says otherwise (the supervisor's
 * classification, see failure-mode-classifications.ts, or a synonym in the catalogue). Suggestions for unmapped
 * texts are made apart, by suggest-failure-modes.ts, and shown, never applied.
 * A term claimed by two different codes is a catalogue error and throws ConfigError naming both.
 */
export function createFailureModeMatcher(catalogue: FailureModeCatalogue): FailureModeMatcher {
  const exact = new Map<string, Term>();
  const conflicts: string[] = [];
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
      const t: Term = { key, term, entry, kind };
      const prior = exact.get(key);
      if (prior && prior.entry.code !== entry.code) {
        conflicts.push(`"${term}" → ${prior.entry.code} and ${entry.code}`);
        continue;
      }
      if (!prior) exact.set(key, t);
    }
  }
  if (conflicts.length > 0) {
    throw new ConfigError(`failure-mode catalogue maps one term to two codes: ${conflicts.join('; ')}`, { conflicts });
  }

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
      const hit = exact.get(key);
      const result = hit ? toMatch(hit, hit.kind) : UNMAPPED;
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
