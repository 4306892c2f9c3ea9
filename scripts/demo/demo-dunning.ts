/**
 * Dealer statements and dunning for the month: one child per dealer mails the statement of account (confirm /
 * dispute link) and decides the dunning level; a final notice or credit hold waits for the manager's click.
 * While the manager's approval mail is open, the dealer answers their statement (one of them disputes it, so
 * the customer supervisor gets the dispute and resolves it with a note); then the manager approves.
 *
 * The demo gives the month no follow-up window (followUpDays 0): each dealer's run ends after this month's
 * decision instead of waiting weeks on timers for payments.
 */
import { WorkflowNotFoundError } from '@temporalio/client';
import { formatFen } from '../../domain/money';
import {
  dunningDealerWorkflowId,
  dunningMonthWorkflow,
  dunningMonthWorkflowId,
  dunningProgressQuery,
  type DunningMonthResult,
} from '../../workflows/dunning-month';
import type { DunningDealerResult } from '../../workflows/dunning-dealer';
import { answerUntil, clickAnswer, currentStep, reportStalls, type Answer } from './answer-links';
import { hasActivities, record, sleep, type DemoContext } from './demo-context';
import { learnDealers } from './dealer-list';
import type { ActionLink } from './mailbox';
import { startOnce, stateLine } from './start-once';
import { pendingStepsQuery, type StepView } from '../../workflows/lib/decision';
import { dunningSettingsFromConfig } from '../../config/start-inputs/dunning-settings';

const ACTIVITIES = [
  'prepareDunningRun',
  'readManifestSlice',
  'beginDealerMonth',
  'sendStatementMail',
  'buildFinanceReport',
];

/** Results of the dealers' children once every one of them has ended (held-back dealers have none). */
async function childResults(ctx: DemoContext, parentId: string, ids: string[]): Promise<DunningDealerResult[]> {
  const out: DunningDealerResult[] = [];
  for (const id of ids) {
    const handle = ctx.client.workflow.getHandle(dunningDealerWorkflowId(parentId, id));
    for (;;) {
      let status: string;
      try {
        status = (await handle.describe()).status.name;
      } catch (err) {
        if (err instanceof WorkflowNotFoundError) break;
        throw err;
      }
      if (status === 'COMPLETED') {
        out.push((await handle.result()) as DunningDealerResult);
        break;
      }
      if (status !== 'RUNNING') throw new Error(`${handle.workflowId} ended ${status.toLowerCase()}`);
      await sleep(500);
    }
  }
  return out;
}

/** Waits until a dealer's child has ended or waits for a person again (nothing of it runs any more). */
async function childSettled(ctx: DemoContext, workflowId: string): Promise<void> {
  const handle = ctx.client.workflow.getHandle(workflowId);
  let until = Date.now() + ctx.stepTimeoutMs;
  while (Date.now() < until) {
    if ((await handle.describe()).status.name !== 'RUNNING') return;
    // A query needs a worker: while it restarts (or Temporal does), ask again on the next round.
    const steps = await handle.query(pendingStepsQuery).catch(() => []);
    if (steps.length > 0) return;
    await sleep(200);
    // Stalled on a known cause (SMTP down, disk full): say so and keep waiting.
    if (Date.now() >= until && (await reportStalls(ctx, [workflowId]))) until = Date.now() + ctx.stepTimeoutMs;
  }
  throw new Error(`${workflowId} did not finish its step within ${ctx.stepTimeoutMs / 1000} s`);
}

function outcomeLine(r: DunningMonthResult, children: DunningDealerResult[]): string {
  const levels = new Map<number, number>();
  for (const c of children) for (const l of c.levelsSent) levels.set(l, (levels.get(l) ?? 0) + 1);
  const letters = [...levels].sort(([a], [b]) => a - b).map(([l, n]) => `L${l}×${n}`);
  const o = r.summary;
  return [
    `${r.dealers} dealers (${r.heldBack} held back for data problems)`,
    `${children.filter((c) => c.statementSent).length} statements`,
    `letters ${letters.join(' ') || 'none'}`,
    `${children.filter((c) => c.confirmed).length} confirmed, ${children.filter((c) => c.disputed).length} disputed`,
    `${children.filter((c) => c.creditHold === 'set').length} credit holds set`,
    `closing balances ¥${formatFen(o.closingFen)}`,
    r.report
      ? `report ${r.report.fileName}${r.reportVersions > 1 ? ' (first sent with the approvals pending, then corrected once they were made)' : ''}`
      : 'no report',
  ].join('; ');
}

