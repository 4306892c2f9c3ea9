import type { Command } from 'commander';
import type { CliContext } from '../context';
import { load } from '../lazy';
import { UsageError } from '../errors';
import { isPeriod, localTime } from '../output';

export function registerStatusCommand(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description("the deployment's runs and what each is waiting for: open steps and who is expected to act")
    .option('--period <yyyy-mm>', 'runs of this period, running or finished')
    .option('--all', 'finished runs too (default: running only)')
    .option('--limit <n>', 'at most this many runs', (v) => Number(v), 200)
    .option('--json', 'print JSON')
    .action(async (o: { period?: string; all?: boolean; limit: number; json?: boolean }) => {
      if (o.period && !isPeriod(o.period)) throw new UsageError(`--period must look like 2026-11, got "${o.period}"`);
      if (!Number.isInteger(o.limit) || o.limit < 1) throw new UsageError('--limit must be a positive whole number');
      const cfg = await ctx.config();
      const client = await ctx.client();
      const { listRunStatus } = load.runStatus();
      const { runs, truncated } = await listRunStatus(client, {
        taskQueue: cfg.temporal.taskQueue,
        ...(o.period ? { period: o.period } : {}),
        all: !!o.all,
        limit: o.limit,
      });
      if (o.json) return ctx.json({ runs, truncated });
      const tz = cfg.timezone;
      if (!runs.length) return ctx.out(o.period ? `no runs for ${o.period}` : 'no running workflows');
      for (const r of runs) {
        const when = r.closeTime ? `ended ${localTime(r.closeTime, tz)}` : `since ${localTime(r.startTime, tz)}`;
        ctx.out(
          `${r.workflowId}  [${r.entry ?? r.workflowType}]  ${r.status.toLowerCase()}  ${when}${r.phase ? `  ${r.phase}` : ''}`,
        );
        if (r.waiting === null) ctx.out(`    ? ${r.note}`);
        for (const s of r.waiting ?? []) {
          const deadline = s.deadline ? `, deadline ${localTime(s.deadline, tz)}` : '';
          ctx.out(
            `    waiting: ${s.stepId} "${s.title}" → ${s.recipients.join(', ')} (open since ${localTime(s.openedAt, tz)}${deadline})`,
          );
        }
      }
      const waitingSteps = runs.reduce((n, r) => n + (r.waiting?.length ?? 0), 0);
      ctx.out(
        `${runs.length} run(s)${truncated ? ` (first ${o.limit}; use --limit)` : ''}, ${waitingSteps} step(s) waiting for someone`,
      );
      ctx.out('Decide a step from here: aftersales approve <workflowId> <stepId> --as <email>');
    });
}
