import { AppError } from '../../domain/errors';
import { grnDocNo, isAccepting, verdictLabel, type Verdict } from '../../domain/returns';
import { makeAppendPosting } from './append-posting';
import { dateCell, oldPartsJournal } from './journals';
import type { JournalOutcome, OldPartPosting } from './post-return';
import type { ReturnsActivityDeps } from './types';

/**
 * Books the accepted parts into the old-parts ledger (旧件库) as a receipt movement GRN-<no>.
 * Side effect: one row, once per GRN number. Nothing is booked for a verdict that keeps no part.
 */
export function makeBookOldPart(deps: ReturnsActivityDeps) {
  const append = makeAppendPosting(deps);
  return async function bookOldPart(p: OldPartPosting): Promise<JournalOutcome> {
    if (!isAccepting(p.verdict) || !Number.isInteger(p.qty) || p.qty <= 0) {
      throw new AppError(
        'NothingToBook',
        `return ${p.returnNo}: no accepted parts to book (verdict ${p.verdict}, qty ${p.qty})`,
        {},
      );
    }
    const spec = oldPartsJournal(deps.settings.targets.oldParts);
    const { values: _v, ...out } = await append(spec, [
      dateCell(p.date),
      '旧件库',
      p.partNo,
      oldPartsLocation(p.verdict),
      p.qty,
      grnDocNo(p.returnNo),
      p.partName,
      p.dealerId,
      p.returnNo,
      verdictLabel(p.verdict),
    ]);
    return out;
  };
}

/** Old-parts warehouse zone by verdict: parts the supplier must take back wait in 索赔区. */
function oldPartsLocation(v: Verdict): string {
  return v === 'supplier-responsible' ? '索赔区' : '报废区';
}
