import type { Command } from 'commander';
import { calendarProblems } from '../../domain/calendar';
import type { CliContext } from '../context';
import type * as ValidateSources from '../config/validate-sources';
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
      const { validateSources } = require('../config/validate-sources') as typeof ValidateSources;
      const { sources, crossChecks } = await validateSources(cfg, { maxProblems: o.maxProblems });
      const ok = !calendar.length && !crossChecks.length && sources.every((s) => !s.error && s.problemCount === 0);
      if (!ok) ctx.exitCode = EXIT.failure;
      // One line, so scripts can take the last line of the output as the report.
      if (o.json) return ctx.out(JSON.stringify({ ok, config: cfg.configPath, calendar, sources, crossChecks }));
      ctx.out(`config ${cfg.configPath}: parsed`);
      for (const p of calendar) ctx.out(`PROBLEM  ${p}`);
      for (const s of sources) {
        const where = `${s.file}${s.sheet ? ` › ${s.sheet}` : ''}`;
        const status = s.error ? 'FAILED  ' : s.problemCount ? 'PROBLEMS' : 'OK      ';
        ctx.out(`${status} ${s.source}  ${where}`);
        if (s.error) ctx.out(`           ${s.error.split('\n')[0]}`);
        if (s.headerRow !== null || !s.error) {
          const sk = s.skipped;
          ctx.out(
            `           header row ${s.headerRow ?? '—'}; rows read ${s.rowsRead}: ${s.valid} valid, ${s.refused} refused; ` +
              `skipped ${sk.blank} blank, ${sk.total} total, ${sk.filtered} filtered`,
          );
        }
        for (const p of s.problems) {
          const cell = p.column ? `${p.column}${p.row} ` : p.row ? `row ${p.row} ` : '';
          ctx.out(
            `           ${cell}${p.header ? `"${p.header}" ` : ''}${JSON.stringify(p.value)}: ${p.reason} [${p.code}]`,
          );
        }
        if (s.problemCount > s.problems.length) ctx.out(`           … and ${s.problemCount - s.problems.length} more`);
      }
      if (crossChecks.length) ctx.out(`ACROSS SHEETS (${crossChecks.length})`);
      for (const c of crossChecks.slice(0, o.maxProblems)) {
        ctx.out(
          `           ${c.file} › ${c.sheet} › ${c.column}${c.row} "${c.header}" ${JSON.stringify(c.value)}: ${c.reason} [${c.code}]`,
        );
      }
      if (!sources.length) ctx.out('no spreadsheets configured under "sources"');
      ctx.out(ok ? 'all good' : 'problems found (nothing was written)');
    });
}
