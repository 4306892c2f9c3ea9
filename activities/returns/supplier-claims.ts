/**
 * Activities of the monthly supplier recovery: which suppliers have supplier-responsible returns in a month,
 * the claim document's data for one of them (in the work store), and the recovery register row.
 */
import type { Duration } from '@temporalio/common';
import type { Fen } from '../../domain/money';
import type { Person, UnassignedIncidentCost } from '../../domain/returns';
import type { DataRef } from '../archive/types';
import { makeListClaimSuppliers } from './list-claim-suppliers';
import { makePrepareSupplierClaim } from './prepare-supplier-claim';
import { makeReadSupplierBatches } from './read-supplier-batches';
import type { MasterReader } from './read-masters';
import { makeRecordSupplierRecovery } from './record-supplier-recovery';
import { makeSummarizeSupplierRecovery } from './summarize-supplier-recovery';
import type { ReturnsActivityDeps } from './types';

export interface ClaimSupplier {
  supplierCode: string;
  supplierName: string;
  /** The claims contact's address from the parts catalogue (or the directory); absent: purchasing forwards it. */
  email?: string;
  lines: number;
  totalFen: Fen;
}

export interface ClaimSuppliers {
  suppliers: ClaimSupplier[];
  /** Supplier-responsible lines whose part has no supplier in the catalogue or directory: not claimed, listed. */
  unassigned: { returnNo: string; partNo: string; supplier: string; creditFen: Fen }[];
  /** Supplier-responsible incident costs whose supplier (the root cause's 供应商) nobody knows: not claimed, listed. */
  unassignedIncidents?: UnassignedIncidentCost[];
}

export interface SupplierClaimPrep {
  claimNo: string;
  supplierCode: string;
  supplierName: string;
  /** The supplier's contact from the directory; absent when it has no e-mail there (purchasing forwards it). */
  contact?: Person;
  /** Claim lines: returns lines plus incident lines. */
  lines: number;
  qty: number;
  /** Returns lines plus incident costs. */
  totalFen: Fen;
  /** Of `lines` and `totalFen`, the supplier-responsible incidents' (absent when none). */
  incidents?: { lines: number; amountFen: Fen };
  /** The claim document's data (SupplierClaimData) in the work store. */
  dataRef?: DataRef;
  policy: {
    locale: 'zh-CN' | 'en';
    companyName: string;
    purchasing: Person;
    manager: Person;
    agingLimitDays: number;
    reminderAfter: Duration;
    linkTtl: Duration;
  };
}

export interface RecoveryPosting {
  claimNo: string;
  period: string;
  supplierCode: string;
  supplierName: string;
  lines: number;
  qty: number;
  claimFen: Fen;
  status: 'confirmed' | 'disputed';
  recoveredFen: Fen;
  decidedBy: string;
  /** ISO instant. */
  decidedAt: string;
  aged: boolean;
  comment?: string;
}

/** The supplier recovery activities, each in its own file; they share the month's batch reader. */
export function createSupplierClaimActivities(deps: ReturnsActivityDeps, io: { masters: MasterReader }) {
  const batches = makeReadSupplierBatches(deps, io);
  return {
    listClaimSuppliers: makeListClaimSuppliers(batches),
    summarizeSupplierRecovery: makeSummarizeSupplierRecovery(deps, batches),
    prepareSupplierClaim: makePrepareSupplierClaim(deps, batches),
    recordSupplierRecovery: makeRecordSupplierRecovery(deps),
  };
}
