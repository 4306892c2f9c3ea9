import type { WorkflowEntry } from './types';
import { earlyWarningUnconfigured } from '../../config/start-inputs/early-warning-settings';

/**
 * Early warning of batch quality problems (批量质量问题预警): every morning at 07:00 company time, over the events up
 * to the day before; signals open incidents (`incident-2026-11-DP-1230-异响`). Each run is a new examination, so
 * `run early-warning` always starts one (the schedule appends its time to the id).
 */
export const earlyWarningEntry: WorkflowEntry = {
  name: 'early-warning',
  title: 'Early warning of batch quality problems (批量质量问题预警)',
  workflowType: 'earlyWarningWorkflow',
  childTypes: ['incidentWorkflow'],
  needsPeriod: false,
  rerun: 'always',
  unconfigured: earlyWarningUnconfigured,
  starts: (cfg) => [
    { workflowType: 'earlyWarningWorkflow', workflowId: 'early-warning', args: [{ timeZone: cfg.timezone }] },
  ],
  schedule: { kind: 'daily', hour: 7 },
};
