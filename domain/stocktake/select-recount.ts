import { ConfigError } from '../errors';
import type { ReconcileResult, ReconciledLine } from './reconciled-line';
import type { ToleranceRuleName } from './resolve-tolerance';
import type { RecountPolicy } from './types';

export interface RecountCandidate {
  key: string;
  warehouse: string;
  zone: string;
  location: string;
  partNo: string;
  partName: string;
  reason: 'over-tolerance' | 'uncounted';
  trippedRules: ToleranceRuleName[];
  previousCounter: string | null;
  previousQty: number | null;
}

export interface RecountLine extends RecountCandidate {
  counter: string;
}

export interface RecountPlan {
  /** The round just reconciled (1 = the first count). */
  completedRound: number;
  /** The recount round to run, or null when done or escalating. */
  nextRound: number | null;
  /** Lines to recount in `nextRound`, with their counter; sorted by warehouse, zone, location, part. */
  lines: RecountLine[];
  /** True when lines are still out after `maxRounds` recounts: they go to the manager instead. */
  escalate: boolean;
  escalated: RecountCandidate[];
  /** Nothing (left) to recount. */
  done: boolean;
}

const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

function candidate(l: ReconciledLine): RecountCandidate {
  return {
    key: l.key,
    warehouse: l.warehouse,
    zone: l.zone,
    location: l.location,
    partNo: l.partNo,
    partName: l.partName,
    reason: l.status === 'uncounted' ? 'uncounted' : 'over-tolerance',
    trippedRules: [...l.trippedRules],
    previousCounter: l.counter,
    previousQty: l.countedQty,
  };
}

/**
 * Picks the lines for the next recount round and who counts them. Round numbering: round 1 is the first
 * count, rounds 2 … maxRounds+1 are recounts; after that, remaining lines escalate. Assignment is
 * deterministic and keeps a zone's lines from one previous counter together (one recount sheet per person),
 * giving each group to the least-loaded eligible counter (ties: order of `counters`).
 */
export function selectRecount(
  result: Pick<ReconcileResult, 'lines'>,
  round: number,
  policy: RecountPolicy,
  counters: readonly string[],
): RecountPlan {
  const picked = result.lines
    .filter((l) => l.overTolerance || (policy.includeUncounted === true && l.status === 'uncounted'))
    .map(candidate)
    .sort(
      (a, b) =>
        cmp(a.warehouse, b.warehouse) || cmp(a.zone, b.zone) || cmp(a.location, b.location) || cmp(a.partNo, b.partNo),
    );
  const base = { completedRound: round };
  if (picked.length === 0) return { ...base, nextRound: null, lines: [], escalate: false, escalated: [], done: true };
  if (round - 1 >= policy.maxRounds) {
    return { ...base, nextRound: null, lines: [], escalate: true, escalated: picked, done: false };
  }
  if (counters.length === 0) throw new ConfigError('no counters configured for the recount', { round });

  const groups = new Map<string, RecountCandidate[]>();
  for (const c of picked) {
    const g = `${c.warehouse}\u0000${c.zone}\u0000${c.previousCounter ?? ''}`;
    const members = groups.get(g);
    if (members) members.push(c);
    else groups.set(g, [c]);
  }
  const load = new Map(counters.map((c) => [c, 0]));
  const assigned = new Map<string, string>();
  for (const [, members] of [...groups].sort(([a], [b]) => cmp(a, b))) {
    const prev = members[0]!.previousCounter;
    let chosen: string | undefined;
    if (!policy.differentCounter && prev !== null && load.has(prev)) chosen = prev;
    else {
      const eligible = counters.filter((c) => !policy.differentCounter || c !== prev);
      if (eligible.length === 0) {
        throw new ConfigError(
          `recount needs a counter other than ${prev} for ${members[0]!.warehouse}/${members[0]!.zone}, but no other counter is configured`,
          { round, counter: prev },
        );
      }
      chosen = eligible.reduce((best, c) => (load.get(c)! < load.get(best)! ? c : best));
    }
    load.set(chosen, load.get(chosen)! + members.length);
    for (const m of members) assigned.set(m.key, chosen);
  }
  return {
    ...base,
    nextRound: round + 1,
    lines: picked.map((c) => ({ ...c, counter: assigned.get(c.key)! })),
    escalate: false,
    escalated: [],
    done: false,
  };
}
