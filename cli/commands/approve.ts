import type { Command } from 'commander';
import { ACTIONS_BY_KIND, normaliseEmail, type StepView } from '../../workflows/lib/decision-types';
import type { CliContext } from '../context';
import type * as FindGrant from '../temporal/find-grant';
import type * as StepGateway from '../../web/step-gateway';
import { CliFailure, UsageError } from '../errors';
import { localTime } from '../output';

interface ApproveOptions {
  as: string;
  reject?: boolean;
  action?: string;
  comment?: string;
  field?: string[];
  operator?: string;
  json?: boolean;
}

function chooseAction(step: StepView, o: ApproveOptions): string {
  if (o.action) return o.action;
  const actions = step.actions.length ? step.actions : [...ACTIONS_BY_KIND[step.kind]];
  // approve/reject, confirm/dispute: --reject picks the second; form and acknowledge have one action.
  const action = o.reject ? actions[1] : actions[0];
  if (!action)
    throw new UsageError(
      `step "${step.stepId}" (${step.kind}) has no "${o.reject ? 'reject' : 'approve'}" action; use --action (${actions.join(', ')})`,
    );
  return action;
}

function parseFields(pairs: string[] = []): Record<string, string> | undefined {
  if (!pairs.length) return undefined;
  const out: Record<string, string> = {};
  for (const p of pairs) {
    const i = p.indexOf('=');
    if (i <= 0) throw new UsageError(`--field expects name=value, got "${p}"`);
    out[p.slice(0, i)] = p.slice(i + 1);
  }
  return out;
}

export function registerApproveCommand(program: Command, ctx: CliContext): void {
  program
    .command('approve')
    .description(
      'decide a waiting step for a person (e.g. a manager who phoned in), through the same Update and checks as their link',
    )
    .argument('<workflowId>', 'e.g. stocktake-2026-11-new-parts')
    .argument('<stepId>', 'e.g. manager-approval (see `aftersales status`)')
    .requiredOption('--as <email>', 'the person deciding: must be someone the workflow sent a link for this step')
    .option('--reject', 'reject (or dispute) instead of approve (or confirm)')
    .option('--action <action>', 'an explicit action of the step (submit, acknowledge, …)')
    .option('--comment <text>', 'reason or note; required for reject and dispute')
    .option('--field <name=value...>', 'form values for form steps')
    .option('--operator <name>', 'who is typing, for the audit log (default: OS user@host)')
    .option('--json', 'print JSON')
    .addHelpText(
      'after',
      '\nThe decision is recorded in the workflow history as made by --as via the CLI, and in the audit log with the operator.\nExit code 1 when the workflow refuses (already decided, expired link, wrong person, missing comment).',
    )
    .action(async (workflowId: string, stepId: string, o: ApproveOptions) => {
      const client = await ctx.client();
      const { lookupStep, sendDecision } = require('../../web/step-gateway') as typeof StepGateway;
      const { findGrant } = require('../temporal/find-grant') as typeof FindGrant;
      const recipient = normaliseEmail(o.as);
      const found = await lookupStep(client, workflowId, stepId);
      if (found.kind === 'not-found')
        throw new CliFailure(`workflow ${workflowId} has no step "${stepId}" (see aftersales status)`);
      if (found.kind === 'unavailable')
        throw new CliFailure(`cannot ask ${workflowId} about its steps: ${found.error}`);
      if (found.kind === 'closed')
        throw new CliFailure(`${workflowId} has ended; step "${stepId}" was never decided and takes no answer now`);
      const step = found.step;
      const tz = (await ctx.config()).timezone;
      if (step.decision) {
        const d = step.decision;
        throw new CliFailure(
          `step "${stepId}" was already decided: ${d.action} by ${d.decidedBy} at ${localTime(d.decidedAt, tz)}`,
        );
      }
      const action = chooseAction(step, o);
      const { grant, issuedTo } = await findGrant(client, workflowId, stepId, recipient);
      if (!grant) {
        const who = [...new Set([...step.recipients, ...issuedTo])].join(', ') || 'nobody yet';
        throw new CliFailure(`no link for step "${stepId}" was sent to ${recipient}; who may decide: ${who}`);
      }
      const operator = ctx.operator(o.operator);
      const fields = parseFields(o.field);
      const outcome = await sendDecision(client, workflowId, {
        stepId,
        action,
        jti: grant.jti,
        recipient,
        ...(o.comment?.trim() ? { comment: o.comment } : {}),
        ...(fields ? { fields } : {}),
        meta: { via: 'cli', userAgent: `aftersales-cli; operator ${operator}` },
        // The operator's command is the decision's time (see DecisionInput.requestedAt).
        requestedAt: new Date().toISOString(),
      });
      if (outcome.kind === 'rejected') {
        const problems = outcome.details.problems?.length ? ` (${outcome.details.problems.join('; ')})` : '';
        throw new CliFailure(`the workflow refused the decision: ${outcome.message}${problems}`, outcome.details);
      }
      if (outcome.kind === 'not-found') throw new CliFailure(`workflow ${workflowId} is not running`);
      if (outcome.kind === 'unavailable') throw new CliFailure(`decision not delivered: ${outcome.error}`);
      const d = outcome.decision;
      await (
        await ctx.audit()
      ).record({
        actor: d.decidedBy,
        action: 'approval.decision',
        target: `${workflowId}/${stepId}`,
        eventId: `${workflowId}/${stepId}/decision`,
        detail: {
          action: d.action,
          decidedAt: d.decidedAt,
          ...(d.comment ? { comment: d.comment } : {}),
          ...(d.fields ? { fields: d.fields } : {}),
          via: 'cli',
          operator,
        },
      });
      if (o.json) return ctx.json({ workflowId, decision: d, operator });
      ctx.out(
        `${d.action} recorded for ${workflowId} / ${stepId} as ${d.decidedBy} at ${localTime(d.decidedAt, tz)} (via CLI, operator ${operator})`,
      );
    });
}
