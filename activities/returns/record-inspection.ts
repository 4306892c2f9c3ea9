import { verdictLabel } from '../../domain/returns';
import { makeAppendPosting } from './append-posting';
import { dateCell, inspectionJournal, yuanCell } from './journals';
import type { InspectionPosting, JournalOutcome } from './post-return';
import type { ReturnsActivityDeps } from './types';

/**
 * Writes the inspection result to the inspection tab the quality-feedback workflow reads (source 三包鉴定).
 * Side effect: one row, once per return number. Retries: concurrent edits retry; a changed header fails.
 */
export function makeRecordInspection(deps: ReturnsActivityDeps) {
  const append = makeAppendPosting(deps);
  return async function recordInspection(p: InspectionPosting): Promise<JournalOutcome> {
    const spec = inspectionJournal(deps.settings.targets.inspections);
    const label = verdictLabel(p.verdict);
    const { values: _v, ...out } = await append(spec, [
      dateCell(p.date),
      '三包鉴定',
      p.model,
      p.partNo,
      p.partName,
      p.failureMode || null,
      p.supplier || null,
      p.dealerId,
      p.region || null,
      p.vin || null,
      p.qty,
      p.notes ? `${label}：${p.notes}` : label,
      p.returnNo,
      label,
      yuanCell(p.creditFen),
    ]);
    return out;
  };
}
