import { requireReturnNo } from '../../domain/returns';
import { returnWorkflowId, type ReturnStatus } from '../../workflows/return-processing';
import { RETURNS_WATCHER_WORKFLOW_ID } from '../../workflows/returns-watcher';
import { supplierRecoveryMonthWorkflowId } from '../../workflows/return-supplier-month';
import type { WorkflowEntry } from './types';

const needsRegister = (cfg: Parameters<NonNullable<WorkflowEntry['unconfigured']>>[0]): string | null =>
  cfg.sources.returns ? null : 'sources.returns (the returns register) is not configured';

/** The returns watcher (旧件退回登记): every 15 minutes, one return workflow per new register row. */
export const returnsWatcherEntry: WorkflowEntry = {
  name: 'returns-watcher',
  title: 'Returns register watcher (旧件退回登记)',
  workflowType: 'returnsWatcherWorkflow',
  childTypes: ['returnProcessingWorkflow'],
  needsPeriod: false,
  rerun: 'always',
  unconfigured: needsRegister,
  starts: () => [{ workflowType: 'returnsWatcherWorkflow', workflowId: RETURNS_WATCHER_WORKFLOW_ID, args: [] }],
  schedule: { kind: 'interval', every: '15 minutes' },
};

/** One return (旧件退货) by its number, e.g. when a row was fixed after the watcher reported it. */
export const returnEntry: WorkflowEntry = {
  name: 'return',
  title: 'One return (旧件退货 / 三包旧件)',
  workflowType: 'returnProcessingWorkflow',
  needsPeriod: false,
  key: { flag: 'return-no', description: 'the return number in the register' },
  rerun: 'never',
  unconfigured: needsRegister,
  starts: (_cfg, { key }) => {
    const returnNo = requireReturnNo(key!);
    return [{ workflowType: 'returnProcessingWorkflow', workflowId: returnWorkflowId(returnNo), args: [{ returnNo }] }];
  },
  phase: {
    query: 'returnStatus',
    describe(value) {
      const s = value as ReturnStatus;
      return `${s.phase}${s.verdict ? `, verdict ${s.verdict}` : ''}${s.receiptReminders ? `, ${s.receiptReminders} receipt reminder(s)` : ''}`;
    },
  },
};

/** The month's supplier batch (供应商索赔): one claim workflow per supplier with supplier-responsible returns. */
export const supplierRecoveryEntry: WorkflowEntry = {
  name: 'supplier-recovery',
  title: 'Supplier claims of the month (供应商索赔)',
  workflowType: 'supplierRecoveryMonthWorkflow',
  childTypes: ['supplierRecoveryWorkflow'],
  needsPeriod: true,
  unconfigured: needsRegister,
  starts: (cfg, { period }) => [
    {
      workflowType: 'supplierRecoveryMonthWorkflow',
      workflowId: supplierRecoveryMonthWorkflowId(period!),
      args: [{ period: period!, timeZone: cfg.timezone }],
    },
  ],
  schedule: { kind: 'monthly', rule: 'every-run', dayOfMonth: 1, hour: 9, periodOffset: -1 },
};
