/**
 * Template data for the statement of account and the dunning letter, built from a reconciliation. Money stays
 * in integer fen (the templates format it); only what the document prints goes in, so the data's hash changes
 * exactly when the printed content does (the statement mail is keyed by it).
 */
import { finalLevel, type DealerReconciliation, type Dealer, type DunningProcedure } from '../../domain/dunning';
import type { LetterData } from '../../templates/pdf/dunning-letter';
import type { StatementData } from '../../templates/pdf/statement-of-account';

export function buildStatementData(
  dealer: Dealer,
  rec: DealerReconciliation,
  opts: { companyName: string; period: string },
): StatementData {
  const s = rec.statement;
  const a = rec.aging;
  return {
    company: opts.companyName,
    periodLabel: opts.period,
    period: s.period,
    asOf: s.asOf,
    dealer: {
      id: dealer.dealerId,
      name: dealer.name,
      region: dealer.region,
      email: dealer.email,
      ...(dealer.contact ? { contact: dealer.contact } : {}),
      paymentTermsDays: dealer.paymentTermsDays,
      creditLimitFen: dealer.creditLimitFen,
    },
    openingFen: s.openingFen,
    lines: s.lines.map((l) => ({
      date: l.date,
      type: l.type,
      docNo: l.docNo,
      debitFen: l.debitFen,
      creditFen: l.creditFen,
      balanceFen: l.balanceFen,
      ...(l.dueDate ? { dueDate: l.dueDate } : {}),
      ...(l.refDocNo ? { refDocNo: l.refDocNo } : {}),
      ...(l.note ? { note: l.note } : {}),
    })),
    totals: {
      shipmentsFen: s.shipmentsFen,
      paymentsFen: s.paymentsFen,
      creditsFen: s.creditsFen,
      feesFen: s.feesFen,
    },
    closingFen: s.closingFen,
    aging: {
      current: a.current,
      d1to30: a.d1to30,
      d31to60: a.d31to60,
      d61to90: a.d61to90,
      over90: a.over90,
      unappliedFen: a.unappliedFen,
      totalFen: a.totalFen,
    },
    openItems: rec.allocation.items
      .filter((i) => i.openFen > 0)
      .map((i) => ({
        docNo: i.docNo,
        date: i.date,
        dueDate: i.dueDate,
        originalFen: i.originalFen,
        openFen: i.openFen,
      })),
  };
}

/**
 * The letter's content as decided: items, amounts, and the letters actually sent before about these documents (the
 * dealer's dunning history), which choose the wording. Its number and the approval are added once known
 * (activities/dunning/letter-document.ts), so a draft for approval and the letter sent share everything else.
 */
export function buildLetterData(
  dealer: Dealer,
  rec: DealerReconciliation,
  opts: { companyName: string; procedure: DunningProcedure; payWithinDays: number },
): LetterData {
  const d = rec.decision;
  const level = d.level ?? 0;
  const docs = new Set(d.items.map((i) => i.docNo));
  const priorLetters = rec.state.letters
    .filter((l) => l.docNos.some((n) => docs.has(n)))
    .sort((a, b) => a.sentOn.localeCompare(b.sentOn))
    .map((l) => ({ level: l.level, sentOn: l.sentOn, ...(l.letterNo ? { letterNo: l.letterNo } : {}) }));
  return {
    // An unknown name from config is refused by the template's schema (a permanent, named error).
    template: (d.template ?? 'dunning-reminder') as LetterData['template'],
    level,
    finalLevel: finalLevel(opts.procedure),
    company: opts.companyName,
    asOf: d.asOf,
    dealer: {
      id: dealer.dealerId,
      name: dealer.name,
      ...(dealer.contact ? { contact: dealer.contact } : {}),
    },
    items: d.items.map((i) => ({
      docNo: i.docNo,
      date: i.date,
      dueDate: i.dueDate,
      daysOverdue: i.daysOverdue,
      openFen: i.openFen,
      level: i.level,
      isCharge: i.isCharge,
    })),
    overdueFen: d.overdueFen,
    balanceFen: d.balanceFen,
    ...(d.fee ? { feeFen: d.fee.amountFen } : {}),
    ...(rec.interest.newlyAccruedFen > 0 ? { interestFen: rec.interest.newlyAccruedFen } : {}),
    payWithinDays: opts.payWithinDays,
    creditHoldWarning: d.creditHold.action === 'set',
    priorLetters,
  };
}
