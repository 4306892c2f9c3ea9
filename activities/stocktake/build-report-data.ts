/**
 * Assembles the data of the stocktake report (draft or final) from the reconciliation in the work store and
 * the few facts the workflow holds (rounds, approvals, posting), and stores it for the PDF activity, so the
 * report's tables never pass through workflow history.
 */
import type { DataRef } from '../archive/types';
import type { ReconcileResult, ReconciledLine, RecountPlan } from '../../domain/stocktake';
import type { StocktakeReportData } from '../../templates/pdf/stocktake-report';
import type { StocktakeActivityDeps } from './stocktake-deps';
import {
  approvalSection,
  cardSection,
  escalatedSection,
  movementSection,
  postingSection,
  summaryRows,
  varianceSection,
} from './report-sections';
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

export async function buildReportData(deps: StocktakeActivityDeps, input: BuildReportInput): Promise<DataRef> {
  const en = input.locale === 'en';
  const result = await deps.work.getJson<ReconcileResult>(input.result);
  const plan = input.plan ? await deps.work.getJson<RecountPlan>(input.plan) : null;
  const moved = input.posting ? await deps.work.getJson<MovedLine[]>(input.posting.moved) : [];
  const variances = result.lines.filter((l) => l.status === 'variance');
  const cards = result.lines.filter((l) => l.bookCardMismatch);
  const byKey = new Map(result.lines.map((l) => [l.key, l]));
  const escalated = (plan?.escalated ?? []).map((c) => byKey.get(c.key)).filter((l): l is ReconciledLine => !!l);

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
    summary: summaryRows(result.summary, en),
    variances: varianceSection(variances),
    cardMismatches: cardSection(cards),
    movements: movementSection(input.movements, result),
    recounts: input.recounts,
    escalated: escalatedSection(escalated),
    approvals: approvalSection(input.approvals, deps.timeZone, en),
    ...(input.posting ? { posting: postingSection(input.posting, moved) } : {}),
    notes: (input.notes ?? []).slice(0, 20),
  };
  return deps.work.putJson(data);
}
