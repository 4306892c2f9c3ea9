/**
 * `supplier-recovery-2026-11`: after a month ends, starts one supplier-recovery workflow per supplier with
 * supplier-responsible returns in it or a supplier-responsible batch quality incident closed in it. The children are abandoned on purpose (a claim may wait weeks);
 * starting them with REJECT_DUPLICATE makes a re-run of the month start nothing twice.
 */
import { ParentClosePolicy, startChild, workflowInfo } from '@temporalio/workflow';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import {
  supplierRecoveryMonthWorkflowId,
  supplierRecoveryWorkflowId,
  type UnassignedIncidentCost,
} from '../domain/returns';
import type { ClaimSuppliers } from '../activities/returns/supplier-claims';
import { returnActs } from './return-activities';
import { orFail } from './return-failures';
import { supplierRecoveryWorkflow } from './supplier-recovery';
import { localPeriod, parsePeriod, previousPeriod, type Period } from '../domain/calendar';

export { supplierRecoveryMonthWorkflowId };

export interface SupplierRecoveryMonthResult {
  period: Period;
  suppliers: {
    supplierCode: string;
    supplierName: string;
    /** The claims contact the claim goes to (from the parts catalogue); absent: purchasing forwards it. */
    email?: string;
    workflowId: string;
    status: 'started' | 'already-started';
  }[];
  /** Supplier-responsible returns whose part names no supplier known to the catalogue or directory: not claimed. */
  unassigned: { returnNo: string; partNo: string; supplier: string; creditFen: number }[];
  /** Supplier-responsible incident costs whose supplier nobody knows (register row given): not claimed, listed. */
  unassignedIncidents?: UnassignedIncidentCost[];
}

export interface SupplierRecoveryMonthInput {
  /** yyyy-MM; default: the month before the one the workflow starts in (what a schedule on the 1st wants). */
  period?: Period;
  /** Company time zone (default Asia/Shanghai). */
  timeZone?: string;
}

export async function supplierRecoveryMonthWorkflow(
  input: SupplierRecoveryMonthInput = {},
): Promise<SupplierRecoveryMonthResult> {
  const tz = input.timeZone ?? 'Asia/Shanghai';
  const period = orFail(() =>
    input.period === undefined ? previousPeriod(localPeriod(Date.now(), tz)) : parsePeriod(input.period),
  );
  const listed = await returnActs.listClaimSuppliers({ period });
  // Histories of runs before unassigned lines were reported carry the bare list.
  const legacy = listed as unknown as ClaimSuppliers | ClaimSuppliers['suppliers'];
  const list = Array.isArray(legacy) ? legacy : legacy.suppliers;
  const unassigned = Array.isArray(legacy) ? [] : legacy.unassigned;
  const unassignedIncidents = Array.isArray(legacy) ? undefined : legacy.unassignedIncidents;
  const out: SupplierRecoveryMonthResult['suppliers'] = [];
  for (const s of list) {
    const who = { supplierCode: s.supplierCode, supplierName: s.supplierName, ...(s.email ? { email: s.email } : {}) };
    const workflowId = supplierRecoveryWorkflowId(period, s.supplierCode);
    try {
      await startChild(supplierRecoveryWorkflow, {
        workflowId,
        taskQueue: workflowInfo().taskQueue,
        args: [{ period, supplierCode: s.supplierCode, ...(input.timeZone ? { timeZone: input.timeZone } : {}) }],
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
      out.push({ ...who, workflowId, status: 'started' });
    } catch (e) {
      if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
      out.push({ ...who, workflowId, status: 'already-started' });
    }
  }
  return { period, suppliers: out, unassigned, ...(unassignedIncidents?.length ? { unassignedIncidents } : {}) };
}
