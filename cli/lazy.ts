/**
 * The CLI's heavy modules (Temporal client, spreadsheet backends, the worker's wiring) load when a command runs,
 * not when the CLI starts, so `--help` and usage errors answer at once. Through `require`, not `import()`: the CLI
 * runs under tsx's CommonJS hook (cli/bin.js), which a native `import()` would bypass.
 */
/* eslint-disable @typescript-eslint/no-require-imports */
import type * as ExcelBackend from '../activities/sheets/excel/excel-backend';
import type * as InspectWorkbook from './sheets/inspect-workbook';
import type * as ProposedSources from './sheets/proposed-sources';
import type * as TemporalClient from '@temporalio/client';
import type * as LoadConfig from '../config/load-config';
import type * as ArchiveStoreModule from '../activities/archive/archive-store';
import type * as AuditLogModule from '../activities/archive/audit-log';
import type * as WorkStoreModule from '../activities/archive/work-store';
import type * as TieOut from './audit/tie-out';
import type * as SentLogModule from '../activities/mail/sent-log';
import type * as Registry from '../schedules/registry';
import type * as StartRuns from '../schedules/start-runs';
import type * as ApplySchedules from '../schedules/apply-schedules';
import type * as ManageSchedules from '../schedules/manage-schedules';
import type * as StepGateway from '../web/step-gateway';
import type * as Worker from '../worker';
import type * as ValidateSources from './config/validate-sources';
import type * as ResendMail from './mail/resend-mail';
import type * as FindGrant from './temporal/find-grant';
import type * as HistoryInputs from './temporal/history-inputs';
import type * as RunStatus from './temporal/run-status';
import type * as WaitForRuns from './temporal/wait-for-runs';

export const load = {
  temporalClient: () => require('@temporalio/client') as typeof TemporalClient,
  config: () => require('../config/load-config') as typeof LoadConfig,
  archiveStore: () => require('../activities/archive/archive-store') as typeof ArchiveStoreModule,
  auditLog: () => require('../activities/archive/audit-log') as typeof AuditLogModule,
  workStore: () => require('../activities/archive/work-store') as typeof WorkStoreModule,
  tieOut: () => require('./audit/tie-out') as typeof TieOut,
  sentLog: () => require('../activities/mail/sent-log') as typeof SentLogModule,
  registry: () => require('../schedules/registry') as typeof Registry,
  startRuns: () => require('../schedules/start-runs') as typeof StartRuns,
  applySchedules: () => require('../schedules/apply-schedules') as typeof ApplySchedules,
  manageSchedules: () => require('../schedules/manage-schedules') as typeof ManageSchedules,
  stepGateway: () => require('../web/step-gateway') as typeof StepGateway,
  worker: () => require('../worker') as typeof Worker,
  validateSources: () => require('./config/validate-sources') as typeof ValidateSources,
  inspectWorkbook: () => require('./sheets/inspect-workbook') as typeof InspectWorkbook,
  proposedSources: () => require('./sheets/proposed-sources') as typeof ProposedSources,
  excelBackend: () => require('../activities/sheets/excel/excel-backend') as typeof ExcelBackend,
  resendMail: () => require('./mail/resend-mail') as typeof ResendMail,
  findGrant: () => require('./temporal/find-grant') as typeof FindGrant,
  historyInputs: () => require('./temporal/history-inputs') as typeof HistoryInputs,
  runStatus: () => require('./temporal/run-status') as typeof RunStatus,
  waitForRuns: () => require('./temporal/wait-for-runs') as typeof WaitForRuns,
};
