import type { Command } from 'commander';
import { calendarProblems } from '../../domain/calendar';
import { formatCellProblem } from '../../domain/errors';
import type { CliContext } from '../context';
import { load } from '../lazy';
import { EXIT } from '../errors';

export function registerConfigCommands(program: Command, ctx: CliContext): void {
  const config = program.command('config').description('check the configuration');
  config
    .command('validate')
    .description(
      'parse the config and open every configured spreadsheet, reporting every problem (a dry run: writes nothing)',
    )
    .option('--max-problems <n>', 'problems listed per sheet', (v) => Number(v), 50)
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      '\nExit code 0 when all is well, 1 when a sheet has problems or cannot be opened, 2 when the config itself is invalid\n(the message names each wrong key).',
    )
    .action(async (o: { maxProblems: number; json?: boolean }) => {
      const cfg = await ctx.config(); // a ConfigError here names the keys and exits 2
      const calendar = calendarProblems(cfg.calendar);
      const { validateSources } = load.validateSources();
      const sources = await validateSources(cfg, { maxProblems: o.maxProblems });
      const ok = !calendar.length && sources.every((s) => !s.error && s.problemCount === 0);
      if (!ok) ctx.exitCode = EXIT.failure;
      if (o.json) return ctx.json({ ok, config: cfg.configPath, calendar, sources });
      ctx.out(`config ${cfg.configPath}: parsed`);
      for (const p of calendar) ctx.out(`PROBLEM  ${p}`);
      for (const s of sources) {
        const where = `${s.location}${s.sheet ? ` › ${s.sheet}` : ''}`;
        if (s.error) ctx.out(`FAILED   ${s.key}  ${where}: ${s.error}`);
        else if (s.problemCount)
          ctx.out(
            `PROBLEMS ${s.key}  ${where}: ${s.rows} valid row(s), ${s.problemCount} problem(s) in ${s.invalidRows} row(s)`,
          );
        else ctx.out(`OK       ${s.key}  ${where}: ${s.rows} row(s)`);
        for (const p of s.problems) ctx.out(`           ${formatCellProblem(p)}`);
        if (s.problemCount > s.problems.length) ctx.out(`           … and ${s.problemCount - s.problems.length} more`);
      }
      if (!sources.length) ctx.out('no spreadsheets configured under "sources"');
      ctx.out(ok ? 'all good' : 'problems found (nothing was written)');
    });
}
