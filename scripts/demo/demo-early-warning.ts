/**
 * Early warning of batch quality problems (批量质量问题预警): the month's mornings replayed — the daily detector
 * examines each day of the period (as its schedule would have at 07:00 the day after) — then every incident it
 * opened is walked to its closing report from the mails: containment by the customer supervisor, root cause,
 * corrective action with a due date, "action done", and verification after the quiet period (shortened for the
 * demo, see demoTimings), each clicked from the link in the real mail.
 */
import { localDate, type Period } from '../../domain/calendar';
import { type incidentWorkflow, type IncidentOutcome } from '../../workflows/incident';
import { earlyWarningWorkflow, type EarlyWarningResult } from '../../workflows/incident-detection';
import { earlyWarningWorkflowId } from '../../domain/early-warning/incident-key';
import { formatFen } from '../../domain/money';
import type { LoadedConfig } from '../../config/load-config';
import { answerUntil, type Answer } from './answer-links';
import { hasActivities, personName, record, type DemoContext } from './demo-context';
import { startOnce } from './start-once';

const ACTIVITIES = ['detectBatchProblems', 'routeObservations', 'recordIncidentEvent', 'sendIncidentMail'];

/** The demo cannot wait the weeks a verification takes: it waits this long instead (said in the output). */
export const DEMO_VERIFICATION = '15 seconds';

/** The config with the demo's short verification period (`npm run demo`, its test and the replay capture). */
export function demoTimings(cfg: LoadedConfig): LoadedConfig {
  return cfg.earlyWarning ? { ...cfg, earlyWarning: { ...cfg.earlyWarning, verification: DEMO_VERIFICATION } } : cfg;
}

const days = (period: Period): string[] => {
  const [y, m] = period.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
  return Array.from({ length: last }, (_, i) => `${period}-${String(i + 1).padStart(2, '0')}`);
};

const plusDays = (iso: string, n: number): string =>
  new Date(Date.parse(`${iso}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

function answer(ctx: DemoContext, stepId: string, openedAt: string): Answer | null {
  // Business dates are the days the steps were asked (the forms refuse a date after today).
  const today = localDate(Date.parse(openedAt), ctx.cfg.timezone);
  if (stepId === 'containment') {
    return {
      action: 'submit',
      fields: {
        scope: '冻结本批次在库及在途件；通知华东各站排查同批车架号',
        hold: 'on',
        dealersNotified: 'on',
        containedOn: today,
      },
      what: '「遏制措施」',
    };
  }
  if (stepId === 'root-cause') {
    return {
      action: 'submit',
      fields: {
        responsibility: 'supplier',
        supplier: '',
        cause: '摩擦片批次配方偏差，高温下制动异响（供应商 8D 已确认）',
      },
      what: '「原因分析」: supplier responsible',
    };
  }
  if (stepId.startsWith('action-')) {
    return {
      action: 'submit',
      fields: {
        action: '供应商更换摩擦片配方，出厂 100% 检验；在途批次退回返工',
        dueDate: plusDays(today, 7),
        cost: '18,600',
      },
      what: `「纠正措施」 due ${plusDays(today, 7)}, cost ¥18,600.00`,
    };
  }
  if (stepId.startsWith('implemented-')) {
    return { action: 'acknowledge', fields: { doneOn: today, notes: '新配方批次已切换' }, what: '「措施完成」' };
  }
  if (stepId.startsWith('verify-')) {
    return { action: 'approve', comment: '验证期内未再出现，措施有效。', what: '「效果验证」: effective' };
  }
  return null;
}

export async function runEarlyWarning(ctx: DemoContext): Promise<void> {
  ctx.log(
    "\n▶ Early warning (批量质量问题预警): the month's daily detector runs, each incident from alert to closing report",
  );
  const lastId = earlyWarningWorkflowId(days(ctx.period).at(-1)!);
  if (!ctx.cfg.earlyWarning || !hasActivities(ctx, ACTIVITIES)) {
    ctx.log('  early warning: not configured (earlyWarning) or its activities are not wired into the worker');
    record(ctx, { section: 'early-warning', workflowId: lastId, status: 'skipped', outcome: 'not available' });
    return;
  }
  // 1. The mornings of the month, one detector run per day examined (business id early-warning-<day>).
  const opened = new Map<string, string>();
  let attached = 0;
  let reused = 0;
  for (const asOf of days(ctx.period)) {
    const run = await startOnce(ctx, earlyWarningWorkflow, earlyWarningWorkflowId(asOf), [
      { asOf, timeZone: ctx.cfg.timezone },
    ]);
    if (run.state === 'completed') reused++;
    const r: EarlyWarningResult = await run.handle.result();
    for (const x of r.routed) {
      if (x.status === 'opened') {
        opened.set(x.workflowId, asOf);
        ctx.log(`  ${asOf}: signal ${x.key} → ${x.workflowId} opened (alert mailed with the evidence PDF)`);
      } else if (x.status === 'attached') attached++;
    }
  }
  const runs = days(ctx.period).length;
  record(ctx, {
    section: 'early-warning',
    workflowId: lastId,
    status: reused === runs ? 'already-done' : 'completed',
    outcome: `${runs} daily runs: ${opened.size} incident(s) opened, ${attached} later finding(s) attached to an open incident`,
  });

  // 2. Each incident, every step answered from the mails; verification waits the demo's short period.
  for (const [id, asOf] of opened) {
    const handle = ctx.client.workflow.getHandle<typeof incidentWorkflow>(id);
    const before = (await handle.describe()).status.name;
    ctx.log(`  ${id} (signal of ${asOf}); verification waits ${DEMO_VERIFICATION} in the demo (weeks in production)`);
    try {
      const out: IncidentOutcome = await answerUntil(ctx, {
        what: `incident ${id}`,
        owns: (w) => w === id,
        watch: () => [id],
        done: handle.result(),
        respond: async (_link, step) => answer(ctx, step.stepId, step.openedAt),
      });
      record(ctx, {
        section: 'early-warning',
        workflowId: id,
        status: before === 'COMPLETED' ? 'already-done' : 'completed',
        outcome:
          `closed ${out.closedOn} after ${out.rounds} action round(s); ` +
          `${out.supplierResponsible ? `supplier responsible (${out.supplier ?? '?'})` : 'not the supplier'}, ` +
          `cost ¥${formatFen(out.costFen)}; ${out.observations} detector findings; closing report ${out.closingReport.fileName} ` +
          `(mailed to ${personName(ctx, ctx.cfg.people.manager.email)} and the quality department)`,
      });
    } catch (err) {
      record(ctx, { section: 'early-warning', workflowId: id, status: 'failed', outcome: (err as Error).message });
    }
  }
}
