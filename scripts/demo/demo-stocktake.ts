/**
 * The month's stocktake of both warehouses, driven as the people involved would: each counter opens the count
 * sheet on the shared folder, types what is on the shelf (round 1 with a few slips on purpose, so some lines
 * come back for a recount; a few real shortages stay), saves and clicks "counts submitted" in their mail;
 * the approvers click approve in theirs. Both warehouses run at once, as in real life.
 */
import { dataPath } from '../../config/load-config';
import { formatFen } from '../../domain/money';
import {
  stocktakeStatusQuery,
  stocktakeWorkflow,
  stocktakeWorkflowId,
  type StocktakeResult,
} from '../../workflows/stocktake';
import { answerUntil, type Answer } from './answer-links';
import { hasActivities, personName, record, type DemoContext } from './demo-context';
import { fillCountSheet } from './fill-count-sheet';
import type { ActionLink } from './mailbox';
import { startOnce, stateLine } from './start-once';
import { countFor, planShelf, shelfKey, type ShelfPlan } from './stock-on-shelf';
import type { StepView } from '../../workflows/lib/decision';
import { stocktakeInputFromConfig } from '../../config/start-inputs/stocktake-input';

const ACTIVITIES = [
  'snapshotStocktakeLedger',
  'writeStocktakeCountSheets',
  'reconcileStocktake',
  'postStocktakeAdjustments',
];

function outcomeLine(r: StocktakeResult): string {
  const s = r.summary;
  return [
    r.outcome,
    `${r.rounds} count round${r.rounds === 1 ? '' : 's'}`,
    `${s.lines} lines, ${s.variances} variances (¥${formatFen(s.netValueFen)} net), ${s.cardMismatches} bin cards corrected`,
    r.posting ? `journal ${r.posting.firstDocNo ?? '—'}…${r.posting.lastDocNo ?? ''}` : 'nothing posted',
    `report ${r.report.fileName}`,
  ].join('; ');
}

/** Runs (or reports as done) the stocktake of every configured warehouse for the period. */
export async function runStocktake(ctx: DemoContext): Promise<void> {
  ctx.log(
    '\n▶ Stocktake (月度盘点): both warehouses, blind counts, recount of lines over tolerance, approval, posting',
  );
  const warehouses = ctx.cfg.stocktake?.warehouses ?? [];
  if (!ctx.cfg.stocktake || warehouses.length === 0) {
    ctx.log('  stocktake: not configured (no stocktake section)');
    return;
  }
  if (!hasActivities(ctx, ACTIVITIES)) {
    ctx.log('  stocktake: not available yet (its activities are not wired into the worker)');
    for (const w of warehouses) {
      record(ctx, {
        section: 'stocktake',
        workflowId: stocktakeWorkflowId(ctx.period, w.id),
        status: 'skipped',
        outcome: 'not available yet',
      });
    }
    return;
  }
  const runs = await Promise.all(
    warehouses.map(async (w) => {
      const workflowId = stocktakeWorkflowId(ctx.period, w.id);
      const input = stocktakeInputFromConfig(ctx.cfg, { period: ctx.period, warehouseId: w.id });
      const run = await startOnce(ctx, stocktakeWorkflow, workflowId, [input]);
      ctx.log(`  ${workflowId}: ${stateLine(run.state)}`);
      const plan =
        run.state === 'completed'
          ? null
          : await planShelf(ctx.cfg, { period: ctx.period, warehouseId: w.id, miscounts: ctx.scale.miscounts });
      if (plan) {
        ctx.log(
          `  ${w.name}: ${plan.lines.size} stock lines; the counters will slip on ${plan.slips.size} and find ${plan.shortages.size} really short`,
        );
      }
      return { w, workflowId, run, plan };
    }),
  );
  const plans = new Map(runs.map((r) => [r.workflowId, r]));

  const respond = async (link: ActionLink, step: StepView): Promise<Answer | null> => {
    const run = plans.get(link.workflowId)!;
    const counts = /^counts-r(\d+)-c\d+/.exec(step.stepId);
    if (counts && run.plan) return countAndSubmit(ctx, run.workflowId, run.plan, Number(counts[1]), link, step);
    if (step.kind === 'approval') {
      return { action: 'approve', comment: '已核对差异及复盘结果，同意过账。', what: `「${step.title}」` };
    }
    if (step.stepId.startsWith('ledger-fix')) {
      throw new Error(`${run.workflowId}: the stock ledger has problems (${step.summary.slice(0, 3).join(' ')})`);
    }
    return null;
  };
  const results = await answerUntil(ctx, {
    what: 'stocktake',
    owns: (id) => plans.has(id),
    watch: () => [...plans.keys()],
    respond,
    done: Promise.allSettled(runs.map((r) => r.run.handle.result())),
  });
  results.forEach((res, i) => {
    const { workflowId, run } = runs[i]!;
    if (res.status === 'fulfilled') {
      record(ctx, {
        section: 'stocktake',
        workflowId,
        status: run.state === 'completed' ? 'already-done' : 'completed',
        outcome: outcomeLine(res.value),
      });
    } else {
      record(ctx, {
        section: 'stocktake',
        workflowId,
        status: 'failed',
        outcome: String((res.reason as Error)?.message ?? res.reason),
      });
    }
  });
}

async function countAndSubmit(
  ctx: DemoContext,
  workflowId: string,
  plan: ShelfPlan,
  round: number,
  link: ActionLink,
  step: StepView,
): Promise<Answer> {
  const status = await ctx.client.workflow.getHandle(workflowId).query(stocktakeStatusQuery);
  const mine = status.sheets.filter((s) => s.round === round && s.counter.email.toLowerCase() === link.recipient);
  const counter = personName(ctx, link.recipient);
  let lines = 0;
  for (const s of mine) {
    if (s.location.kind !== 'excel') throw new Error(`${workflowId}: the demo counts Excel sheets only`);
    lines += await fillCountSheet(dataPath(ctx.cfg, s.location.path), {
      counter,
      timeZone: ctx.cfg.timezone,
      count: (l) => countFor(plan, shelfKey(l), round),
    });
  }
  return {
    action: 'acknowledge',
    verb: 'counted and submitted',
    what: `「${step.title}」 (${lines} line${lines === 1 ? '' : 's'} on ${mine.length} sheet${mine.length === 1 ? '' : 's'})`,
  };
}
