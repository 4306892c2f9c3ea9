/**
 * The month's supplier claim batches: supplier-responsible inspection lines grouped by supplier, plus the
 * supplier-responsible incident costs from the incident register. Read-only; shared by the claim activities.
 */
import { ValidationError } from '../../domain/errors';
import { incidentCostProblems, supplierIncidentCosts, type SupplierIncidentCost } from '../../domain/early-warning';
import {
  addIncidentCosts,
  batchSupplierClaims,
  findSupplier,
  type InspectionRecord,
  type SupplierBatches,
  type SupplierContact,
} from '../../domain/returns';
import { incidentRegister, registerEntryOf } from '../incidents/incident-register';
import { reportProgress } from '../boundary/report-progress';
import type { Period } from '../../domain/calendar';
import { readJournal, tabOf } from './append-once';
import { inspectionJournal, inspectionRecordOf } from './journals';
import type { MasterReader } from './read-masters';
import type { ReturnsActivityDeps } from './types';

type PartSupplier = (r: Pick<InspectionRecord, 'partNo' | 'supplier'>) => SupplierContact | undefined;

/** Reads the month's claim batches (fresh on each call: the sheets may have changed between activities). */
export type ReadSupplierBatches = (period: Period) => Promise<SupplierBatches>;

export function makeReadSupplierBatches(deps: ReturnsActivityDeps, io: { masters: MasterReader }): ReadSupplierBatches {
  const s = deps.settings;
  return async function readSupplierBatches(period) {
    const spec = inspectionJournal(s.targets.inspections);
    const journal = await readJournal(deps.backendFor(spec.ref), spec);
    const records: InspectionRecord[] = (journal?.rows ?? []).map(inspectionRecordOf);
    reportProgress({ inspections: records.length });
    const month = period;
    const incidents = await readIncidentCosts(deps, month);
    // The catalogue is read only when there is something to claim.
    if (
      !incidents.length &&
      !records.some((r) => r.verdict === 'supplier-responsible' && r.date.startsWith(`${month}-`))
    )
      return { batches: [], unassigned: [] };
    const byPart = await resolvePartSupplier(deps, io.masters);
    const returns = batchSupplierClaims(records, month, byPart);
    return incidents.length
      ? addIncidentCosts(returns, incidents, await resolveIncidentSupplier(deps, io.masters, byPart))
      : returns;
  };
}

/** The part's supplier as the catalogue has it (code, contact, address), else the directory's by name. */
async function resolvePartSupplier(deps: ReturnsActivityDeps, masters: MasterReader): Promise<PartSupplier> {
  const s = deps.settings;
  const parts = await masters.parts(s.sources);
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
async function readIncidentCosts(deps: ReturnsActivityDeps, period: Period): Promise<SupplierIncidentCost[]> {
  const ref = deps.settings.incidentRegister;
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
async function resolveIncidentSupplier(
  deps: ReturnsActivityDeps,
  masters: MasterReader,
  byPart: PartSupplier,
): Promise<(c: SupplierIncidentCost) => SupplierContact | undefined> {
  const s = deps.settings;
  const parts = await masters.parts(s.sources);
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
