import { join } from 'node:path';
import type { Command } from 'commander';
import { normaliseEmail } from '../../workflows/lib/decision-types';
import type { ResendMailOutcome, ResendMailWorkflowInput } from '../../workflows/resend-mail';
import type { CliContext } from '../context';
import type * as TemporalClient from '@temporalio/client';
import type * as SentLogModule from '../../activities/mail/sent-log';
import type * as ResendMailModule from '../../activities/mail/resend-mail';
import type * as ResendWorkflowModule from '../../workflows/resend-mail';
import { CliFailure, UsageError } from '../errors';
import { formatTable, localTime } from '../output';

interface ResendOptions {
  step?: string;
  to?: string;
  reason?: string;
  list?: boolean;
  operator?: string;
  json?: boolean;
}

/** How long the command waits for the worker to send; the workflow keeps retrying after that. */
const WAIT_MS = 120_000;

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
      '\nExample:\n  aftersales resend-mail stocktake-2026-11-new-parts --step manager-approval --to manager@example.cn --reason "mail lost in spam filter"\n\nThe worker sends it (workflow resendMailWorkflow) from the message kept in the sent-log; --list reads the sent-log, so run it where the archive is (see docs/OPERATIONS.md).',
    )
    .action(async (workflowId: string, o: ResendOptions) => {
      if (o.list) return listMails(ctx, workflowId, o);
      if (!o.reason?.trim()) throw new UsageError('--reason is required (it goes to the audit log)');
      if (!o.step || !o.to) throw new UsageError('give --step and --to (see --list for the mails of this workflow)');
      const outcome = await resendThroughWorker(ctx, {
        workflowId,
        step: o.step,
        to: normaliseEmail(o.to),
        reason: o.reason.trim(),
        operator: ctx.operator(o.operator),
      });
      const { original, resendKey, messageId } = outcome;
      if (o.json) return ctx.json({ ...outcome, reason: o.reason.trim(), operator: ctx.operator(o.operator) });
      ctx.out(
        `re-sent "${original.subject || original.original.step}" to ${resendKey.recipient} as ${resendKey.step} (Message-ID ${messageId}); reason recorded in the audit log`,
      );
    });
}

/** The mails the sent-log holds for a workflow, oldest first. */
async function listMails(ctx: CliContext, workflowId: string, o: ResendOptions): Promise<void> {
  const cfg = await ctx.config();
  const { createFileSentLog, SENT_LOG_FOLDER } = require('../../activities/mail/sent-log') as typeof SentLogModule;
  const sent = await createFileSentLog(join(await ctx.archiveRoot(), SENT_LOG_FOLDER)).list(workflowId);
  const { matchingMails } = require('../../activities/mail/resend-mail') as typeof ResendMailModule;
  const mails = (o.step && o.to ? matchingMails(sent, o.step, o.to) : sent).map(({ key, record }) => ({
    ...(record.sentBy ? { activityType: record.sentBy } : {}),
    key,
    sentAt: record.sentAt,
    messageId: record.messageId,
    subject: record.subject,
    resendable: !!record.message,
  }));
  if (o.json) return ctx.json({ workflowId, mails });
  if (!mails.length) return ctx.out(`no mails found in the sent-log for ${workflowId}`);
  ctx.out(
    formatTable(mails, [
      { header: 'STEP', value: (m) => m.key.step },
      { header: 'TO', value: (m) => m.key.recipient },
      { header: 'SENT', value: (m) => localTime(m.sentAt, cfg.timezone) },
      { header: 'SUBJECT', value: (m) => `${m.subject}${m.resendable ? '' : ' (sent before messages were kept)'}` },
    ]),
  );
}

/** Starts resendMailWorkflow on the worker's queue and waits for it; a failure comes back in the activity's words. */
async function resendThroughWorker(ctx: CliContext, input: ResendMailWorkflowInput): Promise<ResendMailOutcome> {
  const cfg = await ctx.config();
  const client = await ctx.client();
  const { resendMailWorkflowId } = require('../../workflows/resend-mail') as typeof ResendWorkflowModule;
  const { WorkflowFailedError } = require('@temporalio/client') as typeof TemporalClient;
  const workflowId = resendMailWorkflowId(input.workflowId, Date.now().toString(36));
  const handle = await client.workflow.start('resendMailWorkflow', {
    taskQueue: cfg.temporal.taskQueue,
    workflowId,
    args: [input],
  });
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new CliFailure(`the worker has not sent it yet; ${workflowId} keeps trying (see \`status\`)`)),
      WAIT_MS,
    );
  });
  try {
    return (await Promise.race([handle.result(), late])) as ResendMailOutcome;
  } catch (err) {
    if (!(err instanceof WorkflowFailedError)) throw err;
    let cause: Error | undefined = err;
    while (cause?.cause instanceof Error) cause = cause.cause;
    throw new CliFailure(cause?.message ?? err.message, undefined, err);
  } finally {
    clearTimeout(timer);
  }
}
