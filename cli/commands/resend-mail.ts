import type { Command } from 'commander';
import { normaliseEmail } from '../../workflows/lib/decision-types';
import type { CliContext } from '../context';
import type * as HistoryInputs from '../temporal/history-inputs';
import type * as ResendMail from '../mail/resend-mail';
import type * as SentLogModule from '../../activities/mail/sent-log';
import type * as Worker from '../../worker';
import { CliFailure, UsageError } from '../errors';
import { formatTable, localTime } from '../output';
import type { MailCandidate } from '../mail/resend-mail';

interface ResendOptions {
  step?: string;
  to?: string;
  reason?: string;
  list?: boolean;
  operator?: string;
  json?: boolean;
}

/** Mail activities are named send…; only those are ever re-run. */
const MAIL_ACTIVITY = /^send[A-Z]/;

export function registerResendMailCommand(program: Command, ctx: CliContext): void {
  program
    .command('resend-mail')
    .description(
      're-send a mail a workflow sent (same content and link, new sent-log key), with a reason kept in the audit log',
    )
    .argument('<workflowId>', 'the workflow that sent it (e.g. stocktake-2026-11-new-parts)')
    .option('--step <step>', 'the mail step (as shown by --list), or a decision step id for its link mail')
    .option('--to <email>', 'the recipient of the mail to re-send')
    .option('--reason <text>', 'why it is re-sent (required; written to the audit log)')
    .option('--list', 'list the mails this workflow sent and exit')
    .option('--operator <name>', 'who is typing, for the audit log (default: OS user@host)')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      '\nExample:\n  aftersales resend-mail stocktake-2026-11-new-parts --step manager-approval --to manager@example.cn --reason "mail lost in spam filter"\n\nRun it where the worker that owns the archive and the mail sent-log runs (see docs/OPERATIONS.md).',
    )
    .action(async (workflowId: string, o: ResendOptions) => {
      if (!o.list && !o.reason?.trim()) throw new UsageError('--reason is required (it goes to the audit log)');
      const cfg = await ctx.config();
      const client = await ctx.client();
      const { scheduledActivities } = require('../temporal/history-inputs') as typeof HistoryInputs;
      const { sentKeyHash } = require('../../activities/mail/sent-log') as typeof SentLogModule;
      // The worker's own wiring: the same activities, the same templates, the same sent-log and SMTP settings.
      const { createActivities, createPlatformServices } = require('../../worker') as typeof Worker;
      const { probeMailKeys, resendMail } = require('../mail/resend-mail') as typeof ResendMail;
      const services = createPlatformServices(cfg);
      try {
        const build = (s: typeof services) => createActivities(s) as unknown as Record<string, unknown>;
        const wired = Object.keys(build(services));
        const history = await scheduledActivities(client, workflowId);
        const candidates: { candidate: MailCandidate; input: unknown }[] = [];
        const unwired = new Set<string>();
        for (const a of history) {
          if (!MAIL_ACTIVITY.test(a.activityType)) continue;
          if (!wired.includes(a.activityType)) {
            unwired.add(a.activityType);
            continue;
          }
          const keys = await probeMailKeys(services, build, a.activityType, a.input).catch(() => []);
          for (const key of keys) {
            const sent = await services.sentLog.get(key);
            candidates.push({
              candidate: {
                eventId: a.eventId,
                activityType: a.activityType,
                key,
                ...(sent ? { sentAt: sent.sentAt, messageId: sent.messageId, subject: sent.subject } : {}),
              },
              input: a.input,
            });
          }
        }
        // The same mail scheduled again (an activity retry is one event; a replayed step is not) counts once.
        const unique = [...new Map(candidates.map((c) => [sentKeyHash(c.candidate.key), c])).values()];
        if (o.list) {
          if (o.json) return ctx.json({ workflowId, mails: unique.map((c) => c.candidate), unwired: [...unwired] });
          if (!unique.length) ctx.out(`no mails found in the history of ${workflowId}`);
          else
            ctx.out(
              formatTable(unique, [
                { header: 'STEP', value: (c) => c.candidate.key.step },
                { header: 'TO', value: (c) => c.candidate.key.recipient },
                {
                  header: 'SENT',
                  value: (c) => (c.candidate.sentAt ? localTime(c.candidate.sentAt, cfg.timezone) : 'not sent'),
                },
                { header: 'SUBJECT', value: (c) => c.candidate.subject ?? '' },
              ]),
            );
          if (unwired.size) ctx.out(`(not re-sendable from here, not wired in worker.ts: ${[...unwired].join(', ')})`);
          return;
        }
        if (!o.step || !o.to) throw new UsageError('give --step and --to (see --list for the mails of this workflow)');
        const to = normaliseEmail(o.to);
        const matching = unique.filter(
          (c) =>
            c.candidate.key.recipient.toLowerCase() === to &&
            (c.candidate.key.step === o.step || c.candidate.key.step.startsWith(`${o.step}#`)),
        );
        const chosen = matching.filter((c) => !/#resend-\d+$/.test(c.candidate.key.step)).at(-1) ?? matching.at(-1);
        if (!chosen) {
          throw new CliFailure(`${workflowId} sent no mail for step "${o.step}" to ${to} (see --list)`);
        }
        if (!chosen.candidate.sentAt) {
          throw new CliFailure(
            `the mail for step "${chosen.candidate.key.step}" to ${to} was never sent; the workflow's own retry will send it`,
          );
        }
        const result = await resendMail(services, build, chosen.candidate, chosen.input);
        const operator = ctx.operator(o.operator);
        await (
          await ctx.audit()
        ).record({
          actor: operator,
          action: 'mail.resend',
          target: `${result.resendKey.workflowId}/${chosen.candidate.key.step}/${to}`,
          eventId: `mail.resend/${sentKeyHash(result.resendKey)}`,
          detail: {
            reason: o.reason!.trim(),
            workflowId,
            activityType: chosen.candidate.activityType,
            originalStep: chosen.candidate.key.step,
            resendStep: result.resendKey.step,
            originalMessageId: chosen.candidate.messageId,
            messageId: result.messageId,
            accepted: result.accepted,
          },
        });
        if (o.json) return ctx.json({ ...result, reason: o.reason!.trim(), operator });
        ctx.out(
          `re-sent "${chosen.candidate.subject ?? chosen.candidate.key.step}" to ${to} as ${result.resendKey.step} (Message-ID ${result.messageId}); reason recorded in the audit log`,
        );
      } finally {
        services.transport.close();
      }
    });
}
