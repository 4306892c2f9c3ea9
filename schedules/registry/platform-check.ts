import { platformCheckWorkflowId, type PlatformCheckInput } from '../../workflows/platform-check';
import type { WorkflowEntry } from './types';

/** The platform self-check: one Chinese PDF, archived and mailed to the manager and finance. No schedule. */
export const platformCheckEntry: WorkflowEntry = {
  name: 'platform-check',
  title: 'Platform check (平台自检)',
  workflowType: 'platformCheckWorkflow',
  needsPeriod: true,
  starts(cfg, { period }) {
    const input: PlatformCheckInput = {
      period: period!,
      recipients: [cfg.people.manager, cfg.people.finance],
      locale: cfg.locale,
    };
    return [{ workflowType: 'platformCheckWorkflow', workflowId: platformCheckWorkflowId(period!), args: [input] }];
  },
};
