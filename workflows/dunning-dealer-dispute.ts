/**
 * A dispute pauses a dealer's dunning and goes to the customer supervisor (link, reminders, escalation), who
 * resolves it with a note; both ends are recorded in the persisted dunning state.
 */
import { workflowInfo } from '@temporalio/workflow';
import type { DealerFacts } from '../activities/dunning/types';
import { decide, figures, opId, zh, type Answer, type DealerCtx } from './dunning-dealer-context';
import type { StepSpec } from './lib/decision-types';

/** A dispute to route: the statement's (new, with the dealer's reason) or one the persisted state holds open. */
export interface DisputeToRoute {
  id: string;
  reason?: string;
  isNew: boolean;
  docNos?: string[];
}

/**
 * A dispute pauses dunning: it is recorded in the persisted state (new disputes), routed to the customer supervisor
 * (link, reminders, escalation to the manager) and resolved with the supervisor's note. Returns false when nobody
 * resolved it within the link's validity (it stays open; next month's run routes it again). Both state changes are
 * activity changeDealerState by expected version + operation id (a replayed change is recognised); retries by the
 * sheets kind.
 */
export async function handleDispute(ctx: DealerCtx, d: DisputeToRoute): Promise<boolean> {
  const f = ctx.facts;
  const by = workflowInfo().workflowId;
  if (d.isNew) {
    const r = await ctx.proxies.acts.changeDealerState({
      dealerId: f.dealerId,
      expectVersion: ctx.version,
      change: {
        kind: 'open-dispute',
        id: d.id,
        openedOn: ctx.today(),
        ...(d.reason ? { reason: d.reason } : {}),
        ...(d.docNos ? { docNos: d.docNos } : {}),
      },
      opId: opId(ctx),
      by,
    });
    ctx.version = r.version;
  }
  ctx.outcome.disputed = true;
  ctx.status.disputed = true;
  ctx.status.phase = 'disputed';
  const answer = await decide(ctx, disputeSpec(ctx, f, d), false);
  if (!answer) return false;
  await resolveDispute(ctx, f, d, answer, by);
  return true;
}

/** What the customer supervisor is asked: the dealer's reason, the figures and the statement. */
function disputeSpec(ctx: DealerCtx, f: DealerFacts, d: DisputeToRoute): StepSpec {
  const t = zh(ctx);
  return {
    stepId: `dispute-${d.id}`,
    kind: 'acknowledge',
    actions: ['resolve'],
    actionLabels: { resolve: t ? '异议已处理，恢复催款' : 'Resolved: resume dunning' },
    commentRequiredFor: ['resolve'],
    title: t ? `经销商对账异议：${f.name}（${f.dealerId}）` : `Statement disputed: ${f.name} (${f.dealerId})`,
    summary: [
      t ? `异议编号：${d.id}` : `Dispute: ${d.id}`,
      t ? `经销商说明：${d.reason ?? '（无）'}` : `Dealer's reason: ${d.reason ?? '(none)'}`,
      t
        ? '处理期间暂停对该经销商催款。请核实后填写处理结果。'
        : 'Dunning is paused meanwhile. Please look into it and record the outcome.',
    ],
    figures: figures(ctx, f),
    ...(ctx.statementDocId ? { docIds: [ctx.statementDocId] } : {}),
    recipients: [ctx.settings.people.customerSupervisor.email],
    locale: ctx.settings.locale,
  };
}

/** Records the supervisor's resolution (with the note) in the persisted state; dunning resumes. */
async function resolveDispute(ctx: DealerCtx, f: DealerFacts, d: DisputeToRoute, answer: Answer, by: string) {
  ctx.lastDecisionAt = answer.at;
  const r = await ctx.proxies.acts.changeDealerState({
    dealerId: f.dealerId,
    expectVersion: ctx.version,
    change: {
      kind: 'resolve-dispute',
      id: d.id,
      resolvedOn: ctx.today(),
      ...(answer.comment ? { resolution: answer.comment } : {}),
    },
    opId: opId(ctx),
    by,
  });
  ctx.version = r.version;
  ctx.status.phase = 'deciding';
}
