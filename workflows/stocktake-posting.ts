/**
 * Phase 4 of the stocktake: post the adjustment journal and the corrected book, exactly once (the posting
 * activity is idempotent by workflow id). Bin-card corrections alone need no approval: they move no value.
 */
import type { PostAdjustmentsResult, ReconcileOutput, SnapshotRef } from '../activities/stocktake/types';
import type { ApprovalOutcome } from './stocktake-approval';
import { defaultDocNoPrefix, resultTabName } from './stocktake-input';
import { type StocktakeRun } from './stocktake-run';

export async function postAdjustments(
  run: StocktakeRun,
  snap: SnapshotRef,
  rec: ReconcileOutput,
  approval: ApprovalOutcome | null,
): Promise<PostAdjustmentsResult> {
  const { input, t } = run;
  const tag = input.adhoc?.tag;
  run.status.phase = 'posting';
  return run.acts.posting.postStocktakeAdjustments({
    workflowId: run.workflowId,
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
