/**
 * Activities of the monthly supplier recovery: which suppliers have supplier-responsible returns in a month,
 * the claim document's data for one of them (in the work store), and the recovery register row.
 */
import type { Duration } from '@temporalio/common';
import { AppError, ValidationError } from '../../domain/errors';
import { incidentCostProblems, supplierIncidentCosts, type SupplierIncidentCost } from '../../domain/early-warning';
import { incidentRegister, registerEntryOf } from '../incidents/incident-register';
import type { Fen } from '../../domain/money';
import {
  addIncidentCosts,
  batchSupplierClaims,
  dispositionOf,
  findSupplier,
  supplierClaimNo,
  type InspectionRecord,
  type Person,
  type SupplierBatches,
  type SupplierContact,
  type UnassignedIncidentCost,
} from '../../domain/returns';
import type { SupplierClaimData } from '../../templates/pdf/supplier-claim';
import type { DataRef } from '../archive/types';
import { appendOnce, readJournal, tabOf } from './append-once';
import { reportProgress } from '../boundary/report-progress';
import { dateCell, fenOfCell, inspectionJournal, inspectionRecordOf, recoveryJournal, yuanCell } from './journals';
import { localDate, type Period } from '../../domain/calendar';
import type { JournalOutcome } from './post-return';
import type { MasterReader } from './read-masters';
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

const STATUS_LABEL: Record<RecoveryPosting['status'], string> = { confirmed: '已确认', disputed: '有异议' };

