/** Activity proxies shared by the return, returns-watcher and supplier-recovery workflows. */
import { proxyActivities, type RetryPolicy } from '@temporalio/workflow';
import type { ApprovalActivities } from '../activities/approvals';
import type { createPdfActivities } from '../activities/pdf/create-pdf-activities';
import type { ReturnsActivities } from '../activities/returns/create-returns-activities';

type PdfActivities = ReturnType<typeof createPdfActivities>;

const retry: RetryPolicy = { initialInterval: '2 seconds', maximumInterval: '2 minutes', backoffCoefficient: 2 };

/** Sheet reads and journal writes: a concurrent edit or a held lock is retried until it clears. */
export const returnActs = proxyActivities<ReturnsActivities>({ startToCloseTimeout: '3 minutes', retry });

/** The register scan starts many workflows; it heartbeats so a dead worker is noticed within a minute. */
export const scanActs = proxyActivities<Pick<ReturnsActivities, 'scanReturnsRegister'>>({
  startToCloseTimeout: '15 minutes',
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
