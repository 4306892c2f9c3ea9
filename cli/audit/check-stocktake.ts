/**
 * Monthly stocktake: each final 盘点报告 against its archived ledger snapshot and the counts the workflow reconciled
 * (history → work store): variance lines and their value recomputed as count − snapshot book × snapshot unit cost;
 * the posting against the journal actually written (rows, contiguous document numbers from 0001, book quantities
 * as snapshotted, values); the approvals printed against the decisions in history.
 */
import type { ArchiveEntry } from '../../activities/archive/archive-store';
import { createExcelBackend } from '../../activities/sheets/excel/excel-backend';
import type { PostAdjustmentsResult, ReconcileOutput, StoredSnapshot } from '../../activities/stocktake/types';
import { parseYuanToFen } from '../../domain/money';
import { keyOfLine, qtyValueFen, type ReconcileResult } from '../../domain/stocktake';
import type { StocktakeReportData } from '../../templates/pdf/stocktake-report';
import type { StocktakeInput } from '../../workflows/stocktake-input';
import { localTime } from '../output';
import type { AuditContext } from './audit-context';
import { completedOf } from './workflow-facts';

async function snapshotOf(ctx: AuditContext, workflowId: string): Promise<StoredSnapshot | null> {
  const [e] = (await ctx.entries()).filter((x) => x.workflowId === workflowId && x.kind === 'stocktake-snapshot');
  if (!e) return null;
  const doc = await ctx.o.archive.getDocument(e.docId);
  return doc ? (JSON.parse(doc.bytes.toString('utf8')) as StoredSnapshot) : null;
}

async function journalRows(ctx: AuditContext, p: PostAdjustmentsResult): Promise<unknown[][]> {
  const backend = createExcelBackend({ root: ctx.o.cfg.dataDirAbs });
  const ref = p.target.kind === 'excel' ? { ...p.target, sheet: p.journalTab } : { ...p.target, tab: p.journalTab };
  const rows: unknown[][] = [];
  let header = true;
  for await (const r of backend.readRows(ref)) {
    if (header) {
      header = false;
      continue;
    }
    if (r.cells.some((c) => c !== null && c !== '')) rows.push([...r.cells]);
  }
  return rows;
}

async function checkOne(ctx: AuditContext, report: ArchiveEntry): Promise<void> {
  const facts = await ctx.workflow(report.workflowId);
  const data = await ctx.stated<StocktakeReportData>(report);
  const snap = await snapshotOf(ctx, report.workflowId);
  if (!facts || !data || !snap) return;
  const from = `${report.workflowId}: archived snapshot + reconciled counts`;
  const reconciled = completedOf<unknown, ReconcileOutput>(facts, 'reconcileStocktake').at(-1)?.result;
  ctx.compare(report, '快照行数', data.snapshot.lines, snap.lines.length, 'archived snapshot');
  if (reconciled) {
    const result = await ctx.o.work.getJson<ReconcileResult>(reconciled.result);
    const book = new Map(snap.lines.map((l) => [keyOfLine(l), l]));
    let variances = 0;
    let gain = 0;
    let loss = 0;
    for (const l of result.lines) {
      const s = book.get(l.key);
      if (!s || l.countAtCutoffQty === null) continue;
      const q = l.countAtCutoffQty - s.bookQty;
      if (q === 0) continue;
      variances++;
      const v = qtyValueFen(q, s.unitCostFen);
      if (v > 0) gain += v;
      else loss += v;
    }
    const total = data.summary.find((r) => r.kind === 'total');
    ctx.compare(report, '差异行', total?.variances, variances, from);
    ctx.compare(report, '盘盈金额', total?.gainValueFen, gain, from);
    ctx.compare(report, '盘亏金额', total?.lossValueFen, loss, from);
    ctx.compare(report, '净影响', total?.netValueFen, gain + loss, from);
  }

  // The posting as written: rows, numbers without gaps, book quantities as snapshotted, the value.
  const posting = completedOf<unknown, PostAdjustmentsResult>(facts, 'postStocktakeAdjustments').at(-1)?.result;
  ctx.compare(report, '过账', data.posting?.rows ?? null, posting?.rows ?? null, `${report.workflowId} posting`);
  if (posting && data.posting) {
    const rows = await journalRows(ctx, posting);
    const src = `journal ${posting.journalTab}`;
    const nos = rows.map((r) => String(r[0]));
    const prefix = nos[0]?.replace(/-\d{4}$/, '') ?? '';
    ctx.compare(report, '调整凭证行', data.posting.rows, rows.length, src);
    ctx.compare(
      report,
      '单据号',
      nos,
      nos.map((_, i) => `${prefix}-${String(i + 1).padStart(4, '0')}`),
      src,
    );
    ctx.compare(
      report,
      '单据号起止',
      [data.posting.firstDocNo, data.posting.lastDocNo],
      [nos[0] ?? null, nos.at(-1) ?? null],
      src,
    );
    const bySnap = new Map(snap.lines.map((l) => [`${l.location}\u0000${l.partNo}`, l.bookQty]));
    const wrongBook = rows.filter((r) => bySnap.get(`${String(r[4])}\u0000${String(r[5])}`) !== r[8]).map((r) => r[0]);
    ctx.compare(report, '调整凭证 账面数量 = 快照', wrongBook, [], `${src} vs archived snapshot`);
    const value = rows.reduce((n: number, r) => n + (parseYuanToFen(r[12] as number) ?? 0), 0);
    ctx.compare(report, '调整金额合计', data.summary.find((r) => r.kind === 'total')?.netValueFen, value, src);
  }

  // Approvals printed = decisions made (who, when to the minute in the company's zone), in order.
  const tiers = (facts.input as StocktakeInput | undefined)?.approvalTiers ?? [];
  const nameOf = (email: string): string =>
    tiers.find((t) => t.approver.email.toLowerCase() === email.toLowerCase())?.approver.name ?? email;
  const approvals = facts.decisions
    .filter((d) => /^approve-\d+$/.test(d.stepId))
    .map((d) => [nameOf(d.decidedBy), localTime(d.decidedAt, ctx.o.cfg.timezone)]);
  ctx.compare(
    report,
    '审批',
    data.approvals.decisions.map((d) => [d.name, d.at]),
    approvals,
    `${report.workflowId} decisions`,
  );
}

export async function checkStocktake(ctx: AuditContext): Promise<void> {
  const finals = await ctx.latest('stocktake-report');
  for (const r of finals) await checkOne(ctx, r);
}
