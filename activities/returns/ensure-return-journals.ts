import { ensureJournal } from './append-once';
import { whereOf } from './append-posting';
import { creditJournal, inspectionJournal, oldPartsJournal, recoveryJournal } from './journals';
import type { ReturnsActivityDeps } from './types';

/**
 * Creates the four journal tabs (header only) where they do not exist yet, so dunning, quality and the
 * stocktake can read them before the first posting. Idempotent; existing tabs are left alone.
 */
export function makeEnsureReturnJournals(deps: ReturnsActivityDeps) {
  const t = deps.settings.targets;
  return async function ensureReturnJournals(): Promise<string[]> {
    const created: string[] = [];
    for (const spec of [
      creditJournal(t.credits),
      oldPartsJournal(t.oldParts),
      inspectionJournal(t.inspections),
      recoveryJournal(t.recoveries),
    ]) {
      if (await ensureJournal(deps.backendFor(spec.ref), spec, { lockDir: deps.stateDir }))
        created.push(whereOf(spec, 1));
    }
    return created;
  };
}