export async function runDunning(ctx: DemoContext): Promise<void> {
  ctx.log('\n▶ Dealer statements and dunning (对账催款): one child per dealer, final notices approved by the manager');
  const workflowId = dunningMonthWorkflowId(ctx.period);
  if (!hasActivities(ctx, ACTIVITIES)) {
    ctx.log('  dunning: not available yet (its activities are not wired into the worker)');
    record(ctx, { section: 'dunning', workflowId, status: 'skipped', outcome: 'not available yet' });
    return;
  }
  const { asOf: _asOf, ...settings } = dunningSettingsFromConfig(ctx.cfg, ctx.period);
  // The sample books start with documents long overdue and no dunning history: in its first month the system
  // lets each document jump to the level its age has reached (a final notice where it is due) instead of
  // climbing one level per month; and the demo leaves no follow-up window, so no child waits weeks on timers.
  const run = await startOnce(ctx, dunningMonthWorkflow, workflowId, [
    {
      settings: { ...settings, procedure: { ...settings.procedure, allowSkipLevels: true }, followUpDays: 0 },
      concurrency: ctx.cfg.dunning?.concurrency ?? 20,
    },
  ]);
  ctx.log(`  ${workflowId}: ${stateLine(run.state)}`);
  ctx.log(
    '  first month under the system: overdue documents go straight to the level their age has reached; no follow-up window',
  );
  const ids = await learnDealers(ctx);
  const prefix = `${workflowId}-`;
  // One dealer disputes: always the first in the dealer list, so two runs of the month (a clean one and one with
  // faults, whose mails arrive in another order) make the same decisions.
  const disputer = ids[0] === undefined ? undefined : `${prefix}${ids[0]}`;

  const answerStatement = async (approval: ActionLink): Promise<void> => {
    const found = ctx.mailbox.findLink((l) => l.workflowId === approval.workflowId && l.stepId === 'statement');
    if (!found) return;
    const step = await currentStep(ctx, found.link);
    if (!step || step.status !== 'open') return;
    const dispute = approval.workflowId === disputer;
    const answer: Answer = dispute
      ? {
          action: 'dispute',
          comment: '11月28日已汇款，贵司对账单未列入该笔付款，请核实。',
          what: `the statement 「${step.title}」 (a payment is missing)`,
        }
      : { action: 'confirm', what: `the statement 「${step.title}」` };
    await clickAnswer(ctx, found.link, answer);
  };

  // One dealer at a time after the fan-out: a child reads the dealer workbook again after a decision while another
  // may be writing a credit hold into it, and the workbook reader can fail on a file replaced mid-read (see the
  // report on activities/sheets/excel/zip-reader.ts). Acting on one child at a time keeps the demo clear of it.
  // The run sends its first report once every dealer has reported, then waits for the dealers still deciding.
  const finished = run.handle.result().then(() => true);
  const fannedOut = (async (): Promise<void> => {
    for (;;) {
      if (await Promise.race([finished, sleep(500).then(() => false)])) return;
      const p = await run.handle.query(dunningProgressQuery).catch(() => null);
      if (p?.phase === 'awaiting-decisions' || p?.phase === 'done') return;
    }
  })();
  let lastActedOn: string | undefined;
  const oneAtATime = async (childId: string): Promise<void> => {
    await fannedOut;
    if (lastActedOn) await childSettled(ctx, lastActedOn);
    lastActedOn = childId;
  };

  const respond = async (link: ActionLink, step: StepView): Promise<Answer | null> => {
    if (step.stepId === 'statement') return null; // answered by the dealer when the manager's mail is open
    if (step.kind === 'approval') {
      await oneAtATime(link.workflowId);
      await answerStatement(link);
      return { action: 'approve', comment: '同意发出。', what: `「${step.title}」` };
    }
    if (step.stepId.startsWith('dispute-')) {
      await oneAtATime(link.workflowId);
      return {
        action: 'resolve',
        comment: '已核实：该笔汇款已于11月30日到账并入账，对账单已更正，恢复正常催款。',
        what: `「${step.title}」 with a note`,
      };
    }
    return null;
  };

  try {
    const { result, children } = await answerUntil(ctx, {
      what: 'dunning',
      owns: (id) => id.startsWith(prefix),
      watch: () => [workflowId, ...ids.map((d) => dunningDealerWorkflowId(workflowId, d))],
      respond,
      done: (async () => {
        const result = await run.handle.result();
        return { result, children: await childResults(ctx, workflowId, ids) };
      })(),
    });
    record(ctx, {
      section: 'dunning',
      workflowId,
      status: run.state === 'completed' ? 'already-done' : 'completed',
      outcome: outcomeLine(result, children),
    });
  } catch (err) {
    record(ctx, { section: 'dunning', workflowId, status: 'failed', outcome: (err as Error).message });
  }
}
