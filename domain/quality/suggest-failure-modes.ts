/**
 * Suggestions for a failure text the catalogue does not know: the modes whose name or synonym shares the most
 * with it, by a measure a supervisor can check at a glance — the characters (Chinese) or words (Latin) the two
 * have in common, as a Dice coefficient 2·|shared| / (|text| + |term|). '开裂' and '断裂' share '裂' (0.5).
 * Suggestions are shown to a person, never applied: the matcher folds only exact and normalised matches.
 */
import { BLANK_TEXT, type UnmappedFailureText } from './clean-quality-events';
import type { FailureModeCatalogue } from './types';

export interface FailureModeSuggestion {
  code: string;
  name: string;
  /** The catalogue term (name or synonym) most alike. */
  term: string;
  /** What the text shares with that term, in the text's order ('裂'; 'oil leak'). */
  shared: string;
  /** Dice coefficient over characters/words, 0 < score ≤ 1, two decimals. */
  score: number;
}

/** Han characters one by one, other letters and digits as words; NFKC and lower case first. */
function tokens(text: string): string[] {
  return (
    text
      .normalize('NFKC')
      .toLowerCase()
      .match(/\p{Script=Han}|[\p{L}\p{N}]+/gu) ?? []
  );
}

function sharedTokens(text: readonly string[], term: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const t of term) left.set(t, (left.get(t) ?? 0) + 1);
  const out: string[] = [];
  for (const t of text) {
    const n = left.get(t) ?? 0;
    if (n === 0) continue;
    left.set(t, n - 1);
    out.push(t);
  }
  return out;
}

const join = (parts: readonly string[]) =>
  parts.reduce((s, p) => (s && /\w$/.test(s) && /^\w/.test(p) ? `${s} ${p}` : s + p), '');

/**
 * Up to `limit` modes alike to `text`, best first (score, then more shared, then catalogue order). A mode with
 * nothing in common is never suggested, so an empty list means "no idea", not "the first mode".
 */
export function suggestFailureModes(text: string, catalogue: FailureModeCatalogue, limit = 3): FailureModeSuggestion[] {
  const mine = tokens(text);
  if (mine.length === 0) return [];
  const ranked: (FailureModeSuggestion & { sharedCount: number; order: number })[] = [];
  catalogue.forEach((entry, order) => {
    let best: (FailureModeSuggestion & { sharedCount: number; order: number }) | null = null;
    for (const term of [entry.name, ...entry.synonyms]) {
      const theirs = tokens(term);
      const shared = sharedTokens(mine, theirs);
      if (shared.length === 0) continue;
      const score = Math.round(((2 * shared.length) / (mine.length + theirs.length)) * 100) / 100;
      if (!best || score > best.score || (score === best.score && shared.length > best.sharedCount)) {
        best = {
          code: entry.code,
          name: entry.name,
          term,
          shared: join(shared),
          score,
          sharedCount: shared.length,
          order,
        };
      }
    }
    if (best) ranked.push(best);
  });
  ranked.sort((a, b) => b.score - a.score || b.sharedCount - a.sharedCount || a.order - b.order);
  return ranked.slice(0, limit).map(({ code, name, term, shared, score }) => ({ code, name, term, shared, score }));
}

/** What the supervisor reviews: the most frequent unmapped texts with suggestions, and the modes to choose from. */
export interface UnmappedReview {
  texts: { text: string; events: number; suggestions: FailureModeSuggestion[] }[];
  /** Unmapped texts not listed (past `maxTexts`); they stay in the unmapped list and come up again. */
  more: number;
  modes: { code: string; name: string }[];
}

export function reviewUnmappedTexts(
  unmapped: readonly UnmappedFailureText[],
  catalogue: FailureModeCatalogue,
  opts: { maxTexts?: number; maxModes?: number } = {},
): UnmappedReview {
  const maxTexts = opts.maxTexts ?? 15;
  // BLANK_TEXT stands for events with no text at all: nothing to classify.
  const candidates = unmapped.filter((u) => u.text !== BLANK_TEXT);
  const listed = candidates.slice(0, maxTexts);
  return {
    texts: listed.map((u) => ({ text: u.text, events: u.count, suggestions: suggestFailureModes(u.text, catalogue) })),
    more: candidates.length - listed.length,
    modes: catalogue.slice(0, opts.maxModes ?? 300).map((e) => ({ code: e.code, name: e.name })),
  };
}
