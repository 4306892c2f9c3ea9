/**
 * Posts an approved stocktake exactly once: the adjustment journal (盘点调整, one row per variance with a
 * deterministic document number, reason and approver) and the corrected book quantities, as a new workbook next
 * to the ledger (or new tabs of a Google ledger) — never over the staff's columns. The posting is recorded in the hash-chained audit log under
 * the journal's identity (document-number prefix + period) with its content hash, so a retry, a replay or a
 * re-run posts nothing twice and a different journal under the same numbers is refused.
 */
import { AppError } from '../../domain/errors';
import { formatFen } from '../../domain/money';
import { buildAdjustmentJournal, type JournalRow, type ReconcileResult } from '../../domain/stocktake';
import { tableContentHash, type WritableCell } from '../sheets/content-hash';
import { correctionRows, currentBook } from './correct-book';
import { withSnapshot } from './share-snapshot';
import type { StocktakeActivityDeps } from './stocktake-deps';
import { writePosting } from './write-posting';
import type { PostAdjustmentsInput, PostAdjustmentsResult, StoredSnapshot } from './types';

export const POSTING_ACTION = 'stocktake.posting';

export const JOURNAL_HEADER = [
  '单据号',
  '期间',
  '仓库',
  '库区',
  '库位',
  '配件编号',
  '配件名称',
  '类别',
  '账面数量',
  '实盘数量',
  '调整数量',
  '单价（元）',
  '调整金额（元）',
  '盘盈/盘亏',
  '原因',
  '批准人',
];

export const CORRECTIONS_HEADER = [
  '仓库',
  '库区',
  '库位',
  '配件编号',
  '配件名称',
  '快照账面数量',
  '盘点调整',
  '当前账面数量',
  '调整后账面数量',
  '快照卡片数量',
  '调整后卡片数量',
  '单据号',
  '快照后账面变动',
];

/** Yuan as a number for the sheet, from exact fen text (never fen / 100 in binary arithmetic). */
const yuan = (fen: number): number => Number(formatFen(fen).replace(/,/g, ''));

export function journalRows(rows: readonly JournalRow[]): WritableCell[][] {
  return rows.map((r) => [
    r.docNo,
    r.period,
    r.warehouse,
    r.zone,
    r.location,
    r.partNo,
    r.partName,
    r.category ?? null,
    r.bookQty,
    r.countedQty,
    r.adjustmentQty,
    yuan(r.unitCostFen),
    yuan(r.valueFen),
    r.direction === 'gain' ? '盘盈' : '盘亏',
    r.reason,
    r.approver,
  ]);
}

export async function postAdjustments(
  deps: StocktakeActivityDeps,
  input: PostAdjustmentsInput,
): Promise<PostAdjustmentsResult> {
  return withSnapshot(deps, input.snapshot.data, (snapshot) => postWith(deps, input, snapshot));
}

async function postWith(
  deps: StocktakeActivityDeps,
  input: PostAdjustmentsInput,
  snapshot: StoredSnapshot,
): Promise<PostAdjustmentsResult> {
  const result = await deps.work.getJson<ReconcileResult>(input.result);
  const journal = buildAdjustmentJournal(result, {
    docNoPrefix: input.docNoPrefix,
    period: input.period,
    approver: input.approver,
    reason: input.reason,
  });
  const jRows = journalRows(journal.rows);
  const journalHash = tableContentHash(input.journalTab, JOURNAL_HEADER, jRows);
  const postingKey = `${input.docNoPrefix}-${input.period}`;

  const posted = await alreadyPosted(deps, postingKey, journalHash);
  if (posted) return posted;

  const { book, fingerprint, changed } = await currentBook(deps, snapshot, input);
  const { cRows, moved } = correctionRows(snapshot, journal.corrections, book);

  const target = await writePosting(deps, input.ledger.ref, fingerprint, [
    ...(jRows.length > 0 ? [{ tab: input.journalTab, header: JOURNAL_HEADER, rows: jRows }] : []),
    { tab: input.correctionsTab, header: CORRECTIONS_HEADER, rows: cRows },
  ]);

  const out: Omit<PostAdjustmentsResult, 'status'> = {
    journalTab: input.journalTab,
    correctionsTab: input.correctionsTab,
    target,
    rows: journal.rows.length,
    corrections: journal.corrections.length,
    firstDocNo: journal.rows[0]?.docNo ?? null,
    lastDocNo: journal.rows.at(-1)?.docNo ?? null,
    journalHash,
    ledgerChangedSinceSnapshot: changed,
    movedSinceSnapshot: moved.length,
    moved: await deps.work.putJson(moved),
  };
  await deps.audit.record({
    eventId: `${POSTING_ACTION}/${postingKey}`,
    actor: input.approver,
    action: POSTING_ACTION,
    target: postingKey,
    detail: {
      workflowId: input.workflowId,
      journalHash,
      netValueFen: journal.totals.netValueFen,
      gainValueFen: journal.totals.gainValueFen,
      lossValueFen: journal.totals.lossValueFen,
      result: out,
    },
  });
  return { ...out, status: 'posted' };
}

/** The posting the audit log records under this key: its result again, or refused when its content differs. */
async function alreadyPosted(
  deps: StocktakeActivityDeps,
  postingKey: string,
  journalHash: string,
): Promise<PostAdjustmentsResult | undefined> {
  const [recorded] = await deps.audit.list({ action: POSTING_ACTION, target: postingKey, limit: 1 });
  if (recorded) {
    const d = recorded.detail ?? {};
    if (d.journalHash !== journalHash) {
      throw new AppError(
        'PostingConflict',
        `盘点调整 ${postingKey} 已于 ${recorded.at} 过账（${String(d.workflowId)}），内容不同，不再重复过账 / already posted with different content`,
        { postingKey, postedBy: d.workflowId },
      );
    }
    return { ...(d.result as Omit<PostAdjustmentsResult, 'status'>), status: 'already-posted' };
  }

  return undefined;
}
