/**
 * Quality feedback: every department's final PDF states the counts of the compilation the supervisor approved (its
 * result in history), and the purchasing view's supplier recovery columns state what the month's supplier claims
 * (archived 供应商索赔单) and the recovery register say.
 */
import { readJournal } from '../../activities/returns/append-once';
import { fenOfCell, recoveryJournal } from '../../activities/returns/journals';
import { createExcelBackend } from '../../activities/sheets/excel/excel-backend';
import type { CompileQualityResult } from '../../activities/quality';
import type { QualityFeedbackParsed } from '../../templates/pdf/quality-feedback-schema';
import type { SupplierClaimData } from '../../templates/pdf/supplier-claim';
import type { AuditContext } from './audit-context';
import { completedOf } from './workflow-facts';
import { returnsSettingsFromConfig } from '../../config/start-inputs/returns-settings';

async function recoveries(
  ctx: AuditContext,
): Promise<Map<string, { claimedFen: number; recoveredFen: number; openClaims: number }>> {
  const out = new Map<string, { claimedFen: number; recoveredFen: number; openClaims: number }>();
  const cfg = ctx.o.cfg;
  if (!cfg.sources.returns || !cfg.sources.parts) return out;
  const spec = recoveryJournal(returnsSettingsFromConfig(cfg).targets.recoveries);
  const register = await readJournal(createExcelBackend({ root: cfg.dataDirAbs }), spec);
  const confirmed = new Map(
    (register?.rows ?? []).map((r) => [String(r.cells[0] ?? '').trim(), fenOfCell(r.cells[8] ?? null)]),
  );
  for (const e of await ctx.latest('supplier-claim')) {
    const doc = e.rendering ? await ctx.o.work.getJson<SupplierClaimData>({ sha256: e.rendering.dataSha256 }) : null;
    if (!doc) continue;
    const got = confirmed.get(doc.claimNo);
    const t = out.get(doc.supplier.name) ?? { claimedFen: 0, recoveredFen: 0, openClaims: 0 };
    t.claimedFen += doc.totals.amountFen;
    t.recoveredFen += got ?? 0;
    t.openClaims += got === undefined ? 1 : 0;
    out.set(doc.supplier.name, t);
  }
  return out;
}

export async function checkQuality(ctx: AuditContext): Promise<void> {
  const id = `quality-${ctx.period}`;
  const finals = await ctx.latest('quality-feedback', (e) => e.workflowId === id);
  const facts = await ctx.workflow(id);
  if (!finals.length || !facts) return;
  const compiled = completedOf<unknown, CompileQualityResult>(facts, 'compileQualityFeedback').at(-1)?.result;
  const byName = await recoveries(ctx);
  for (const e of finals) {
    const data = await ctx.stated<QualityFeedbackParsed>(e);
    if (!data) continue;
    if (compiled) {
      const c = compiled.counts;
      const b = data.basis;
      ctx.compare(
        e,
        '质量信息条数',
        [b.rows, b.events, b.reportMonthEvents, b.duplicatesRemoved, b.unmappedEvents, b.problems],
        [c.rows, c.events, c.reportMonthEvents, c.duplicatesRemoved, c.unmappedEvents, c.problems],
        `${id} compileQualityFeedback (approved round)`,
      );
    }
    const approval = facts.decisions.filter((d) => d.action === 'approve').at(-1);
    ctx.compare(e, '批准时间', data.approval?.at ?? null, approval?.decidedAt ?? null, `${id} decisions`);
    if (data.view.kind !== 'purchasing') continue;
    for (const s of data.view.suppliers) {
      const want = byName.get(s.label) ?? { claimedFen: 0, recoveredFen: 0, openClaims: 0 };
      const { claimedFen, recoveredFen, openClaims } = s.recovery;
      ctx.compare(
        e,
        `追偿 ${s.label}`,
        { claimedFen, recoveredFen, openClaims },
        want,
        '供应商索赔单 + recovery register',
      );
    }
  }
}
