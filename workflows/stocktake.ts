/**
 * Monthly stocktake (月度盘点) of one warehouse, or an ad hoc (不定期) count of part of it:
 * snapshot the ledger at the cut-off → count sheets per zone mailed to the counters → wait for the counts
 * (link or status cell; reminders, escalation) → validate them (problems back to the counter) → reconcile
 * 账/卡/物 and recount over-tolerance lines with a different counter, at most N rounds → approval by link,
 * tier by tier, with the draft report → post the journal and corrected book exactly once → report PDF to
 * finance and the manager. History carries references only (DataRefs, ArchiveRefs, sheet locations).
 */
import { ApplicationFailure, setHandler, workflowInfo } from '@temporalio/workflow';
import type { ArchiveRef, DataRef } from '../activities/archive/types';
import type { ReportDecision } from '../activities/stocktake/build-report-data';
import type { PostAdjustmentsResult } from '../activities/stocktake/types';
import { requiredApprovals, type ApprovalRequirement, type StocktakeSummaryRow } from '../domain/stocktake';
import { installDecisionHandlers } from './lib/decision';
import { approvePosting, type ApprovalOutcome } from './stocktake-approval';
import { postAdjustments } from './stocktake-posting';
import { deliverStocktakeReport, renderStocktakeReport, type ReportContext } from './stocktake-report';
import { countAndReconcile } from './stocktake-rounds';
import { snapshotLedger } from './stocktake-snapshot';
import { type StocktakeInput } from './stocktake-input';
import { isPeriod, lastDayOf, PeriodError } from '../domain/calendar';
import {
  proxies,
  stocktakeStatusQuery,
  tr,
  type StocktakeOutcome,
  type StocktakeRun,
  type StocktakeStatus,
} from './stocktake-run';

export { adhocTag, stocktakeWorkflowId, type StocktakeInput } from './stocktake-input';
export {
  stocktakeStatusQuery,
  type StocktakeOutcome,
  type StocktakePhase,
  type StocktakeStatus,
} from './stocktake-run';

export interface StocktakeResult {
  workflowId: string;
  outcome: StocktakeOutcome;
  rounds: number;
  snapshot: { data: DataRef; archive: ArchiveRef; lines: number };
  summary: StocktakeSummaryRow;
  approvals: ReportDecision[];
  draft?: ArchiveRef;
  report: ArchiveRef;
  posting?: PostAdjustmentsResult;
}

function checkInput(input: StocktakeInput): ApprovalRequirement {
  const fail = (msg: string): never => {
    throw ApplicationFailure.nonRetryable(`stocktake input: ${msg}`, 'ConfigError');
  };
  if (!isPeriod(input.period)) fail(new PeriodError('period', input.period).message);
  if (!input.counters?.length) fail('no counters');
  if (input.recount.differentCounter && input.recount.maxRounds > 0 && input.counters.length < 2) {
    fail('recounts by a different counter need at least two counters');
  }
  try {
    return requiredApprovals({ absValueFen: 0, netValueFen: 0 }, input.approvalTiers ?? []);
  } catch (err) {
    return fail((err as Error).message);
  }
}

/** The run's shared context: activity proxies, text picker, cut-off date, output folder, people's names. */
function prepareStocktake(input: StocktakeInput, status: StocktakeStatus): StocktakeRun {
  const { workflowId, runId } = workflowInfo();
  const people = [...input.counters, input.manager, ...input.finance, ...input.approvalTiers.map((a) => a.approver)];
  const scope = input.adhoc?.scope;
  const scopeText = scope
    ? [...(scope.zones ?? []), ...(scope.locations ?? []), ...(scope.locationPrefixes ?? []).map((p) => `${p}*`)].join(
        '、',
      )
    : undefined;
  return {
    input,
    acts: proxies(input),
    status,
    workflowId,
    runId,
    t: tr(input.locale),
    locale: input.locale ?? 'zh-CN',
    cutoffDate: input.cutoffDate ?? lastDayOf(input.period),
    outputDir: input.outputDir ?? `盘点/${workflowId}`,
    names: Object.fromEntries(people.map((p) => [p.email.toLowerCase(), p.name])),
    ...(scopeText ? { scopeText } : {}),
  };
}

interface ApprovedStocktake {
  outcome: StocktakeOutcome;
  approval: ApprovalOutcome | null;
  requirement: ApprovalRequirement | null;
  draft?: ArchiveRef;
}

