/** Activity proxies of the early-warning detector and the incident workflow. */
import { proxyActivities, type RetryPolicy } from '@temporalio/workflow';
import type { ApprovalActivities } from '../activities/approvals';
import type { IncidentActivities } from '../activities/incidents';
import type { createPdfActivities } from '../activities/pdf/create-pdf-activities';

type PdfActivities = ReturnType<typeof createPdfActivities>;

const retry: RetryPolicy = { initialInterval: '2 seconds', maximumInterval: '2 minutes', backoffCoefficient: 2 };

/** Register rows, mails, pointers, the policy: short, retried until they go through (each is idempotent). */
export const incidentActs = proxyActivities<
  Pick<IncidentActivities, 'getIncidentPolicy' | 'recordIncidentEvent' | 'sendIncidentMail' | 'releaseIncidentPointer'>
>({ startToCloseTimeout: '3 minutes', retry });

/** The detector reads every quality sheet: long, heartbeating, so a dead worker is noticed within a minute. */
export const detectorActs = proxyActivities<Pick<IncidentActivities, 'detectBatchProblems' | 'routeObservations'>>({
  startToCloseTimeout: '30 minutes',
  heartbeatTimeout: '1 minute',
  retry,
});

export const { renderDocument } = proxyActivities<PdfActivities>({
  startToCloseTimeout: '2 minutes',
  retry: { maximumAttempts: 5 },
});

export const { sendActionRequest } = proxyActivities<ApprovalActivities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', maximumInterval: '1 minute' },
});
