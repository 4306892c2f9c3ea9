import { AppError } from '../../domain/errors';
import { formatFen, type Fen } from '../../domain/money';
import { creditDocNo } from '../../domain/returns';
import { makeAppendPosting } from './append-posting';
import { creditJournal, dateCell, fenOfCell, yuanCell } from './journals';
import type { CreditPosting, JournalOutcome } from './post-return';
import type { ReturnsActivityDeps } from './types';

/**
 * Writes the dealer's credit note (类型 退货抵扣, 单据号 CR-<no>) to the credits tab in the dealer
 * transactions layout, so dunning counts it. Side effect: one row, once per document number; when the
 * number is already there the amount written first stands and is returned.
 */
export function makePostReturnCredit(deps: ReturnsActivityDeps) {
  const append = makeAppendPosting(deps);
  return async function postReturnCredit(p: CreditPosting): Promise<JournalOutcome & { amountFen: Fen }> {
    if (!Number.isSafeInteger(p.amountFen) || p.amountFen <= 0) {
      throw new AppError('InvalidCredit', `return ${p.returnNo}: credit must be above 0, got ${p.amountFen} fen`, {});
    }
    const spec = creditJournal(deps.settings.targets.credits);
    const note = `旧件退回 ${p.returnNo}${p.claimNo ? ` 索赔单 ${p.claimNo}` : ''} 抵扣 ${formatFen(p.amountFen)} 元`;
    const { values, ...out } = await append(spec, [
      dateCell(p.date),
      p.dealerId,
      '退货抵扣',
      creditDocNo(p.returnNo),
      yuanCell(p.amountFen),
      null,
      null,
      note,
      p.returnNo,
    ]);
    return { ...out, amountFen: fenOfCell(values[4] ?? null) };
  };
}
