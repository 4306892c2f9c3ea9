import type { Command } from 'commander';
import type { CliContext } from '../context';
import { periodOption } from '../output';
import type * as TieOut from '../audit/tie-out';
import type * as WorkStoreModule from '../../activities/archive/work-store';

export function registerAuditCommands(program: Command, ctx: CliContext): void {
  const audit = program.command('audit').description('check that the month’s documents tie out');
  audit
    .command('tie-out')
    .description(
      'recompute every report’s figures (letters by level, disputes, holds, balances, aging, variances, postings, ' +
        'credits, claims, quality counts) from the archived snapshots, journals and workflow history, and compare ' +
        'them with what each archived document states; exit 1 when anything differs',
    )
    .requiredOption('--period <yyyy-mm>', 'the month to check')
    .option('--no-render', 'trust each document’s recorded data without rendering it again to prove its bytes')
    .option('--json', 'print JSON; the last line is {"period","checked","differences"}')
    .action(async (o: { period: string; json?: boolean; render: boolean }) => {
      const period = periodOption(o.period, '--period');
      const { tieOut, tieOutText } = require('../audit/tie-out') as typeof TieOut;
      const { WorkStore } = require('../../activities/archive/work-store') as typeof WorkStoreModule;
      const result = await tieOut({
        period,
        cfg: await ctx.config(),
        client: await ctx.client(),
        archive: await ctx.archive(),
        work: new WorkStore({ root: await ctx.archiveRoot() }),
        render: o.render,
      });
      if (o.json) {
        ctx.io.stdout.write(
          `${JSON.stringify({ period: result.period, checked: result.checked, differences: result.differences })}\n`,
        );
      } else ctx.out(tieOutText(result));
      if (result.differences.length) ctx.exitCode = 1;
    });
}
