import type { Command } from 'commander';
import type { CliContext } from '../context';
import type * as Registry from '../../schedules/registry';
import { formatTable } from '../output';

export function registerWorkflowsCommand(program: Command, ctx: CliContext): void {
  program
    .command('workflows')
    .description('the workflows this CLI can run and schedule (the registry), with their schedules')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      const { WORKFLOWS } = require('../../schedules/registry') as typeof Registry;
      const rows = WORKFLOWS.map((e) => ({
        name: e.name,
        title: e.title,
        workflowType: e.workflowType,
        needsPeriod: e.needsPeriod,
        warehouses: !!e.warehouses,
        ...(e.key ? { key: `--${e.key.flag}` } : {}),
        schedule:
          e.schedule?.kind === 'monthly'
            ? `${e.schedule.dayOfMonth ? `day ${e.schedule.dayOfMonth}` : e.schedule.rule === 'last-working-day' ? 'last working day' : 'daily'} ${String(e.schedule.hour).padStart(2, '0')}:${String(e.schedule.minute ?? 0).padStart(2, '0')}`
            : e.schedule?.kind === 'interval'
              ? `every ${e.schedule.every}`
              : e.schedule?.kind === 'daily'
                ? `daily ${String(e.schedule.hour).padStart(2, '0')}:${String(e.schedule.minute ?? 0).padStart(2, '0')}`
                : '',
      }));
      if (o.json) return ctx.json(rows);
      ctx.out(
        formatTable(rows, [
          { header: 'NAME', value: (r) => r.name },
          { header: 'SCHEDULE', value: (r) => r.schedule || '—' },
          {
            header: 'RUN WITH',
            value: (r) =>
              [r.needsPeriod ? '--period' : '', r.warehouses ? '[--warehouse]' : '', r.key ?? '']
                .filter(Boolean)
                .join(' ') || '—',
          },
          { header: 'TITLE', value: (r) => r.title },
        ]),
      );
    });
}
