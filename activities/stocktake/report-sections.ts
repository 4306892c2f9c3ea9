/**
 * The stocktake report's sections, each from the reconciliation or the workflow's facts: the largest items first,
 * capped (TOP) so the report stays a readable size.
 */
import { DateTime } from 'luxon';
import type { ReconcileResult, ReconciledLine, StocktakeSummaryRow } from '../../domain/stocktake';
import type { StocktakeReportData } from '../../templates/pdf/stocktake-report';
import type { BuildReportInput } from './build-report-data';
import type { MovedLine, PostAdjustmentsResult } from './types';

const TOP = { variances: 40, cards: 30, movements: 20, escalated: 20, moved: 20 };

function row(kind: 'total' | 'warehouse' | 'zone', label: string, r: StocktakeSummaryRow) {
  return {
    kind,
    label,
    lines: r.lines,
    counted: r.counted,
    uncounted: r.uncounted,
    matched: r.matched,
    variances: r.variances,
    cardMismatches: r.cardMismatches,
    overTolerance: r.overTolerance,
    moved: r.movedAfterCutoff,
    bookValueFen: r.bookValueFen,
    gainValueFen: r.gainValueFen,
    lossValueFen: r.lossValueFen,
    netValueFen: r.netValueFen,
    absValueFen: r.absValueFen,
  };
}

const byValue = (a: ReconciledLine, b: ReconciledLine) =>
  Math.abs(b.varianceValueFen ?? 0) - Math.abs(a.varianceValueFen ?? 0) || a.lineNo - b.lineNo;

const lineRef = (l: ReconciledLine) => ({ location: l.location, partNo: l.partNo, partName: l.partName });

export function summaryRows(s: ReconcileResult['summary'], en: boolean): StocktakeReportData['summary'] {
  return [
    row('total', en ? 'Total' : '合计', s.total),
    ...s.byWarehouse.flatMap((w) => [
      row('warehouse', w.warehouse, w),
      ...s.byZone.filter((z) => z.warehouse === w.warehouse).map((z) => row('zone', z.zone ?? '', z)),
    ]),
  ].slice(0, 200);
}

export function varianceSection(variances: readonly ReconciledLine[]): StocktakeReportData['variances'] {
  return {
    count: variances.length,
    top: [...variances]
      .sort(byValue)
      .slice(0, TOP.variances)
      .map((l) => ({
        ...lineRef(l),
        bookQty: l.bookQty,
        cardQty: l.cardQty,
        countedQty: l.countedQty,
        movementQty: l.movementQty,
        varianceQty: l.varianceQty ?? 0,
        valueFen: l.varianceValueFen ?? 0,
        overTolerance: l.overTolerance,
        round: l.round,
        counter: l.counter,
      })),
  };
}

export function cardSection(cards: readonly ReconciledLine[]): StocktakeReportData['cardMismatches'] {
  return {
    count: cards.length,
    top: cards
      .slice(0, TOP.cards)
      .map((l) => ({ ...lineRef(l), bookQty: l.bookQty, cardQty: l.cardQty, countedQty: l.countedQty })),
  };
}

export function movementSection(
  counts: BuildReportInput['movements'],
  result: ReconcileResult,
): StocktakeReportData['movements'] {
  return {
    ...counts,
    top: [...result.movements]
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
      .slice(0, TOP.movements)
      .map((m) => ({ date: m.date, location: m.location || '—', partNo: m.partNo, qty: m.qty, docNo: m.docNo })),
  };
}

/** Sorts `escalated` in place by value, as the report always did. */
export function escalatedSection(escalated: ReconciledLine[]): StocktakeReportData['escalated'] {
  return {
    count: escalated.length,
    top: escalated
      .sort(byValue)
      .slice(0, TOP.escalated)
      .map((l) => ({ ...lineRef(l), varianceQty: l.varianceQty ?? 0, valueFen: l.varianceValueFen ?? 0 })),
  };
}

export function approvalSection(
  approvals: BuildReportInput['approvals'],
  timeZone: string,
  en: boolean,
): StocktakeReportData['approvals'] {
  const at = (iso: string) => DateTime.fromISO(iso, { zone: timeZone }).toFormat('yyyy-MM-dd HH:mm');
  const actions: Record<string, string> = en
    ? { approve: 'Approved', reject: 'Rejected' }
    : { approve: '批准', reject: '驳回' };
  return {
    valueFen: approvals.valueFen,
    required: approvals.required,
    decisions: approvals.decisions.map((d) => ({
      name: d.name,
      action: actions[d.action] ?? d.action,
      at: at(d.at),
      ...(d.comment ? { comment: d.comment } : {}),
    })),
  };
}

export function postingSection(
  posting: PostAdjustmentsResult,
  moved: readonly MovedLine[],
): NonNullable<StocktakeReportData['posting']> {
  return {
    journalTab: posting.journalTab,
    correctionsTab: posting.correctionsTab,
    target: posting.target.kind === 'excel' ? posting.target.path : posting.target.spreadsheetId,
    rows: posting.rows,
    corrections: posting.corrections,
    firstDocNo: posting.firstDocNo,
    lastDocNo: posting.lastDocNo,
    moved: posting.movedSinceSnapshot,
    movedLines: moved.slice(0, TOP.moved).map((m) => ({
      location: m.location,
      partNo: m.partNo,
      partName: m.partName,
      snapshotBookQty: m.snapshotBookQty,
      currentBookQty: m.currentBookQty,
      adjustmentQty: m.adjustmentQty,
      postedBookQty: m.postedBookQty,
    })),
  };
}
