import type { Command } from 'commander';
import { POSSIBLY_DUPLICATED } from '../../activities/mail/possible-duplicate';
import type { CliContext } from '../context';
import type * as RunStatusModule from '../temporal/run-status';
import { UsageError } from '../errors';
import { localTime, periodOption } from '../output';
import { failingLine } from '../temporal/pending-activities';
import type { PossiblyDuplicatedMail, RunStatus } from '../temporal/run-status';

/** Mails recorded in the audit log as possibly duplicated, by workflow id (none when the archive is not here). */
async function possiblyDuplicated(ctx: CliContext): Promise<Map<string, PossiblyDuplicatedMail[]>> {
  const byRun = new Map<string, PossiblyDuplicatedMail[]>();
  const entries = await (await ctx.audit()).list({ action: POSSIBLY_DUPLICATED }).catch(() => []);
  for (const e of entries) {
    const d = (e.detail ?? {}) as Record<string, string>;
    if (!d.workflowId) continue;
    const list = byRun.get(d.workflowId) ?? [];
    list.push({
      step: d.step ?? '',
      recipient: d.recipient ?? '',
      messageId: d.messageId ?? '',
      firstAttemptAt: d.firstAttemptAt ?? e.at,
    });
    byRun.set(d.workflowId, list);
  }
  return byRun;
}

function activityLines(r: RunStatus, tz: string, locale: 'zh-CN' | 'en'): string[] {
  const local = (iso: string) => localTime(iso, tz).slice(11);
  return (r.activities ?? []).map((a) =>
    a.failing
      ? `    failing: ${failingLine(a, local, locale)}`
      : `    running: ${a.activityType}${a.attempt > 1 ? ` (attempt ${a.attempt})` : ''}${a.progress !== undefined ? ` ${JSON.stringify(a.progress)}` : ''}`,
  );
}

export function registerStatusCommand(program: Command, ctx: CliContext): void {
  program
    .command('status')
    .description("the deployment's runs and what each is waiting for: open steps and who is expected to act")
    .option('--period <yyyy-mm>', 'runs of this period, running or finished')
    .option('--all', 'finished runs too (default: running only)')
    .option('--limit <n>', 'at most this many runs', (v) => Number(v), 200)
    .option('--json', 'print JSON')
    .action(async (o: { period?: string; all?: boolean; limit: number; json?: boolean }) => {
      const period = o.period ? periodOption(o.period, '--period') : undefined;
      if (!Number.isInteger(o.limit) || o.limit < 1) throw new UsageError('--limit must be a positive whole number');
      const cfg = await ctx.config();
      const client = await ctx.client();
      const { listRunStatus } = require('../temporal/run-status') as typeof RunStatusModule;
      const { runs, truncated } = await listRunStatus(client, {
        taskQueue: cfg.temporal.taskQueue,
        ...(period ? { period } : {}),
        all: !!o.all,
        limit: o.limit,
        locale: cfg.locale,
      });
      const duplicates = await possiblyDuplicated(ctx);
      for (const r of runs) {
        const d = duplicates.get(r.workflowId);
        if (d) r.possiblyDuplicated = d;
      }
      const mailsTwice = [...duplicates]
        .filter(([id]) => !o.period || id.includes(`-${o.period}`))
        .flatMap(([workflowId, list]) => list.map((m) => ({ workflowId, ...m })));
      if (o.json) return ctx.json({ runs, truncated, possiblyDuplicated: mailsTwice });
      const tz = cfg.timezone;
      if (!runs.length) ctx.out(o.period ? `no runs for ${o.period}` : 'no running workflows');
      for (const r of runs) {
        const when = r.closeTime ? `ended ${localTime(r.closeTime, tz)}` : `since ${localTime(r.startTime, tz)}`;
        ctx.out(
          `${r.workflowId}  [${r.entry ?? r.workflowType}]  ${r.status.toLowerCase()}  ${when}${r.phase ? `  ${r.phase}` : ''}`,
        );
        for (const line of activityLines(r, tz, cfg.locale)) ctx.out(line);
        if (r.waiting === null) ctx.out(`    ? ${r.note}`);
        for (const s of r.waiting ?? []) {
          const deadline = s.deadline ? `, deadline ${localTime(s.deadline, tz)}` : '';
          ctx.out(
            `    waiting: ${s.stepId} "${s.title}" → ${s.recipients.join(', ')} (open since ${localTime(s.openedAt, tz)}${deadline})`,
          );
        }
      }
      if (mailsTwice.length) ctx.out(`${mailsTwice.length} mail(s) possibly delivered twice (see the audit log):`);
      for (const m of mailsTwice) {
        ctx.out(
          `    possibly duplicated: ${m.workflowId} ${m.step} → ${m.recipient} (Message-ID ${m.messageId}, first attempt ${localTime(m.firstAttemptAt, tz)})`,
        );
      }
      const waitingSteps = runs.reduce((n, r) => n + (r.waiting?.length ?? 0), 0);
      ctx.out(
        `${runs.length} run(s)${truncated ? ` (first ${o.limit}; use --limit)` : ''}, ${waitingSteps} step(s) waiting for someone`,
      );
      ctx.out('Decide a step from here: aftersales approve <workflowId> <stepId> --as <email>');
    });
}
