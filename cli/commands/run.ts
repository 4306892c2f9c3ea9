import type { Command } from 'commander';
import type { StartedRun } from '../../schedules/start-runs';
import type { CliContext } from '../context';
import type * as Registry from '../../schedules/registry';
import type * as StartRuns from '../../schedules/start-runs';
import type * as WaitForRuns from '../temporal/wait-for-runs';
import { EXIT, UsageError } from '../errors';
import { periodOption } from '../output';

export interface RunOptions {
  period?: string;
  warehouse?: string;
  returnNo?: string;
  rerun?: boolean;
  wait?: boolean;
  json?: boolean;
}

export function describeStart(r: StartedRun): string {
  switch (r.status) {
    case 'started':
      return `started        ${r.workflowId}  (run ${r.runId})`;
    case 'already-running':
      return `already running ${r.workflowId}  (run ${r.runId}); left alone`;
    case 'already-ran':
      return `already ran    ${r.workflowId}  (${r.previous?.status ?? 'closed'}${r.previous?.closeTime ? ` ${r.previous.closeTime}` : ''}); add --rerun to run it again`;
  }
}

export function registerRunCommand(program: Command, ctx: CliContext): void {
  program
    .command('run')
    .description('start a workflow for a period under its business id (e.g. stocktake-2026-11-new-parts)')
    .argument('<workflow>', 'workflow name, e.g. stocktake (`aftersales workflows` lists them)')
    .option('--period <yyyy-mm>', 'accounting period, e.g. 2026-11')
    .option('--warehouse <id>', 'only this warehouse (stocktake); default: every configured warehouse')
    .option('--return-no <no>', 'the return number (return)')
    .option('--rerun', 'run again even if a run for this period already finished (effects are idempotent)')
    .option('--wait', 'wait for the run to finish, with progress and what it is waiting for')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      '\nExamples:\n  aftersales run stocktake --period 2026-11 --warehouse new-parts\n  aftersales run dunning --period 2026-10 --wait\n  aftersales run returns-watcher\n  aftersales run return --return-no TH2026110012\n\nA run already in progress is left alone (exit 0). With --wait the exit code is 1 if a run failed.',
    )
    .action(async (name: string, o: RunOptions) => {
      const { findEntry } = require('../../schedules/registry') as typeof Registry;
      const { startRuns } = require('../../schedules/start-runs') as typeof StartRuns;
      let entry;
      try {
        entry = findEntry(name);
      } catch (err) {
        throw new UsageError((err as Error).message);
      }
      if (entry.needsPeriod && !o.period) throw new UsageError(`${name} needs --period (e.g. --period 2026-11)`);
      if (!entry.needsPeriod && o.period) throw new UsageError(`${name} has no period; drop --period`);
      const period = o.period ? periodOption(o.period, '--period') : undefined;
      if (entry.key && !o.returnNo)
        throw new UsageError(`${name} needs --${entry.key.flag} (${entry.key.description})`);
      if (!entry.key && o.returnNo) throw new UsageError(`${name} takes no --return-no`);
      if (entry.rerun === 'never' && o.rerun)
        throw new UsageError(`${name} runs once per ${entry.key?.description ?? 'id'}; --rerun is not allowed`);
      const cfg = await ctx.config();
      if (o.warehouse) {
        if (!entry.warehouses) throw new UsageError(`${name} has no warehouses; drop --warehouse`);
        const known = entry.warehouses(cfg);
        if (!known.includes(o.warehouse)) {
          throw new UsageError(`unknown warehouse "${o.warehouse}" (configured: ${known.join(', ') || 'none'})`);
        }
      }
      const starts = entry.starts(cfg, {
        ...(period ? { period } : {}),
        ...(o.warehouse ? { warehouse: o.warehouse } : {}),
        ...(o.returnNo ? { key: o.returnNo.trim() } : {}),
      });
      if (!starts.length) throw new UsageError(`${name}: nothing to start with this config`);
      const client = await ctx.client();
      const rerun = entry.rerun === 'always' || (entry.rerun !== 'never' && !!o.rerun);
      const started = await startRuns(client, cfg.temporal.taskQueue, starts, { rerun });
      if (!o.json) for (const r of started) ctx.out(describeStart(r));
      if (!o.wait) {
        if (o.json) ctx.json({ runs: started });
        return;
      }
      const live = started.filter((r) => r.status !== 'already-ran');
      const { waitForRuns } = require('../temporal/wait-for-runs') as typeof WaitForRuns;
      const outcomes = await waitForRuns(ctx, client, entry, live, { quiet: !!o.json });
      if (outcomes.some((x) => x.status !== 'COMPLETED')) ctx.exitCode = EXIT.failure;
      if (o.json) ctx.json({ runs: started, outcomes });
    });
}
