/**
 * Assembles the data of the stocktake report (draft or final) from the reconciliation in the work store and
 * the few facts the workflow holds (rounds, approvals, posting), and stores it for the PDF activity, so the
 * report's tables never pass through workflow history.
 */
import { DateTime } from 'luxon';
import type { DataRef } from '../archive/types';
import type { ReconcileResult, ReconciledLine, RecountPlan, StocktakeSummaryRow } from '../../domain/stocktake';
import type { StocktakeReportData } from '../../templates/pdf/stocktake-report';
import type { StocktakeActivityDeps } from './stocktake-deps';
import type { MovedLine, PostAdjustmentsResult, StocktakeLocale, StocktakeWarehouse } from './types';

export interface ReportDecision {
  name: string;
  action: string;
  /** ISO instant. */
  at: string;
  comment?: string;
}

export interface BuildReportInput {
  status: 'draft' | 'final';
  outcome: StocktakeReportData['outcome'];
  mode: 'monthly' | 'adhoc';
  period: string;
  warehouse: StocktakeWarehouse;
  workflowId: string;
  cutoffDate: string;
  scope?: string;
  snapshot: { sha256: string; docId?: string; lines: number };
  result: DataRef;
  /** The last recount plan, for the lines escalated after the last round. */
  plan?: DataRef;
  movements: { matched: number; unmatched: number; invalidRows: number };
  recounts: { round: number; sheets: number; lines: number; counters: string; overToleranceAfter: number }[];
  approvals: { valueFen: number; required: { name: string; limitFen: number | null }[]; decisions: ReportDecision[] };
  posting?: PostAdjustmentsResult;
  notes?: string[];
  locale?: StocktakeLocale;
}

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

export async function buildReportData(deps: StocktakeActivityDeps, input: BuildReportInput): Promise<DataRef> {
  const en = input.locale === 'en';
  const result = await deps.work.getJson<ReconcileResult>(input.result);
  const plan = input.plan ? await deps.work.getJson<RecountPlan>(input.plan) : null;
  const moved = input.posting ? await deps.work.getJson<MovedLine[]>(input.posting.moved) : [];
  const s = result.summary;
  const lineRef = (l: ReconciledLine) => ({ location: l.location, partNo: l.partNo, partName: l.partName });
  const variances = result.lines.filter((l) => l.status === 'variance');
  const cards = result.lines.filter((l) => l.bookCardMismatch);
  const byKey = new Map(result.lines.map((l) => [l.key, l]));
  const escalated = (plan?.escalated ?? []).map((c) => byKey.get(c.key)).filter((l): l is ReconciledLine => !!l);
  const at = (iso: string) => DateTime.fromISO(iso, { zone: deps.timeZone }).toFormat('yyyy-MM-dd HH:mm');
  const actions: Record<string, string> = en
    ? { approve: 'Approved', reject: 'Rejected' }
    : { approve: '批准', reject: '驳回' };

  const data: StocktakeReportData = {
    status: input.status,
    outcome: input.outcome,
    mode: input.mode,
    period: input.period,
    warehouse: input.warehouse.name,
    workflowId: input.workflowId,
    cutoffDate: input.cutoffDate,
    ...(input.scope ? { scope: input.scope } : {}),
    snapshot: input.snapshot,
    summary: [
      row('total', en ? 'Total' : '合计', s.total),
      ...s.byWarehouse.flatMap((w) => [
        row('warehouse', w.warehouse, w),
        ...s.byZone.filter((z) => z.warehouse === w.warehouse).map((z) => row('zone', z.zone ?? '', z)),
      ]),
    ].slice(0, 200),
    variances: {
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
    },
    cardMismatches: {
      count: cards.length,
      top: cards
        .slice(0, TOP.cards)
        .map((l) => ({ ...lineRef(l), bookQty: l.bookQty, cardQty: l.cardQty, countedQty: l.countedQty })),
    },
    movements: {
      ...input.movements,
      top: [...result.movements]
        .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))
        .slice(0, TOP.movements)
        .map((m) => ({ date: m.date, location: m.location || '—', partNo: m.partNo, qty: m.qty, docNo: m.docNo })),
    },
    recounts: input.recounts,
    escalated: {
      count: escalated.length,
      top: escalated
        .sort(byValue)
        .slice(0, TOP.escalated)
        .map((l) => ({ ...lineRef(l), varianceQty: l.varianceQty ?? 0, valueFen: l.varianceValueFen ?? 0 })),
    },
    approvals: {
      valueFen: input.approvals.valueFen,
      required: input.approvals.required,
      decisions: input.approvals.decisions.map((d) => ({
        name: d.name,
        action: actions[d.action] ?? d.action,
        at: at(d.at),
        ...(d.comment ? { comment: d.comment } : {}),
      })),
    },
    ...(input.posting
      ? {
          posting: {
            journalTab: input.posting.journalTab,
            correctionsTab: input.posting.correctionsTab,
            target:
              input.posting.target.kind === 'excel' ? input.posting.target.path : input.posting.target.spreadsheetId,
            rows: input.posting.rows,
            corrections: input.posting.corrections,
            firstDocNo: input.posting.firstDocNo,
            lastDocNo: input.posting.lastDocNo,
            moved: input.posting.movedSinceSnapshot,
            movedLines: moved.slice(0, TOP.moved).map((m) => ({
              location: m.location,
              partNo: m.partNo,
              partName: m.partName,
              snapshotBookQty: m.snapshotBookQty,
              currentBookQty: m.currentBookQty,
              adjustmentQty: m.adjustmentQty,
              postedBookQty: m.postedBookQty,
            })),
          },
        }
      : {}),
    notes: (input.notes ?? []).slice(0, 20),
  };
  return deps.work.putJson(data);
}
