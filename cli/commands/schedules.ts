import type { Command } from 'commander';
import type { CliContext } from '../context';
import type * as ApplySchedules from '../../schedules/apply-schedules';
import type * as ManageSchedules from '../../schedules/manage-schedules';
import type * as StartRuns from '../../schedules/start-runs';
import { UsageError } from '../errors';
import { localTime, periodOption } from '../output';
import { describeStart } from './run';

const manage = () => require('../../schedules/manage-schedules') as typeof ManageSchedules;

export function registerSchedulesCommands(program: Command, ctx: CliContext): void {
  const schedules = program
    .command('schedules')
    .description(
      'Temporal Schedules as code, in the company time zone: apply, list, pause, unpause, trigger, backfill',
    );

  schedules
    .command('apply')
    .description(
      'create or update every schedule from the code and config (idempotent; a paused schedule stays paused)',
    )
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const { applySchedules } = require('../../schedules/apply-schedules') as typeof ApplySchedules;
      const report = await applySchedules(await ctx.client(), await ctx.config());
      if (o.json) return ctx.json(report);
      for (const a of report.applied) ctx.out(`${a.result.padEnd(9)} ${a.scheduleId}  ${a.description}`);
      for (const s of report.skipped) ctx.out(`skipped   ${s.entry}: ${s.reason}`);
    });

  schedules
    .command('list')
    .description("the deployment's schedules with their next and recent runs")
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const cfg = await ctx.config();
      const { listSchedules } = await manage();
      const views = await listSchedules(await ctx.client(), cfg);
      if (o.json) return ctx.json(views);
      if (!views.length) return ctx.out('no schedules; create them with `aftersales schedules apply`');
      for (const v of views) {
        ctx.out(`${v.scheduleId}${v.paused ? '  [PAUSED]' : ''}  ${v.description ?? v.workflowType ?? ''}`);
        if (v.note && v.paused) ctx.out(`    note: ${v.note}`);
        ctx.out(
          `    next: ${
            v.nextRuns
              .slice(0, 3)
              .map((t) => localTime(t, cfg.timezone))
              .join(', ') || '—'
          }`,
        );
        const last = v.recentRuns.at(-1);
        if (last) ctx.out(`    last: ${localTime(last.takenAt, cfg.timezone)} → ${last.workflowId}`);
      }
    });

  for (const verb of ['pause', 'unpause'] as const) {
    schedules
      .command(verb)
      .description(
        verb === 'pause' ? 'stop a schedule from firing (until unpaused)' : 'let a paused schedule fire again',
      )
      .argument('<id>', 'schedule id or workflow name (stocktake, dunning, quality-feedback, returns-watcher)')
      .option('--note <text>', 'why (shown by `schedules list` and in the Temporal UI)')
      .action(async (id: string, o: { note?: string }) => {
        const { resolveSchedule } = await manage();
        const { scheduleId } = resolveSchedule(await ctx.config(), id);
        const handle = (await ctx.client()).schedule.getHandle(scheduleId);
        const note = o.note ?? `${verb}d by ${ctx.operator()} via aftersales CLI`;
        if (verb === 'pause') await handle.pause(note);
        else await handle.unpause(note);
        ctx.out(`${verb}d ${scheduleId}`);
      });
  }

  schedules
    .command('trigger')
    .description(
      'fire a schedule now (a monthly trigger still decides whether today is its day; to force a month use backfill)',
    )
    .argument('<id>', 'schedule id or workflow name')
    .action(async (id: string) => {
      const { resolveSchedule, viewOf } = await manage();
      const { scheduleId } = resolveSchedule(await ctx.config(), id);
      const handle = (await ctx.client()).schedule.getHandle(scheduleId);
      const before = viewOf(await handle.describe()).actionsTaken;
      await handle.trigger();
      ctx.out(`triggered ${scheduleId} (actions taken so far: ${before})`);
    });

  schedules
    .command('backfill')
    .description("re-run a past month: start the schedule's workflows for that period under their business ids")
    .argument('<id>', 'schedule id or workflow name')
    .requiredOption(
      '--month <yyyy-mm>',
      'the period to run, e.g. 2026-10 (the period itself, not the month the schedule fires in)',
    )
    .option('--warehouse <id>', 'only this warehouse (stocktake)')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      '\nA run of that month still in progress is left alone; a finished one runs again (mails, sheet writes and postings are idempotent).',
    )
    .action(async (id: string, o: { month: string; warehouse?: string; json?: boolean }) => {
      const cfg = await ctx.config();
      const { resolveSchedule } = await manage();
      const { startRuns } = require('../../schedules/start-runs') as typeof StartRuns;
      const { entry } = resolveSchedule(cfg, id);
      const period = periodOption(o.month, '--month');
      if (!entry.needsPeriod) throw new UsageError(`${entry.name} has no period to backfill`);
      if (o.warehouse && !entry.warehouses?.(cfg).includes(o.warehouse)) {
        throw new UsageError(`unknown warehouse "${o.warehouse}" for ${entry.name}`);
      }
      const starts = entry.starts(cfg, { period, ...(o.warehouse ? { warehouse: o.warehouse } : {}) });
      const runs = await startRuns(await ctx.client(), cfg.temporal.taskQueue, starts, { rerun: true });
      if (o.json) return ctx.json({ schedule: entry.name, period, runs });
      for (const r of runs) ctx.out(describeStart(r));
    });
}
