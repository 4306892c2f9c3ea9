/**
 * A dispute pauses a dealer's dunning and goes to the customer supervisor (link, reminders, escalation), who
 * resolves it with a note; both ends are recorded in the persisted dunning state.
 */
import { workflowInfo } from '@temporalio/workflow';
import { decide, figures, opId, zh, type DealerCtx } from './dunning-dealer-ctx';

/**
 * A dispute pauses dunning: it is recorded in the persisted state (new disputes), routed to the customer supervisor
 * (link, reminders, escalation to the manager) and resolved with the supervisor's note. Returns false when nobody
 * resolved it within the link's validity (it stays open; next month's run routes it again).
 */
export async function handleDispute(
  ctx: DealerCtx,
  d: { id: string; reason?: string; isNew: boolean; docNos?: string[] },
): Promise<boolean> {
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
  const t = zh(ctx);
  const answer = await decide(
    ctx,
    {
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
    },
    false,
  );
  if (!answer) return false;
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
  return true;
}
