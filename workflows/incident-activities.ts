/** Activity proxies of the early-warning detector and the incident workflow (designed options: lib/activity-options). */
import { proxyActivities } from '@temporalio/workflow';
import type { ApprovalActivities } from '../activities/approvals';
import type { IncidentActivities } from '../activities/incidents';
import type { createPdfActivities } from '../activities/pdf/create-pdf-activities';
import { activityOptions } from './lib/activity-options';

type PdfActivities = ReturnType<typeof createPdfActivities>;

/**
 * Register rows (the 质量事件登记 workbook), mails, pointers, the policy: each idempotent, retried while the fault
 * is transient (a register open in Excel waits like any sheet write).
 */
export const incidentActs = proxyActivities<
  Pick<IncidentActivities, 'getIncidentPolicy' | 'recordIncidentEvent' | 'sendIncidentMail' | 'releaseIncidentPointer'>
>(activityOptions('sheets'));

/** The detector reads every quality sheet: long; the boundary's heartbeats notice a dead worker within 10 s. */
export const detectorActs = proxyActivities<Pick<IncidentActivities, 'detectBatchProblems' | 'routeObservations'>>(
  activityOptions('sheets'),
);

export const { renderDocument } = proxyActivities<PdfActivities>(activityOptions('render'));

export const { sendActionRequest } = proxyActivities<ApprovalActivities>(activityOptions('mail'));
