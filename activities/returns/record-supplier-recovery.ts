import { AppError } from '../../domain/errors';
import { localDate } from '../../domain/calendar';
import type { Fen } from '../../domain/money';
import { appendOnce } from './append-once';
import { dateCell, fenOfCell, recoveryJournal, yuanCell } from './journals';
import type { JournalOutcome } from './post-return';
import type { RecoveryPosting } from './supplier-claims';
import type { ReturnsActivityDeps } from './types';

const STATUS_LABEL: Record<RecoveryPosting['status'], string> = { confirmed: '已确认', disputed: '有异议' };

/**
 * Records a claim's outcome in the supplier recovery register (供应商索赔). Side effect: one row, once per
 * claim number; a second call returns the row written first.
 */
export function makeRecordSupplierRecovery(deps: ReturnsActivityDeps) {
  const s = deps.settings;
  return async function recordSupplierRecovery(p: RecoveryPosting): Promise<JournalOutcome & { recoveredFen: Fen }> {
    if (!Number.isSafeInteger(p.recoveredFen) || p.recoveredFen < 0) {
      throw new AppError(
        'InvalidAmount',
        `claim ${p.claimNo}: recovered amount must be ≥ 0, got ${p.recoveredFen}`,
        {},
      );
    }
    const spec = recoveryJournal(s.targets.recoveries);
    const res = await appendOnce(
      deps.backendFor(spec.ref),
      spec,
      [
        p.claimNo,
        p.period,
        p.supplierCode,
        p.supplierName,
        p.lines,
        p.qty,
        yuanCell(p.claimFen),
        STATUS_LABEL[p.status],
        yuanCell(p.recoveredFen),
        p.decidedBy,
        confirmedOn(p.decidedAt, s.timeZone),
        p.aged ? '是' : '否',
        p.comment ?? null,
      ],
      { lockDir: deps.stateDir },
    );
    const r = spec.ref;
    const where =
      r.kind === 'excel' ? `${r.path} › ${r.sheet} › ${res.row}` : `${r.spreadsheetId} › ${r.tab} › ${res.row}`;
    return { status: res.status, key: p.claimNo, where, recoveredFen: fenOfCell(res.values[8] ?? null) };
  };
}

/**
 * 确认时间 as the business date of the supplier's answer (company time zone): the instant of a click is the person's
 * timing, not a fact of the claim, and a re-run of the month must write the same cells. The instant stays in the
 * workflow's history and the audit log.
 */
function confirmedOn(decidedAt: string, timeZone: string): Date | string {
  const at = Date.parse(decidedAt);
  return Number.isFinite(at) ? dateCell(localDate(at, timeZone)) : decidedAt;
}