/** The approvals block of a report: the value, the approvers it needs and their decisions so far. */
function approvalsOf(req: ApprovalRequirement | null, decisions: ReportDecision[]) {
  return {
    valueFen: req?.valueFen ?? 0,
    required: (req?.approvers ?? []).map((a) => ({ name: a.approver.name, limitFen: a.maxValueFen ?? null })),
    decisions,
  };
}

/** Phase 3: value-changing adjustments go to the approvers, tier by tier by value, with the draft report. */
async function approveAdjustments(run: StocktakeRun, rctx: ReportContext): Promise<ApprovedStocktake> {
  const { input, status } = run;
  const { rec, rounds } = rctx;
  if (rec.journalRows === 0) return { outcome: 'clean', approval: null, requirement: null };
  const req = requiredApprovals(rec.summary, input.approvalTiers, input.approvalBasis ?? 'abs');
  const draft = await renderStocktakeReport(rctx, 'draft', 'pending', { approvals: approvalsOf(req, []) });
  if (req.exceedsAllTiers) return { outcome: 'cannot-approve', approval: null, requirement: req, draft };
  status.phase = 'approval';
  const approval = await approvePosting({
    input,
    acts: run.acts,
    names: run.names,
    draft,
    summary: rec.summary,
    requirement: req,
    escalated: rec.plan.escalated,
    rounds: rounds.length,
  });
  return { outcome: approval.approved ? 'posted' : 'rejected', approval, requirement: req, draft };
}

/** Phase 5: the final report to finance and the manager; outcome notices to the warehouse. */
async function reportAndMail(
  run: StocktakeRun,
  rctx: ReportContext,
  { outcome, approval, requirement }: ApprovedStocktake,
  posting: PostAdjustmentsResult | undefined,
): Promise<ArchiveRef> {
  const { t } = run;
  const { summary } = rctx.rec;
  run.status.phase = 'reporting';
  const notes: string[] = [];
  if (summary.uncounted > 0)
    notes.push(
      t(`未盘 ${summary.uncounted} 行（留空），不作调整。`, `${summary.uncounted} lines left uncounted: not adjusted.`),
    );
  if (approval?.rejection)
    notes.push(
      t(
        `${approval.rejection.by} 驳回：${approval.rejection.comment ?? ''}`,
        `Rejected by ${approval.rejection.by}: ${approval.rejection.comment ?? ''}`,
      ),
    );
  const final = await renderStocktakeReport(rctx, 'final', outcome, {
    approvals: approvalsOf(requirement, approval?.decisions ?? []),
    ...(posting ? { posting } : {}),
    notes,
  });
  await deliverStocktakeReport(rctx, final, outcome, posting, approval?.rejection);
  return final;
}

/**
 * Monthly or ad hoc stocktake of one warehouse (see the file comment for the phases). Side effects only through
 * activities: the ledger snapshot, count sheets, action mails, the posting (exactly once, keyed by workflow id),
 * report PDFs and mails (idempotent by step). Waits for people on durable timers; history carries references only.
 */
export async function stocktakeWorkflow(input: StocktakeInput): Promise<StocktakeResult> {
  installDecisionHandlers();
  const status: StocktakeStatus = { phase: 'snapshot', round: 0, sheets: [], waitingFor: [], problems: [] };
  setHandler(stocktakeStatusQuery, () => status);
  checkInput(input);
  const run = prepareStocktake(input, status);
  const snap = await snapshotLedger(run);
  status.snapshot = { lines: snap.lines, sha256: snap.archive.sha256, docId: snap.archive.docId };
  const { rec, rounds } = await countAndReconcile(run, snap);
  const { scopeText, cutoffDate, acts } = run;
  const rctx: ReportContext = { input, acts, cutoffDate, snap, rec, rounds, ...(scopeText ? { scopeText } : {}) };
  const approved = await approveAdjustments(run, rctx);
  const { outcome, approval, draft } = approved;
  const posting =
    outcome === 'posted' || (outcome === 'clean' && rec.corrections > 0)
      ? await postAdjustments(run, snap, rec, approval)
      : undefined;
  const report = await reportAndMail(run, rctx, approved, posting);
  status.phase = 'done';
  status.outcome = outcome;
  return {
    workflowId: run.workflowId,
    outcome,
    rounds: rounds.length,
    snapshot: { data: snap.data, archive: snap.archive, lines: snap.lines },
    summary: rec.summary,
    approvals: approval?.decisions ?? [],
    ...(draft ? { draft } : {}),
    report,
    ...(posting ? { posting } : {}),
  };
}
