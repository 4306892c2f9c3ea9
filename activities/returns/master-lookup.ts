import type { MasterLookup } from '../../domain/returns';
import type { Masters } from './read-masters';

/** The masters as the return line checks ask for them: does the dealer exist, what does the part cost. */
export function lookupOf(m: Masters): MasterLookup {
  return {
    dealer: (id) => m.dealers.has(id),
    part: (no) => {
      const p = m.parts.get(no);
      return p ? { unitCostFen: p.unitCostFen } : null;
    },
  };
}