export function createSupplierClaimActivities(deps: ReturnsActivityDeps, io: { masters: MasterReader }) {
  const s = deps.settings;

  /** The part's supplier as the catalogue has it (code, contact, address), else the directory's by name. */
  async function supplierResolver(): Promise<
    (r: Pick<InspectionRecord, 'partNo' | 'supplier'>) => SupplierContact | undefined
  > {
    const parts = await io.masters.parts(s.sources);
    return (r) => {
      const part = parts.get(r.partNo);
      const dir = findSupplier(part?.supplierCode ?? part?.supplier ?? r.supplier, s.suppliers);
      if (part?.supplierCode) {
        const email = part.supplierEmail ?? dir?.email;
        const contact = part.supplierContact ?? dir?.contact;
        return {
          code: part.supplierCode,
          name: part.supplier || dir?.name || part.supplierCode,
          ...(email ? { email } : {}),
          ...(contact ? { contact } : {}),
        };
      }
      return dir;
    };
  }

  /** The month's supplier-responsible incident costs from the register, refused with the cells that cannot be read. */
  async function incidentCosts(period: Period): Promise<SupplierIncidentCost[]> {
    const ref = s.incidentRegister;
    if (!ref) return [];
    const journal = await readJournal(deps.backendFor(ref), incidentRegister(ref));
    const entries = (journal?.rows ?? []).map(registerEntryOf);
    const problems = incidentCostProblems(entries, period);
    if (problems.length) {
      const file = ref.kind === 'excel' ? ref.path : ref.spreadsheetId;
      const sheet = tabOf(ref);
      throw new ValidationError(
        `质量事件登记 ${file} › ${sheet}: ${period} 供应商索赔无法计入事件费用 / the incident register has cells supplier recovery cannot read`,
        problems.map((p) => ({
          file,
          sheet,
          row: p.row ?? 0,
          column: p.column,
          col: p.column === '费用' ? 'K' : 'J',
          value: p.value,
          reason: `${p.incidentId}: ${p.reason}`,
        })),
      );
    }
    return supplierIncidentCosts(entries, period);
  }

  /** Who an incident's cost is claimed from: the supplier the root cause named (code or name), else the part's. */
  async function incidentSupplierResolver(
    byPart: (r: Pick<InspectionRecord, 'partNo' | 'supplier'>) => SupplierContact | undefined,
  ): Promise<(c: SupplierIncidentCost) => SupplierContact | undefined> {
    const parts = await io.masters.parts(s.sources);
    const catalogue: SupplierContact[] = [...parts.values()].flatMap((p) =>
      p.supplierCode
        ? [
            byPart(p) ?? {
              code: p.supplierCode,
              name: p.supplier || p.supplierCode,
            },
          ]
        : [],
    );
    return (c) => {
      if (!c.supplier) return byPart({ partNo: c.partNo, supplier: '' });
      const hit = findSupplier(c.supplier, catalogue) ?? findSupplier(c.supplier, s.suppliers);
      // The code found, with the contact the returns lines of that code get (catalogue first, then directory).
      return hit && (catalogue.find((x) => x.code === hit.code) ?? hit);
    };
  }

  async function batches(period: Period): Promise<SupplierBatches> {
    const spec = inspectionJournal(s.targets.inspections);
    const journal = await readJournal(deps.backendFor(spec.ref), spec);
    const records: InspectionRecord[] = (journal?.rows ?? []).map(inspectionRecordOf);
    reportProgress({ inspections: records.length });
    const month = period;
    const incidents = await incidentCosts(month);
    // The catalogue is read only when there is something to claim.
    if (
      !incidents.length &&
      !records.some((r) => r.verdict === 'supplier-responsible' && r.date.startsWith(`${month}-`))
    )
      return { batches: [], unassigned: [] };
    const byPart = await supplierResolver();
    const returns = batchSupplierClaims(records, month, byPart);
    return incidents.length ? addIncidentCosts(returns, incidents, await incidentSupplierResolver(byPart)) : returns;
  }

  return {
    /** Suppliers with supplier-responsible inspections in `period`, and the lines nobody can be claimed for (read-only). */
    async listClaimSuppliers(input: { period: Period }): Promise<ClaimSuppliers> {
      const b = await batches(input.period);
      return {
        suppliers: b.batches.map((x) => ({
          supplierCode: x.supplierCode,
          supplierName: x.supplierName,
          ...(x.email ? { email: x.email } : {}),
          lines: x.lines.length + (x.incidents?.length ?? 0),
          totalFen: x.totalFen,
        })),
        unassigned: b.unassigned.map((r) => ({
          returnNo: r.returnNo,
          partNo: r.partNo,
          supplier: r.supplier,
          creditFen: r.creditFen,
        })),
        ...(b.unassignedIncidents ? { unassignedIncidents: b.unassignedIncidents } : {}),
      };
    },

    /**
     * Where the month's supplier claims stand, per supplier, for the quality report's recovery columns: claimed (the
     * batch the claim was built from), recovered (what the recovery register says the supplier confirmed) and open
     * claims (no answer recorded yet). Read-only.
     */
    async summarizeSupplierRecovery(input: {
      period: Period;
    }): Promise<{ supplier: string; supplierCode: string; claimedFen: Fen; recoveredFen: Fen; openClaims: number }[]> {
      const { period } = input;
      const spec = recoveryJournal(s.targets.recoveries);
      const register = await readJournal(deps.backendFor(spec.ref), spec);
      const answered = new Map(
        (register?.rows ?? []).map((r) => [String(r.cells[0] ?? '').trim(), fenOfCell(r.cells[8] ?? null)]),
      );
      return (await batches(period)).batches.map((b) => {
        const claimNo = supplierClaimNo(period, b.supplierCode);
        const recovered = answered.get(claimNo);
        return {
          supplier: b.supplierName,
          supplierCode: b.supplierCode,
          claimedFen: b.totalFen,
          recoveredFen: recovered ?? 0,
          openClaims: recovered === undefined ? 1 : 0,
        };
      });
    },

    /**
     * Builds one supplier's claim for the month from the inspection results. Side effect: the claim data
     * in the content-addressed work store (idempotent). `lines: 0` when the supplier has nothing to claim.
     */
    async prepareSupplierClaim(input: {
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
      const policy = {
        locale: s.locale,
        companyName: s.companyName,
        purchasing: s.people.purchasing,
        manager: s.people.manager,
        agingLimitDays: s.claimAgingLimitDays,
        reminderAfter: s.claimReminderAfter,
        linkTtl: s.approvals.linkTtl,
      };
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
      const locale = s.locale === 'en' ? 'en' : 'zh-CN';
      const data: SupplierClaimData = {
        company: s.companyName,
        claimNo,
        period,
        issuedOn: input.issuedOn,
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
    },

    /**
     * Records a claim's outcome in the supplier recovery register (供应商索赔). Side effect: one row, once per
     * claim number; a second call returns the row written first.
     */
    async recordSupplierRecovery(p: RecoveryPosting): Promise<JournalOutcome & { recoveredFen: Fen }> {
      if (!Number.isSafeInteger(p.recoveredFen) || p.recoveredFen < 0) {
        throw new AppError(
          'InvalidAmount',
          `claim ${p.claimNo}: recovered amount must be ≥ 0, got ${p.recoveredFen}`,
          {},
        );
      }
      const spec = recoveryJournal(s.targets.recoveries);
      const res = await appendOnce(
        deps.backendFor(spec.ref),
        spec,
        [
          p.claimNo,
          p.period,
          p.supplierCode,
          p.supplierName,
          p.lines,
          p.qty,
          yuanCell(p.claimFen),
          STATUS_LABEL[p.status],
          yuanCell(p.recoveredFen),
          p.decidedBy,
          confirmedOn(p.decidedAt, s.timeZone),
          p.aged ? '是' : '否',
          p.comment ?? null,
        ],
        { lockDir: deps.stateDir },
      );
      const r = spec.ref;
      const where =
        r.kind === 'excel' ? `${r.path} › ${r.sheet} › ${res.row}` : `${r.spreadsheetId} › ${r.tab} › ${res.row}`;
      return { status: res.status, key: p.claimNo, where, recoveredFen: fenOfCell(res.values[8] ?? null) };
    },
  };
}

/**
 * 确认时间 as the business date of the supplier's answer (company time zone): the instant of a click is the person's
 * timing, not a fact of the claim, and a re-run of the month must write the same cells. The instant stays in the
 * workflow's history and the audit log.
 */
function confirmedOn(decidedAt: string, timeZone: string): Date | string {
  const at = Date.parse(decidedAt);
  return Number.isFinite(at) ? dateCell(localDate(at, timeZone)) : decidedAt;
}
