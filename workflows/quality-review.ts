/**
 * The review loop of the monthly quality feedback: compile → blocking problems go back to the supervisor →
 * draft PDFs for the supervisor's preview → sent back with a comment: wait for corrected sheets, compile again;
 * until approved (at most `maxRounds`).
 */
import { ApplicationFailure } from '@temporalio/workflow';
import { latestInstant, periodCloseInstant } from '../domain/calendar';
import type { CompileQualityResult } from '../activities/quality';
import { decisionOf, type DecisionRecord } from './lib/decision';
import { waitForDecision } from './lib/wait-for-decision';
import { recordClassifications, withClassificationForm } from './quality-classify';
import { waitForCorrections } from './quality-corrections';
import { approvalStep, correctionStep } from './quality-steps';
import { prepareDocuments, quality, renderDocument, summarizeSupplierRecovery, type QualityRun } from './quality-run';

export interface ApprovedCompilation {
  approved: DecisionRecord;
  compiled: CompileQualityResult;
  round: number;
}

export async function compileUntilApproved(run: QualityRun): Promise<ApprovedCompilation> {
  const maxRounds = run.input.maxRounds ?? 20;
  for (let round = 1; ; round++) {
    if (round > maxRounds) {
      throw ApplicationFailure.nonRetryable(
        `quality feedback ${run.input.period}: still not approved after ${maxRounds} rounds`,
        'TooManyRounds',
      );
    }
    const compiled = await compileMonth(run, round);
    if (compiled.blocking.length > 0) {
      await awaitCorrectedSheets(run, compiled, round, compiled.blocking, false);
      continue;
    }
    const decision = await reviewDrafts(run, compiled, round);
    if (decision.action === 'approve') return { approved: decision, compiled, round };
    const comment = decision.comment ?? '';
    run.status.lastSendBack = { by: decision.decidedBy, at: decision.decidedAt, comment };
    run.lastDecisionAt = decision.decidedAt;
    await awaitCorrectedSheets(run, compiled, round, [comment], true);
  }
}

/** Reads every source (and the month's supplier recovery, when taken from returns) and compiles the month. */
async function compileMonth(run: QualityRun, round: number): Promise<CompileQualityResult> {
  const { input, status } = run;
  status.phase = 'compiling';
  status.round = round;
  const supplierRecovery = input.supplierRecoveryFromReturns
    ? (await summarizeSupplierRecovery({ period: input.period })).map(
        ({ supplier, claimedFen, recoveredFen, openClaims }) => ({ supplier, claimedFen, recoveredFen, openClaims }),
      )
    : input.supplierRecovery;
  const compiled = await quality.compileQualityFeedback({
    workflowId: run.workflowId,
    runId: run.runId,
    period: input.period,
    round,
    sources: input.sources,
    routing: input.routing,
    options: input.options,
    locale: input.locale,
    ...(supplierRecovery ? { supplierRecovery } : {}),
  });
  status.counts = compiled.counts;
  status.blocking = compiled.blocking;
  return compiled;
}

/** Renders one draft PDF per department and asks the supervisor to approve them all from one link. */
async function reviewDrafts(run: QualityRun, compiled: CompileQualityResult, round: number): Promise<DecisionRecord> {
  const { input, status } = run;
  const prepared = await prepareDocuments(run, compiled, { draft: { version: round } });
  const generatedAt = latestInstant(
    [run.lastDecisionAt],
    periodCloseInstant(input.period, input.timeZone ?? 'Asia/Shanghai'),
  );
  const drafts = await Promise.all(
    prepared.documents.map((d) =>
      renderDocument({ template: d.template, dataRef: d.dataRef, meta: d.meta, generatedAt, locale: input.locale }),
    ),
  );
  status.drafts = drafts;
  status.phase = 'awaiting-approval';
  const review = withClassificationForm(
    approvalStep(input, round, prepared, drafts, compiled),
    compiled,
    input.locale === 'en',
  );
  const outcome = await waitForDecision(review, run.approvalWait);
  await recordClassifications(outcome.decision, compiled, input, run.workflowId);
  return outcome.decision;
}

/** Asks the supervisor to correct the sheets and waits for the link, the signal or changed source fingerprints. */
async function awaitCorrectedSheets(
  run: QualityRun,
  compiled: CompileQualityResult,
  round: number,
  reason: string[],
  sentBack: boolean,
): Promise<void> {
  const { input } = run;
  run.signal = null; // a signal left over from an earlier wait says nothing about this one
  run.status.phase = 'awaiting-corrections';
  const spec = correctionStep(input, round, reason, sentBack, compiled);
  await waitForCorrections({
    spec,
    wait: run.correctionWait,
    sourcesHash: compiled.sourcesHash,
    recheckEvery: input.recheckEvery ?? '1 hour',
    checkSources: () => quality.checkQualitySources({ sources: input.sources }),
    hasSignal: () => run.signal !== null,
    takeSignal: () => {
      const s = run.signal;
      run.signal = null;
      return s;
    },
  });
  run.lastDecisionAt = decisionOf(spec.stepId)?.decidedAt ?? run.lastDecisionAt;
}
