/**
 * Monthly stocktake (月度盘点) of one warehouse, or an ad hoc (不定期) count of part of it:
 * snapshot the ledger at the cut-off → count sheets per zone mailed to the counters → wait for the counts
 * (link or status cell; reminders, escalation) → validate them (problems back to the counter) → reconcile
 * 账/卡/物 and recount over-tolerance lines with a different counter, at most N rounds → approval by link,
 * tier by tier, with the draft report → post the journal and corrected book exactly once → report PDF to
 * finance and the manager. History carries references only (DataRefs, ArchiveRefs, sheet locations).
 */
import { ApplicationFailure, setHandler, workflowInfo } from '@temporalio/workflow';
import { msToNumber } from '@temporalio/common';
import type { ArchiveRef, DataRef } from '../activities/archive/types';
import type { BuildReportInput, ReportDecision } from '../activities/stocktake/build-report-data';
import type { PostAdjustmentsResult, ReconcileOutput, SnapshotRef } from '../activities/stocktake/types';
import { requiredApprovals, type ApprovalRequirement, type StocktakeSummaryRow } from '../domain/stocktake';
import { installDecisionHandlers } from './lib/decision';
import { notifyByEmail } from './lib/notify-by-email';
import { waitForDecision } from './lib/wait-for-decision';
import { approvePosting, type ApprovalOutcome } from './stocktake-approval';
import { collectRound, type RoundContext } from './stocktake-counting';
import { deliverStocktakeReport, renderStocktakeReport, type ReportContext } from './stocktake-report';
import {
  defaultDocNoPrefix,
  lastDayOf,
  proxies,
  resultTabName,
  stocktakeStatusQuery,
  tr,
  type StocktakeInput,
  type StocktakeOutcome,
  type StocktakeStatus,
} from './stocktake-support';

export {
  adhocTag,
  stocktakeStatusQuery,
  stocktakeWorkflowId,
  type StocktakeInput,
  type StocktakeOutcome,
  type StocktakePhase,
  type StocktakeStatus,
} from './stocktake-support';

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
  if (!/^\d{4}-\d{2}$/.test(input.period)) fail(`period must look like 2026-11, got ${input.period}`);
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

