import type { Period } from '../../domain/calendar';
import { dispositionOf, findSupplier, supplierClaimNo, type SupplierBatches } from '../../domain/returns';
import type { SupplierClaimData } from '../../templates/pdf/supplier-claim';
import type { ReadSupplierBatches } from './read-supplier-batches';
import type { SupplierClaimPrep } from './supplier-claims';
import type { ReturnsActivityDeps, ReturnsSettings } from './types';

type Batch = SupplierBatches['batches'][number];

/**
 * Builds one supplier's claim for the month from the inspection results. Side effect: the claim data
 * in the content-addressed work store (idempotent). `lines: 0` when the supplier has nothing to claim.
 */
export function makePrepareSupplierClaim(deps: ReturnsActivityDeps, batches: ReadSupplierBatches) {
  const s = deps.settings;
  return async function prepareSupplierClaim(input: {
    period: Period;
    supplierCode: string;
    issuedOn: string;
  }): Promise<SupplierClaimPrep> {
    const { period } = input;
    const batch = (await batches(period)).batches.find((b) => b.supplierCode === input.supplierCode);
    const dir = findSupplier(input.supplierCode, s.suppliers);
    const email = batch ? batch.email : dir?.email;
    const contactName = batch ? batch.contact : dir?.contact;
    const supplierName = batch?.supplierName ?? dir?.name ?? input.supplierCode;
    const contact = email ? { name: contactName ?? supplierName, email } : undefined;
    const policy = claimPolicy(s);
    const claimNo = supplierClaimNo(period, input.supplierCode);
    if (!batch) {
      return {
        claimNo,
        supplierCode: input.supplierCode,
        supplierName,
        ...(contact ? { contact } : {}),
        lines: 0,
        qty: 0,
        totalFen: 0,
        policy,
      };
    }
    const data = claimData(s, batch, { claimNo, period, issuedOn: input.issuedOn, contactName, email });
    return {
      claimNo,
      supplierCode: batch.supplierCode,
      supplierName: batch.supplierName,
      ...(contact ? { contact } : {}),
      lines: batch.lines.length + (batch.incidents?.length ?? 0),
      qty: batch.qty,
      totalFen: batch.totalFen,
      ...(batch.incidents?.length
        ? { incidents: { lines: batch.incidents.length, amountFen: batch.incidentFen ?? 0 } }
        : {}),
      dataRef: await deps.work.putJson(data),
      policy,
    };
  };
}

function claimPolicy(s: ReturnsSettings): SupplierClaimPrep['policy'] {
  return {
    locale: s.locale,
    companyName: s.companyName,
    purchasing: s.people.purchasing,
    manager: s.people.manager,
    agingLimitDays: s.claimAgingLimitDays,
    reminderAfter: s.claimReminderAfter,
    linkTtl: s.approvals.linkTtl,
  };
}

/** The claim document's data: the returns lines, the incident lines and their totals. */
function claimData(
  s: ReturnsSettings,
  batch: Batch,
  claim: { claimNo: string; period: string; issuedOn: string; contactName?: string; email?: string },
): SupplierClaimData {
  const { contactName, email } = claim;
  const locale = s.locale === 'en' ? 'en' : 'zh-CN';
  return {
    company: s.companyName,
    claimNo: claim.claimNo,
    period: claim.period,
    issuedOn: claim.issuedOn,
    supplier: {
      code: batch.supplierCode,
      name: batch.supplierName,
      ...(contactName ? { contact: contactName } : {}),
      ...(email ? { email } : {}),
    },
    lines: batch.lines.map((l) => ({
      returnNo: l.returnNo,
      date: l.date,
      dealerId: l.dealerId,
      partNo: l.partNo,
      partName: l.partName,
      qty: l.qty,
      ...(l.failureMode ? { failureMode: l.failureMode } : {}),
      disposition: dispositionOf('supplier-responsible', l.qty, locale),
      amountFen: l.creditFen,
    })),
    ...(batch.incidents?.length
      ? {
          incidents: batch.incidents.map((i) => ({
            incidentId: i.incidentId,
            closedOn: i.closedOn,
            partNo: i.partNo,
            partName: i.partName,
            failureName: i.failureName,
            amountFen: i.amountFen,
          })),
        }
      : {}),
    totals: {
      lines: batch.lines.length,
      qty: batch.qty,
      amountFen: batch.totalFen,
      ...(batch.incidents?.length
        ? {
            returnsFen: batch.totalFen - (batch.incidentFen ?? 0),
            incidentLines: batch.incidents.length,
            incidentFen: batch.incidentFen ?? 0,
          }
        : {}),
    },
    agingLimitDays: s.claimAgingLimitDays,
    purchasing: s.people.purchasing.name,
  };
}
