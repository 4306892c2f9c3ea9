/** Activity proxies shared by the return, returns-watcher and supplier-recovery workflows. */
import { proxyActivities } from '@temporalio/workflow';
import type { ApprovalActivities } from '../activities/approvals';
import type { createPdfActivities } from '../activities/pdf/create-pdf-activities';
import type { ReturnsActivities } from '../activities/returns/create-returns-activities';
import { activityOptions } from './lib/activity-options';

type PdfActivities = ReturnType<typeof createPdfActivities>;

/** Sheet reads and journal writes: a concurrent edit or a held lock is retried until it clears. */
export const returnActs = proxyActivities<ReturnsActivities>(activityOptions('posting'));

/** The register scan starts many workflows (Temporal unavailable is retried like any transient fault). */
export const scanActs = proxyActivities<Pick<ReturnsActivities, 'scanReturnsRegister'>>(activityOptions('sheets'));

export const { renderDocument } = proxyActivities<PdfActivities>(activityOptions('render'));

export const { sendActionRequest } = proxyActivities<ApprovalActivities>(activityOptions('mail'));
