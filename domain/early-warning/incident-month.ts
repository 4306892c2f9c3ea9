/**
 * What the incident register (质量事件登记) says about one month: the incidents opened or closed in it with the
 * state each stood in at the month's end (for the monthly quality feedback), and the costs of supplier-responsible
 * incidents closed in it (for supplier recovery). Pure: rows in, rows out.
 */

/** One register row as the readers take it (activities/incidents/incident-register.ts reads the sheet). */
export interface IncidentRegisterEntry {
  incidentId: string;
  /** YYYY-MM-DD, the event's business date. */
  date: string;
  /** opened, contained, root-cause, action, implemented, recurred, not-effective, verified, closed. */
  event: string;
  partNo: string;
  partName: string;
  failureName: string;
  supplier: string;
  /** Set on root-cause and closed rows; null elsewhere. */
  supplierResponsible: boolean | null;
  costFen: number;
  /** The row as the user sees it in the sheet (1-based), for error messages. */
  row?: number;
  /** The 费用 cell as written when it is not an amount (costFen is then 0): supplier recovery refuses it. */
  costUnreadable?: string;
  /** The 供应商责任 cell as written when it is neither yes nor no (supplierResponsible is then null). */
  responsibilityUnreadable?: string;
}

export type IncidentState =
  | 'opened'
  | 'contained'
  | 'root-cause'
  | 'action'
  | 'implemented'
  | 'recurred'
  | 'not-effective'
  | 'verified'
  | 'closed';

export interface IncidentMonthRow {
  incidentId: string;
  partNo: string;
  partName: string;
  failureName: string;
  supplier: string;
  openedOn: string;
  closedOn: string | null;
  /** The last event on or before the month's last day. */
  state: IncidentState;
  openedInMonth: boolean;
  closedInMonth: boolean;
  supplierResponsible: boolean | null;
  costFen: number;
}

/** How the register and the reports name each state: [中文, English]. */
export const INCIDENT_STATE_LABELS: Record<IncidentState, [string, string]> = {
  opened: ['开立', 'opened'],
  contained: ['已遏制', 'contained'],
  'root-cause': ['已分析原因', 'root cause found'],
  action: ['纠正措施已制定', 'action planned'],
  implemented: ['措施已完成', 'action done'],
  recurred: ['验证期复发', 'recurred'],
  'not-effective': ['措施无效', 'not effective'],
  verified: ['验证有效', 'verified'],
  closed: ['已关闭', 'closed'],
};

/** The states in the order an incident goes through them (ties on one date resolve to the later). */
export const INCIDENT_STATES = [
  'opened',
  'contained',
  'root-cause',
  'action',
  'implemented',
  'recurred',
  'not-effective',
  'verified',
  'closed',
] as const satisfies readonly IncidentState[];
const ORDER: readonly IncidentState[] = INCIDENT_STATES;
const rank = (e: string): number => {
  const i = ORDER.indexOf(e as IncidentState);
  return i < 0 ? -1 : i;
};

/** Incidents opened or closed in `period` (YYYY-MM), with their state at its end; opened first, then by id. */
export function incidentsOfMonth(entries: readonly IncidentRegisterEntry[], period: string): IncidentMonthRow[] {
  const end = `${period}-31`;
  const byId = new Map<string, IncidentRegisterEntry[]>();
  for (const e of entries) {
    if (!e.incidentId || rank(e.event) < 0) continue;
    const list = byId.get(e.incidentId);
    if (list) list.push(e);
    else byId.set(e.incidentId, [e]);
  }
  const rows: IncidentMonthRow[] = [];
  for (const [incidentId, list] of byId) {
    const opened = list.find((e) => e.event === 'opened');
    if (!opened) continue;
    const closed = list.find((e) => e.event === 'closed');
    const openedInMonth = opened.date.startsWith(period);
    const closedInMonth = !!closed && closed.date.startsWith(period);
    if (!openedInMonth && !closedInMonth) continue;
    // The state at the month's end: the latest event dated in or before the month (the register's order breaks ties).
    const upToEnd = list.filter((e) => e.date <= end);
    const last = upToEnd.reduce((a, b) =>
      b.date > a.date || (b.date === a.date && rank(b.event) >= rank(a.event)) ? b : a,
    );
    const responsibility = [...list].reverse().find((e) => e.supplierResponsible !== null && e.date <= end);
    rows.push({
      incidentId,
      partNo: opened.partNo,
      partName: opened.partName,
      failureName: opened.failureName,
      supplier: responsibility?.supplier || opened.supplier,
      openedOn: opened.date,
      closedOn: closed && closed.date <= end ? closed.date : null,
      state: last.event as IncidentState,
      openedInMonth,
      closedInMonth,
      supplierResponsible: responsibility?.supplierResponsible ?? null,
      costFen: closed && closed.date <= end ? closed.costFen : 0,
    });
  }
  return rows.sort(
    (a, b) => Number(b.openedInMonth) - Number(a.openedInMonth) || (a.incidentId < b.incidentId ? -1 : 1),
  );
}

