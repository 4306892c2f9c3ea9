import type { DunningMonthInput } from '../../workflows/dunning-month';
import { dunningMonthWorkflowId, type DunningProgress } from '../../workflows/dunning-signals';
import type { WorkflowEntry } from './types';
import { dunningSettingsFromConfig } from '../../config/start-inputs/dunning-settings';

/** Dealer statements and dunning (对账催款) for the month before, on the 5th; one child per dealer. */
export const dunningEntry: WorkflowEntry = {
  name: 'dunning',
  title: 'Dealer statements and dunning (对账催款)',
  workflowType: 'dunningMonthWorkflow',
  childTypes: ['dunningDealerWorkflow'],
  needsPeriod: true,
  unconfigured: (cfg) => (cfg.dunning ? null : 'the config has no "dunning" section'),
  starts(cfg, { period }) {
    const input: DunningMonthInput = {
      settings: dunningSettingsFromConfig(cfg, period!),
      ...(cfg.dunning ? { concurrency: cfg.dunning.concurrency } : {}),
    };
    return [{ workflowType: 'dunningMonthWorkflow', workflowId: dunningMonthWorkflowId(period!), args: [input] }];
  },
  progress: {
    query: 'dunningProgress',
    view(value) {
      const p = value as DunningProgress;
      return { done: p.done, total: p.total, label: `${p.phase}, ${p.inFlight} in flight, ${p.failed} failed` };
    },
  },
  phase: {
    query: 'dunningProgress',
    describe(value) {
      const p = value as DunningProgress;
      return `${p.phase}: ${p.done}/${p.total} dealers done, ${p.heldBack} held back, ${p.failed} failed`;
    },
  },
  schedule: { kind: 'monthly', rule: 'every-run', dayOfMonth: 5, hour: 8, periodOffset: -1 },
};
