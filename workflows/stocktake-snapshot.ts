/**
 * Phase 1 of the stocktake: snapshot the ledger at the cut-off. A ledger with problems goes back to the
 * warehouse keeper (report attached, reminders, escalation to the manager) and is snapshot again once fixed.
 */
import type { ProblemReportRef, SnapshotRef } from '../activities/stocktake/types';
import { notifyByEmail } from './lib/notify-by-email';
import { waitForDecision } from './lib/wait-for-decision';
import type { StocktakeRun } from './stocktake-run';

export async function snapshotLedger(run: StocktakeRun): Promise<SnapshotRef> {
  const { input, acts, status } = run;
  const scope = input.adhoc?.scope;
  for (let attempt = 1; ; attempt++) {
    status.phase = 'snapshot';
    const out = await acts.sheets.snapshotStocktakeLedger({
      workflowId: run.workflowId,
      runId: run.runId,
      period: input.period,
      warehouse: input.warehouse,
      cutoffDate: run.cutoffDate,
      ledger: input.ledger,
      ...(input.movements ? { movements: input.movements } : {}),
      ...(scope ? { scope } : {}),
      outputDir: run.outputDir,
      attempt,
      locale: run.locale,
    });
    if (out.ok) return out.snapshot;
    status.phase = 'ledger-problems';
    status.problems = [{ counter: input.counters[0]!.email, count: out.problems.count, path: out.problems.path }];
    await awaitLedgerFix(run, attempt, out.problems);
    status.problems = [];
  }
}

/** Asks the warehouse keeper (the first counter) to correct the ledger, and waits until they say it is done. */
async function awaitLedgerFix(run: StocktakeRun, attempt: number, problems: ProblemReportRef): Promise<void> {
  const { input, t } = run;
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
          `台账有 ${problems.count} 个问题（清单见附件）：`,
          `The ledger has ${problems.count} problem(s), report attached:`,
        ),
        ...problems.sample,
      ],
      docIds: [problems.doc.docId],
      docLabels: { [problems.doc.docId]: problems.doc.fileName },
      recipients: [input.counters[0]!.email],
      actionLabels: { acknowledge: t('台账已修正', 'Ledger corrected') },
      locale: run.locale,
    },
    {
      reminders: input.countReminders ?? [],
      deadline: input.countDeadline,
      onTimeout: 'escalate-and-keep-waiting',
      escalateTo: [input.manager.email],
      notify: notifyByEmail(run.acts.mail.sendActionRequest, { names: run.names }),
    },
  );
}
