/**
 * Return processing and supplier recovery: each 入库单 against its return's history (the credit posted, the final
 * verdict, the parts kept, the technician's failure mode) and the 退货抵扣 journal; each 供应商索赔单 against the
 * claim recomputed from the inspection journal, the incident register and the parts catalogue (lines, incident
 * lines, amount, supplier, contact).
 */
import { WorkStore } from '../../activities/archive/work-store';
import { createMasterReader } from '../../activities/returns/read-masters';
import { createSupplierClaimActivities } from '../../activities/returns/supplier-claims';
import { readSystemCredits } from '../../activities/dunning/system-credits';
import { createExcelBackend } from '../../activities/sheets/excel/excel-backend';
import { dispositionOf, verdictLabel } from '../../domain/returns';
import type { GoodsReceivedNoteData } from '../../templates/pdf/goods-received-note';
import type { SupplierClaimData } from '../../templates/pdf/supplier-claim';
import type { ReturnOutcome } from '../../workflows/return-processing';
import { dataPath } from '../../config/load-config';
import type { AuditContext } from './audit-context';
import { parsePeriod } from '../../domain/calendar';
import { returnsSettingsFromConfig } from '../../config/start-inputs/returns-settings';

function claimActivities(ctx: AuditContext) {
  const cfg = ctx.o.cfg;
  const settings = returnsSettingsFromConfig(cfg);
  const excel = createExcelBackend({ root: cfg.dataDirAbs });
  // Claims are recomputed into a scratch store: the audit writes nothing the business keeps.
  const scratch = new WorkStore({ root: dataPath(cfg, 'tmp/audit') });
  return {
    settings,
    excel,
    scratch,
    claims: createSupplierClaimActivities(
      {
        settings,
        backendFor: () => excel,
        work: scratch,
        mail: () => Promise.reject(new Error('the audit sends no mail')),
        stateDir: dataPath(cfg, 'tmp/audit'),
      },
      { masters: createMasterReader(() => excel) },
    ),
  };
}

export async function checkReturns(ctx: AuditContext): Promise<void> {
  const cfg = ctx.o.cfg;
  if (!cfg.sources.returns || !cfg.sources.parts || !cfg.sources.dealers) return;
  const { settings, excel, claims, scratch } = claimActivities(ctx);

  // 入库单: what the return did (history) is what the note says.
  const credits = await readSystemCredits(excel, settings.targets.credits);
  const creditOf = new Map(credits.rows.map((c) => [c.docNo, c.amountFen]));
  for (const grn of await ctx.latest('grn')) {
    const facts = await ctx.workflow(grn.workflowId);
    const out = facts?.result as ReturnOutcome | undefined;
    const data = await ctx.stated<GoodsReceivedNoteData>(grn);
    if (!out?.verdict || !data) continue;
    const locale = cfg.locale === 'en' ? 'en' : 'zh-CN';
    const src = `${grn.workflowId} result`;
    ctx.compare(grn, '鉴定结论', data.verdict, verdictLabel(out.verdict, locale), src);
    ctx.compare(grn, '认可数量', data.qtyAccepted, out.qtyCredited, src);
    ctx.compare(grn, '退货抵扣', data.credit.amountFen, out.creditFen, src);
    if (out.creditFen > 0)
      ctx.compare(
        grn,
        '退货抵扣（账）',
        data.credit.amountFen,
        creditOf.get(data.credit.docNo ?? '') ?? null,
        '退货抵扣 journal',
      );
    const kept = out.postings.oldParts ? out.qtyCredited : 0;
    ctx.compare(grn, '处理方式', data.disposition, dispositionOf(out.verdict, kept, locale), src);
    const verdict = facts?.decisions.find((d) => d.stepId === 'verdict');
    const mode = typeof verdict?.fields?.failureMode === 'string' ? verdict.fields.failureMode.trim() : undefined;
    if (mode) ctx.compare(grn, '故障模式', data.failureMode, mode, `${grn.workflowId} verdict`);
  }

  // 供应商索赔单: the claim as the journal and the catalogue make it now.
  for (const claim of await ctx.latest('supplier-claim')) {
    const data = await ctx.stated<SupplierClaimData>(claim);
    if (!data) continue;
    const again = await claims.prepareSupplierClaim({
      period: parsePeriod(data.period, `${claim.fileName} period`),
      supplierCode: data.supplier.code,
      issuedOn: data.issuedOn,
    });
    const src = 'inspection journal + parts catalogue';
    const fresh = again.dataRef ? await scratch.getJson<SupplierClaimData>(again.dataRef) : null;
    ctx.compare(
      claim,
      '索赔行',
      data.lines.map((l) => l.returnNo),
      fresh?.lines.map((l) => l.returnNo) ?? [],
      src,
    );
    // Supplier-responsible incident costs: one line per incident id, from the incident register.
    ctx.compare(
      claim,
      '事件费用行',
      (data.incidents ?? []).map((i) => [i.incidentId, i.amountFen]),
      (fresh?.incidents ?? []).map((i) => [i.incidentId, i.amountFen]),
      'incident register',
    );
    ctx.compare(claim, '索赔金额', data.totals.amountFen, again.totalFen, src);
    ctx.compare(
      claim,
      '供应商',
      [data.supplier.name, data.supplier.contact ?? null, data.supplier.email ?? null],
      [again.supplierName, fresh?.supplier.contact ?? null, again.contact?.email ?? null],
      'parts catalogue',
    );
    ctx.compare(
      claim,
      '收件人',
      claim.recipients.includes(again.contact?.email ?? '—'),
      !!again.contact,
      'archive index',
    );
  }
}
