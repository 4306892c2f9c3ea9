import { qualityFeedbackWorkflowId, type QualityFeedbackStatus } from '../../workflows/quality-feedback';
import type { WorkflowEntry } from './types';
import { qualityFeedbackInputFromConfig } from '../../config/start-inputs/quality-feedback-input';

/** Quality-information feedback (质量信息反馈表) for the month before, on the 3rd, one PDF per department. */
export const qualityFeedbackEntry: WorkflowEntry = {
  name: 'quality-feedback',
  title: 'Quality-information feedback (质量信息反馈表)',
  workflowType: 'qualityFeedbackWorkflow',
  needsPeriod: true,
  unconfigured: (cfg) =>
    cfg.sources.failureModes ? null : 'sources.failureModes (the failure-mode catalogue) is not configured',
  starts: (cfg, { period }) => [
    {
      workflowType: 'qualityFeedbackWorkflow',
      workflowId: qualityFeedbackWorkflowId(period!),
      args: [qualityFeedbackInputFromConfig(cfg, period!)],
    },
  ],
  phase: {
    query: 'qualityFeedbackStatus',
    describe(value) {
      const s = value as QualityFeedbackStatus;
      const blocking = s.blocking.length ? `, blocked by ${s.blocking.join(', ')}` : '';
      return `${s.phase}${s.round ? ` (round ${s.round})` : ''}${blocking}`;
    },
  },
  schedule: { kind: 'monthly', rule: 'every-run', dayOfMonth: 3, hour: 8, periodOffset: -1 },
};
