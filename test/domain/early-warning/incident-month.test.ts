import { describe, expect, it } from 'vitest';
import { incidentsOfMonth, supplierIncidentCosts, type IncidentRegisterEntry } from '../../../domain/early-warning';

const row = (incidentId: string, date: string, event: string, extra: Partial<IncidentRegisterEntry> = {}) => ({
  incidentId,
  date,
  event,
  partNo: 'DP-1230',
  partName: '制动盘',
  failureName: '异响',
  supplier: '华信',
  supplierResponsible: null,
  costFen: 0,
  ...extra,
});

// A: opened in October, closed in November (supplier, ¥12,500). B: opened in November, contained, root cause
// (not the supplier) in November, still open. C: opened and closed in October. D: opened in November, closed in
// December (after the month). E: a row of an unknown event and a row without an incident are ignored.
const REGISTER: IncidentRegisterEntry[] = [
  row('A', '2026-10-20', 'opened'),
  row('A', '2026-10-21', 'contained'),
  row('A', '2026-10-22', 'root-cause', { supplierResponsible: true }),
  row('A', '2026-11-25', 'verified'),
  row('A', '2026-11-25', 'closed', { supplierResponsible: true, costFen: 1_250_000 }),
  row('B', '2026-11-13', 'opened', { partNo: 'BK-2001', failureName: '漏油', supplier: '津海' }),
  row('B', '2026-11-14', 'contained', { partNo: 'BK-2001' }),
  row('B', '2026-11-20', 'root-cause', { partNo: 'BK-2001', supplierResponsible: false, supplier: '津海' }),
  row('C', '2026-10-01', 'opened'),
  row('C', '2026-10-30', 'closed', { supplierResponsible: true, costFen: 500 }),
  row('D', '2026-11-28', 'opened'),
  row('D', '2026-12-02', 'contained'),
  row('D', '2026-12-20', 'closed', { supplierResponsible: true, costFen: 90_000 }),
  row('E', '2026-11-10', 'archived'),
  row('', '2026-11-10', 'opened'),
];

describe('the incident register for one month', () => {
  it('lists the incidents opened or closed in it, opened first, each in its state at the month end', () => {
    expect(
      incidentsOfMonth(REGISTER, '2026-11').map((r) => [
        r.incidentId,
        r.state,
        r.openedInMonth,
        r.closedInMonth,
        r.closedOn,
        r.supplierResponsible,
        r.costFen,
      ]),
    ).toEqual([
      ['B', 'root-cause', true, false, null, false, 0],
      ['D', 'opened', true, false, null, null, 0],
      ['A', 'closed', false, true, '2026-11-25', true, 1_250_000],
    ]);
    // The responsible supplier named at the root cause wins over the first row's.
    expect(incidentsOfMonth(REGISTER, '2026-11')[0]).toMatchObject({
      partNo: 'BK-2001',
      supplier: '津海',
      openedOn: '2026-11-13',
    });
    expect(incidentsOfMonth(REGISTER, '2026-12').map((r) => [r.incidentId, r.state])).toEqual([['D', 'closed']]);
    expect(incidentsOfMonth(REGISTER, '2026-09')).toEqual([]);
  });

  it('supplier recovery claims the closed, supplier-responsible incidents of the month that carry a cost', () => {
    expect(supplierIncidentCosts(REGISTER, '2026-11')).toEqual([
      {
        incidentId: 'A',
        supplier: '华信',
        closedOn: '2026-11-25',
        partNo: 'DP-1230',
        partName: '制动盘',
        failureName: '异响',
        costFen: 1_250_000,
      },
    ]);
    expect(supplierIncidentCosts(REGISTER, '2026-10').map((c) => c.incidentId)).toEqual(['C']);
  });
});
