/**
 * `npm run replay:capture`: closes the small sample month on a fresh embedded stack (its own temp data dir and free
 * ports, exactly as the demo does, every decision clicked over HTTP from the real mails), then saves the history of
 * every workflow it ran under test/replay/histories/<workflowType>/<workflowId>.json.
 *
 * Those histories are what `test/replay/replay.test.ts` replays against the current workflow code on every CI run:
 * a change to a workflow that would break a month already open fails there, unless it is guarded with `patched()`
 * (docs/OPERATIONS.md, "Deploying while a month is open"). Re-capture only when you mean to move the baseline,
 * i.e. after every run of the old code has closed.
 *
 * `npm run replay:capture -- --only resendMailWorkflow` captures only the histories of the types named (a new
 * workflow type), leaving every other saved history as it is; it runs only the platform check and the resend, not
 * the month.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { historyToFile, type History } from './lib/history-file';
import { startStack } from './lib/stack';
import { demoConfigOnFreePorts } from './demo/config-on-free-ports';
import { ensureSamples } from './demo/demo-samples';
import { runMonthEnd, SMALL_SCALE } from './demo/run-month-end';
import { SMALL_MONTH } from './demo/small-samples';
import { parsePeriod } from '../domain/calendar';
import {
  monthEndTriggerWorkflow,
  platformCheckWorkflow,
  platformCheckWorkflowId,
  resendMailWorkflow,
  resendMailWorkflowId,
} from '../workflows';

const PERIOD = parsePeriod('2026-11');
/** At most this many histories per workflow type (the dunning month has a child per dealer). */
const PER_TYPE = 4;
const OUT = join(__dirname, '..', 'test', 'replay', 'histories');

/** `--only a,b`: the workflow types to capture; absent = all of them. */
function onlyTypes(): string[] | undefined {
  const i = process.argv.indexOf('--only');
  return i < 0 ? undefined : (process.argv[i + 1] ?? '').split(',').filter(Boolean);
}

async function main(): Promise<void> {
  const only = onlyTypes();
  const dir = mkdtempSync(join(tmpdir(), 'aftersales-replay-'));
  const cfg = await demoConfigOnFreePorts(dir);
  await ensureSamples(cfg, { period: PERIOD, small: SMALL_MONTH });
  const stack = await startStack(cfg, { log: () => undefined });
  try {
    const queue = { taskQueue: cfg.temporal.taskQueue };
    if (!only) await closeMonth(stack, cfg);
    await stack.client.workflow.execute(platformCheckWorkflow, {
      ...queue,
      workflowId: platformCheckWorkflowId(PERIOD),
      args: [{ period: PERIOD, recipients: [{ name: '王经理', email: cfg.people.manager.email }] }],
    });
    // An operator's resend of the platform check's mail (aftersales resend-mail).
    await stack.client.workflow.execute(resendMailWorkflow, {
      ...queue,
      workflowId: resendMailWorkflowId(platformCheckWorkflowId(PERIOD), 'replay'),
      args: [
        {
          workflowId: platformCheckWorkflowId(PERIOD),
          step: 'deliver-report',
          to: cfg.people.manager.email,
          reason: 'replay capture',
          operator: 'replay-capture',
        },
      ],
    });
    // Per type, the longest histories (the most code paths: disputes, approvals, recounts, continue-as-new) and the
    // shortest.
    const byType = new Map<string, { id: string; runId: string; history: History; events: number }[]>();
    for await (const wf of stack.client.workflow.list()) {
      if (wf.status.name !== 'COMPLETED' && wf.status.name !== 'CONTINUED_AS_NEW') continue;
      if (only && !only.includes(wf.type)) continue;
      const history = await stack.client.workflow.getHandle(wf.workflowId, wf.runId).fetchHistory();
      const list = byType.get(wf.type) ?? [];
      list.push({ id: wf.workflowId, runId: wf.runId, history, events: history.events?.length ?? 0 });
      byType.set(wf.type, list);
    }
    if (only) for (const type of only) rmSync(join(OUT, type), { recursive: true, force: true });
    else rmSync(OUT, { recursive: true, force: true });
    for (const [type, list] of byType) {
      mkdirSync(join(OUT, type), { recursive: true });
      // The longest, plus the shortest: the plainest path (a dealer whose month ends at its first decision) is one
      // too, and the one a month takes most often.
      const sorted = list.sort((a, b) => b.events - a.events || a.id.localeCompare(b.id));
      const kept = new Set([...sorted.slice(0, PER_TYPE), sorted[sorted.length - 1]!]);
      for (const h of kept) {
        const file = `${h.id.replace(/[^\w.-]+/g, '_')}-${h.runId.slice(0, 8)}.json`;
        writeFileSync(join(OUT, type, file), historyToFile({ workflowId: h.id, runId: h.runId, history: h.history }));
      }
    }
    for (const type of readdirSync(OUT).sort()) console.log(`${type}: ${readdirSync(join(OUT, type)).length}`);
  } finally {
    await stack.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The small month, closed, and the schedule's trigger (for an instant given, on the last working day: it finds the
 * month's stocktakes already running), which the month-end does not run.
 */
async function closeMonth(
  stack: Awaited<ReturnType<typeof startStack>>,
  cfg: { timezone: string; temporal: { taskQueue: string } },
): Promise<void> {
  const report = await runMonthEnd(stack, { period: PERIOD, scale: SMALL_SCALE, log: () => undefined });
  if (!report.ok) throw new Error(`the small month did not close:\n${report.summary}`);
  await stack.client.workflow.execute(monthEndTriggerWorkflow, {
    taskQueue: cfg.temporal.taskQueue,
    workflowId: `month-end-trigger-stocktake-${PERIOD}`,
    args: [
      {
        job: 'stocktake',
        source: 'replay-capture',
        timeZone: cfg.timezone,
        calendar: { holidays: [], extraWorkdays: [] },
        rule: 'last-working-day',
        periodOffset: 0,
        at: '2026-11-30T01:00:00Z',
      },
    ],
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
