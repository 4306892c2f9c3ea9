/**
 * The month's supplier batch: one claim per supplier with supplier-responsible returns (供应商索赔单 PDF), to the
 * supplier and claims contact the parts catalogue names for the part, with a confirm link, and to purchasing (配套部),
 * who records the answer of suppliers without a contact. One supplier accepts only part of its claim.
 */
import { formatFen, parseYuanToFen } from '../../domain/money';
import { supplierRecoveryMonthWorkflow, supplierRecoveryMonthWorkflowId } from '../../workflows/return-supplier-month';
import type { SupplierRecoveryResult } from '../../workflows/supplier-recovery';
import { answerUntil } from './answer-links';
import { record, type DemoContext } from './demo-context';
import { describeStatus, startOnce, stateLine } from './start-once';

export async function runSupplierBatch(ctx: DemoContext): Promise<void> {
  const workflowId = supplierRecoveryMonthWorkflowId(ctx.period);
  const run = await startOnce(ctx, supplierRecoveryMonthWorkflow, workflowId, [
    { period: ctx.period, timeZone: ctx.cfg.timezone },
  ]);
  ctx.log(`  ${workflowId}: ${stateLine(run.state)}`);
  try {
    const month = await run.handle.result();
    for (const s of month.suppliers) if (s.email) ctx.names.set(s.email.toLowerCase(), s.supplierName);
    const unassigned =
      (month.unassigned.length
        ? `; ${month.unassigned.length} supplier-responsible returns name no known supplier (listed for purchasing, not claimed)`
        : '') +
      (month.unassignedIncidents?.length
        ? `; ${month.unassignedIncidents.length} supplier-responsible incident costs name no known supplier (listed, not claimed)`
        : '');
    record(ctx, {
      section: 'supplier batch',
      workflowId,
      status: run.state === 'completed' ? 'already-done' : 'completed',
      outcome: `${month.suppliers.length} supplier claims (${month.suppliers.map((s) => `${s.supplierName} ${s.supplierCode}${s.email ? ` → ${s.email}` : ''}`).join('、') || 'none'})${unassigned}`,
    });
    const ids = month.suppliers.map((s) => s.workflowId);
    const wasDone = new Set<string>();
    for (const id of ids) if ((await describeStatus(ctx, id)) === 'COMPLETED') wasDone.add(id);
    let partial = false;
    const results = await answerUntil(ctx, {
      what: 'supplier claims',
      owns: (id) => ids.includes(id),
      watch: () => ids,
      done: Promise.all(ids.map((id) => ctx.client.workflow.getHandle(id).result() as Promise<SupplierRecoveryResult>)),
      respond: async (link, step) => {
        if (step.stepId !== 'supplier-confirmation') return null;
        // A supplier with a contact on file answers the claim themselves; otherwise purchasing records the answer.
        const purchasing = (ctx.cfg.people.purchasing?.email ?? '').toLowerCase();
        const byPurchasing = link.recipient === purchasing;
        if (byPurchasing && step.recipients.some((r) => r !== purchasing)) return null;
        const verb = byPurchasing ? "recorded the supplier's confirmation" : 'confirmed';
        const claimed = step.figures.map((f) => parseYuanToFen(f.value.replace(/[¥￥]/g, ''))).find((v) => v !== null);
        if (!partial && claimed) {
          partial = true;
          const accepted = Math.round((claimed * 9) / 10);
          return {
            action: 'confirm',
            verb: `${verb} (¥${formatFen(accepted)} of ¥${formatFen(claimed)}):`,
            comment: '其中一件超出索赔期，按九成确认。',
            fields: { amount: formatFen(accepted).replace(/,/g, '') },
            what: `「${step.title}」`,
          };
        }
        return { action: 'confirm', verb: `${verb} in full:`, fields: { amount: '' }, what: `「${step.title}」` };
      },
    });
    results.forEach((r, i) => {
      record(ctx, {
        section: 'supplier batch',
        workflowId: ids[i]!,
        status: wasDone.has(ids[i]!) ? 'already-done' : 'completed',
        outcome: `${r.claimNo} ${r.supplierName}: ${r.status}, ${r.lines} lines, claimed ¥${formatFen(r.claimFen)}, recovered ¥${formatFen(r.recoveredFen)}`,
      });
    });
  } catch (err) {
    record(ctx, { section: 'supplier batch', workflowId, status: 'failed', outcome: (err as Error).message });
  }
}