export interface SupplierIncidentCost {
  incidentId: string;
  supplier: string;
  closedOn: string;
  partNo: string;
  partName: string;
  failureName: string;
  costFen: number;
  /** The register row the cost was read from. */
  row?: number;
}

const closedIn = (e: IncidentRegisterEntry, period: string): boolean =>
  e.event === 'closed' && !!e.incidentId && e.date.startsWith(`${period}-`);

/**
 * Supplier-responsible incidents closed in `period` with a cost: what supplier recovery claims besides returns.
 * Once per incident (the register keys its closing row `<id>#closed`; a row copied by hand counts once, the first).
 */
export function supplierIncidentCosts(
  entries: readonly IncidentRegisterEntry[],
  period: string,
): SupplierIncidentCost[] {
  const seen = new Set<string>();
  return entries
    .filter((e) => closedIn(e, period) && e.supplierResponsible === true && e.costFen > 0)
    .filter((e) => !seen.has(e.incidentId) && !!seen.add(e.incidentId))
    .map((e) => ({
      incidentId: e.incidentId,
      supplier: e.supplier,
      closedOn: e.date,
      partNo: e.partNo,
      partName: e.partName,
      failureName: e.failureName,
      costFen: e.costFen,
      ...(e.row !== undefined ? { row: e.row } : {}),
    }))
    .sort((a, b) =>
      a.closedOn < b.closedOn ? -1 : a.closedOn > b.closedOn ? 1 : a.incidentId < b.incidentId ? -1 : 1,
    );
}

/** A closing row of the month that supplier recovery cannot read: which cell, what it holds. */
export interface IncidentCostProblem {
  incidentId: string;
  row?: number;
  column: '费用' | '供应商责任';
  value: string;
  reason: string;
}

/**
 * Closing rows of `period` whose cost or responsibility cannot be read where it decides a claim: a cost that is not
 * an amount on a supplier-responsible row, a responsibility that is neither yes nor no. Counting them as 0 or "not
 * the supplier" would understate a claim without anyone seeing it.
 */
export function incidentCostProblems(entries: readonly IncidentRegisterEntry[], period: string): IncidentCostProblem[] {
  const out: IncidentCostProblem[] = [];
  for (const e of entries) {
    if (!closedIn(e, period)) continue;
    const at = { incidentId: e.incidentId, ...(e.row !== undefined ? { row: e.row } : {}) };
    if (e.responsibilityUnreadable !== undefined)
      out.push({
        ...at,
        column: '供应商责任',
        value: e.responsibilityUnreadable,
        reason: 'neither 是 nor 否 (yes / no): whether the supplier is responsible decides the claim',
      });
    else if (e.supplierResponsible === true && e.costUnreadable !== undefined)
      out.push({
        ...at,
        column: '费用',
        value: e.costUnreadable,
        reason: 'not an amount in yuan: the cost of a supplier-responsible incident is claimed from the supplier',
      });
    else if (e.supplierResponsible === true && e.costFen < 0)
      out.push({
        ...at,
        column: '费用',
        value: (e.costFen / 100).toFixed(2),
        reason: 'a negative cost: what a supplier-responsible incident cost is claimed from the supplier',
      });
  }
  return out;
}