export async function stocktakeWorkflow(input: StocktakeInput): Promise<StocktakeResult> {
  installDecisionHandlers();
  const status: StocktakeStatus = { phase: 'snapshot', round: 0, sheets: [], waitingFor: [], problems: [] };
  setHandler(stocktakeStatusQuery, () => status);
  checkInput(input);
  const { workflowId, runId } = workflowInfo();
  const acts = proxies(input);
  const t = tr(input.locale);
  const locale = input.locale ?? 'zh-CN';
  const tag = input.adhoc?.tag;
  const cutoffDate = input.cutoffDate ?? lastDayOf(input.period);
  const outputDir = input.outputDir ?? `盘点/${workflowId}`;
  const keeper = input.counters[0]!;
  const people = [...input.counters, input.manager, ...input.finance, ...input.approvalTiers.map((a) => a.approver)];
  const names = Object.fromEntries(people.map((p) => [p.email.toLowerCase(), p.name]));
  const scope = input.adhoc?.scope;
  const scopeText = scope
    ? [...(scope.zones ?? []), ...(scope.locations ?? []), ...(scope.locationPrefixes ?? []).map((p) => `${p}*`)].join(
        '、',
      )
    : undefined;

  // 1. Snapshot at the cut-off; a ledger with problems goes back to the warehouse keeper first.
  let snap: SnapshotRef | undefined;
  for (let attempt = 1; !snap; attempt++) {
    status.phase = 'snapshot';
    const out = await acts.sheets.snapshotStocktakeLedger({
      workflowId,
      runId,
      period: input.period,
      warehouse: input.warehouse,
      cutoffDate,
      ledger: input.ledger,
      ...(input.movements ? { movements: input.movements } : {}),
      ...(scope ? { scope } : {}),
      outputDir,
      attempt,
      locale,
    });
    if (out.ok) {
      snap = out.snapshot;
      break;
    }
    status.phase = 'ledger-problems';
    status.problems = [{ counter: keeper.email, count: out.problems.count, path: out.problems.path }];
    await waitForDecision(
      {
        stepId: `ledger-fix-${attempt}`,
        kind: 'acknowledge',
        title: t(
          `${input.period} ${input.warehouse.name} 库存台账需修正后才能盘点`,
          `${input.period} ${input.warehouse.name} ledger must be corrected before the stocktake`,
        ),
        summary: [
          t(
            `台账有 ${out.problems.count} 个问题（清单见附件）：`,
            `The ledger has ${out.problems.count} problem(s), report attached:`,
          ),
          ...out.problems.sample,
        ],
        docIds: [out.problems.doc.docId],
        docLabels: { [out.problems.doc.docId]: out.problems.doc.fileName },
        recipients: [keeper.email],
        actionLabels: { acknowledge: t('台账已修正', 'Ledger corrected') },
        locale,
      },
      {
        reminders: input.countReminders ?? [],
        deadline: input.countDeadline,
        onTimeout: 'escalate-and-keep-waiting',
        escalateTo: [input.manager.email],
        notify: notifyByEmail(acts.mail.sendActionRequest, { names }),
      },
    );
    status.problems = [];
  }
  status.snapshot = { lines: snap.lines, sha256: snap.archive.sha256, docId: snap.archive.docId };

  // 2. Count rounds: round 1 per zone, then recounts of the over-tolerance lines, at most recount.maxRounds.
  const ctx: RoundContext = { input, acts, snapshot: snap.data, outputDir, status, names };
  const google =
    input.googleCountSheets ??
    (input.ledger.ref.kind === 'google' ? { spreadsheetId: input.ledger.ref.spreadsheetId } : undefined);
  const countRefs: DataRef[] = [];
  const submitted: string[] = [];
  const rounds: BuildReportInput['recounts'] = [];
  let plan: DataRef | undefined;
  let rec: ReconcileOutput;
  for (let round = 1; ;) {
    status.phase = 'counting';
    status.round = round;
    status.sheets = [];
    const written = await acts.sheets.writeStocktakeCountSheets({
      workflowId,
      runId,
      period: input.period,
      warehouse: input.warehouse,
      round,
      snapshot: snap.data,
      ...(plan ? { plan } : {}),
      counters: input.counters,
      blind: input.blind ?? true,
      outputDir,
      ...(google ? { google } : {}),
      deadline: new Date(Date.now() + msToNumber(input.countDeadline)).toISOString(),
      locale,
    });
    status.sheets = written.sheets;
    const got = await collectRound(ctx, round, written.sheets, written.manifest);
    countRefs.push(...got.counts);
    submitted.push(...got.submittedAt);
    status.phase = 'reconciling';
    rec = await acts.sheets.reconcileStocktake({
      snapshot: snap.data,
      counts: countRefs,
      ...(input.movements ? { movements: input.movements } : {}),
      warehouse: input.warehouse,
      cutoffDate,
      countedThrough: submitted.reduce((a, b) => (a > b ? a : b)),
      tolerances: input.tolerances,
      round,
      recount: input.recount,
      counters: input.counters.map((c) => c.name),
    });
    rounds.push({
      round,
      sheets: written.sheets.length,
      lines: written.sheets.reduce((n, s) => n + s.lines, 0),
      counters: [...new Set(written.sheets.map((s) => s.counter.name))].join('、'),
      overToleranceAfter: rec.summary.overTolerance,
    });
    plan = rec.plan.ref;
    if (rec.plan.nextRound === null) break;
    round = rec.plan.nextRound;
  }

  const rctx: ReportContext = { input, acts, cutoffDate, snap, rec, rounds, ...(scopeText ? { scopeText } : {}) };
  const report = (kind: 'draft' | 'final', outcome: BuildReportInput['outcome'], extra: Partial<BuildReportInput>) =>
    renderStocktakeReport(rctx, kind, outcome, extra);

  // 3. Approval of value-changing adjustments, with the draft report; tiers by value.
  let outcome: StocktakeOutcome = 'clean';
  let approval: ApprovalOutcome | null = null;
  let draft: ArchiveRef | undefined;
  let req: ApprovalRequirement | null = null;
  if (rec.journalRows > 0) {
    req = requiredApprovals(rec.summary, input.approvalTiers, input.approvalBasis ?? 'abs');
    draft = await report('draft', 'pending', {
      approvals: {
        valueFen: req.valueFen,
        required: req.approvers.map((a) => ({ name: a.approver.name, limitFen: a.maxValueFen ?? null })),
        decisions: [],
      },
    });
    if (req.exceedsAllTiers) outcome = 'cannot-approve';
    else {
      status.phase = 'approval';
      approval = await approvePosting({
        input,
        acts,
        names,
        draft,
        summary: rec.summary,
        requirement: req,
        escalated: rec.plan.escalated,
        rounds: rounds.length,
      });
      outcome = approval.approved ? 'posted' : 'rejected';
    }
  }

  // 4. Posting, exactly once (bin-card corrections alone need no approval: they move no value).
  let posting: PostAdjustmentsResult | undefined;
  if (outcome === 'posted' || (outcome === 'clean' && rec.corrections > 0)) {
    status.phase = 'posting';
    posting = await acts.posting.postStocktakeAdjustments({
      workflowId,
      period: input.period,
      warehouse: input.warehouse,
      snapshot: { data: snap.data, ledgerFingerprint: snap.ledgerFingerprint },
      ledger: input.ledger,
      result: rec.result,
      docNoPrefix: input.docNoPrefix ?? defaultDocNoPrefix(input.warehouse.id, tag),
      approver:
        approval?.decisions.map((d) => d.name).join('、') ||
        t('系统（仅卡片更正，无金额差异）', 'system (bin cards only, no value)'),
      reason:
        input.reason ??
        (input.adhoc
          ? t('不定期盘点差异调整', 'Ad hoc stocktake adjustment')
          : t(`${input.period} 月度盘点差异调整`, `${input.period} stocktake adjustment`)),
      journalTab: resultTabName(t('盘点调整', 'Adjustments'), input.period, input.warehouse.name, tag),
      correctionsTab: resultTabName(t('盘点后账面', 'Book after count'), input.period, input.warehouse.name, tag),
    });
  }

  // 5. Final report to finance and the manager; outcome notices to the warehouse.
  status.phase = 'reporting';
  const notes: string[] = [];
  if (rec.summary.uncounted > 0)
    notes.push(
      t(
        `未盘 ${rec.summary.uncounted} 行（留空），不作调整。`,
        `${rec.summary.uncounted} lines left uncounted: not adjusted.`,
      ),
    );
  if (approval?.rejection)
    notes.push(
      t(
        `${approval.rejection.by} 驳回：${approval.rejection.comment ?? ''}`,
        `Rejected by ${approval.rejection.by}: ${approval.rejection.comment ?? ''}`,
      ),
    );
  const final = await report('final', outcome, {
    approvals: {
      valueFen: req?.valueFen ?? 0,
      required: (req?.approvers ?? []).map((a) => ({ name: a.approver.name, limitFen: a.maxValueFen ?? null })),
      decisions: approval?.decisions ?? [],
    },
    ...(posting ? { posting } : {}),
    notes,
  });
  await deliverStocktakeReport(rctx, final, outcome, posting, approval?.rejection);
  status.phase = 'done';
  status.outcome = outcome;
  return {
    workflowId,
    outcome,
    rounds: rounds.length,
    snapshot: { data: snap.data, archive: snap.archive, lines: snap.lines },
    summary: rec.summary,
    approvals: approval?.decisions ?? [],
    ...(draft ? { draft } : {}),
    report: final,
    ...(posting ? { posting } : {}),
  };
}
