/**
 * Phase 2 of the stocktake: count rounds. Round 1 counts every zone; each later round recounts the lines still
 * over tolerance (by a different counter), at most `recount.maxRounds` times. After each round the counts so far
 * are reconciled against the snapshot (账/卡/物, movements after the cut-off netted out).
 */
import { msToNumber } from '@temporalio/common';
import type { DataRef } from '../activities/archive/types';
import type { BuildReportInput } from '../activities/stocktake/build-report-data';
import type { ReconcileOutput, SnapshotRef } from '../activities/stocktake/types';
import { collectRound, type RoundContext } from './stocktake-counting';
import type { StocktakeRun } from './stocktake-run';

export interface CountedStocktake {
  /** The reconciliation after the last round. */
  rec: ReconcileOutput;
  rounds: BuildReportInput['recounts'];
}

export async function countAndReconcile(run: StocktakeRun, snap: SnapshotRef): Promise<CountedStocktake> {
  const { input, acts, status } = run;
  const ctx: RoundContext = { input, acts, snapshot: snap.data, outputDir: run.outputDir, status, names: run.names };
  const countRefs: DataRef[] = [];
  const submitted: string[] = [];
  const rounds: BuildReportInput['recounts'] = [];
  let plan: DataRef | undefined;
  for (let round = 1; ;) {
    const written = await writeCountSheets(run, snap, round, plan);
    const got = await collectRound(ctx, round, written.sheets, written.manifest);
    countRefs.push(...got.counts);
    submitted.push(...got.submittedAt);
    status.phase = 'reconciling';
    const rec = await acts.sheets.reconcileStocktake({
      snapshot: snap.data,
      counts: countRefs,
      ...(input.movements ? { movements: input.movements } : {}),
      warehouse: input.warehouse,
      cutoffDate: run.cutoffDate,
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
    if (rec.plan.nextRound === null) return { rec, rounds };
    round = rec.plan.nextRound;
  }
}

/** Writes the round's count sheets (xlsx files, or tabs of the Google spreadsheet) from the snapshot and plan. */
async function writeCountSheets(run: StocktakeRun, snap: SnapshotRef, round: number, plan: DataRef | undefined) {
  const { input, status } = run;
  const google =
    input.googleCountSheets ??
    (input.ledger.ref.kind === 'google' ? { spreadsheetId: input.ledger.ref.spreadsheetId } : undefined);
  status.phase = 'counting';
  status.round = round;
  status.sheets = [];
  const written = await run.acts.sheets.writeStocktakeCountSheets({
    workflowId: run.workflowId,
    runId: run.runId,
    period: input.period,
    warehouse: input.warehouse,
    round,
    snapshot: snap.data,
    ...(plan ? { plan } : {}),
    counters: input.counters,
    blind: input.blind ?? true,
    outputDir: run.outputDir,
    ...(google ? { google } : {}),
    // Workflow time (Date.now() is deterministic in the sandbox): the deadline printed on the sheets.
    deadline: new Date(Date.now() + msToNumber(input.countDeadline)).toISOString(),
    locale: run.locale,
  });
  status.sheets = written.sheets;
  return written;
}
