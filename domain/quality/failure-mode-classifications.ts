/**
 * The supervisor's classifications of failure texts the catalogue did not know ("开裂 is FM06"), kept in a
 * system-owned journal and folded into the catalogue as synonyms before a month is cleaned. The catalogue kept by
 * people always wins: a classification naming a code the catalogue no longer has, or a text the catalogue itself
 * now gives to another mode, is set aside with the reason (never a silent re-fold); the first classification of a
 * text wins over later ones.
 */
import { failureTextKey } from './normalize-fields';
import type { FailureModeCatalogue, FailureModeEntry } from './types';

export interface FailureModeClassification {
  text: string;
  code: string;
  /** Row in the journal, for the reason shown when the row is set aside. */
  row?: number;
}

export interface SetAsideClassification extends FailureModeClassification {
  reason: string;
}

export interface FoldedCatalogue {
  catalogue: FailureModeEntry[];
  /** Texts added as synonyms. */
  applied: number;
  setAside: SetAsideClassification[];
}

export function foldClassifications(
  catalogue: FailureModeCatalogue,
  classifications: readonly FailureModeClassification[],
): FoldedCatalogue {
  const entries = catalogue.map((e) => ({ ...e, synonyms: [...e.synonyms] }));
  const byCode = new Map(entries.map((e) => [e.code.trim().toUpperCase(), e]));
  const owner = new Map<string, string>();
  for (const e of entries) {
    for (const term of [e.code, e.name, ...e.synonyms]) {
      const key = failureTextKey(term);
      if (key && !owner.has(key)) owner.set(key, e.code);
    }
  }
  const setAside: SetAsideClassification[] = [];
  let applied = 0;
  for (const c of classifications) {
    const key = failureTextKey(c.text);
    const entry = byCode.get(c.code.trim().toUpperCase());
    const holder = key ? owner.get(key) : undefined;
    if (!key) setAside.push({ ...c, reason: '故障描述为空 / no text' });
    else if (!entry)
      setAside.push({ ...c, reason: `代码 ${c.code} 不在故障模式目录中 / code not in the catalogue; classify again` });
    else if (holder === entry.code)
      continue; // the catalogue (or an earlier row) already folds it the same way
    else if (holder !== undefined)
      setAside.push({ ...c, reason: `“${c.text}”已归入 ${holder} / already folded into ${holder}` });
    else {
      entry.synonyms.push(c.text);
      owner.set(key, entry.code);
      applied++;
    }
  }
  return { catalogue: entries, applied, setAside };
}
