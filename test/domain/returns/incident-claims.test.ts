// Supplier-responsible incident costs joined to the month's supplier claims: matched by supplier code (or name),
// summed with the returns lines, once per incident, unknown suppliers listed; and the register cells refused.
import { describe, expect, it } from 'vitest';
import {
  incidentCostProblems,
  supplierIncidentCosts,
  type IncidentRegisterEntry,
  type SupplierIncidentCost,
} from '../../../domain/early-warning';
import {
  addIncidentCosts,
  batchSupplierClaims,
  findSupplier,
  type InspectionRecord,
  type SupplierContact,
} from '../../../domain/returns';

const DIRECTORY: SupplierContact[] = [
  { code: 'HXZD', name: '浙江华信制动系统有限公司', email: 'claims@huaxin.example.cn' },
  { code: 'HLZD', name: '华力制动' },
];

const inspection = (returnNo: string, supplier: string, creditFen: number): InspectionRecord => ({
  returnNo,
  date: '2026-11-10',
  dealerId: 'D001',
  partNo: 'BRK-1001',
  partName: '制动盘',
  supplier,
  verdict: 'supplier-responsible',
  qty: 1,
  failureMode: '异响',
  creditFen,
});

const closing = (incidentId: string, extra: Partial<IncidentRegisterEntry> = {}): IncidentRegisterEntry => ({
  incidentId,
  date: '2026-11-20',
  event: 'closed',
  partNo: 'DP-1230',
  partName: '减振器',
  failureName: '异响',
  supplier: 'HXZD',
  supplierResponsible: true,
  costFen: 150_000,
  ...extra,
});

const byName = (c: SupplierIncidentCost) => findSupplier(c.supplier, DIRECTORY);
const returns = batchSupplierClaims(
  [inspection('R1', '浙江华信制动系统有限公司', 64_000), inspection('R2', '浙江华信制动系统有限公司', 32_050)],
  '2026-11',
  (r) => findSupplier(r.supplier, DIRECTORY),
);

describe('supplier-responsible incident costs in the month’s claims', () => {
  it('adds each incident to its supplier’s batch by code or name, the total = returns lines + incident lines', () => {
    const costs = supplierIncidentCosts(
      [
        closing('incident-2026-11-DP-1230-异响', { supplier: 'hxzd' }), // the code, as typed
        closing('incident-2026-11-BK-2001-渗油', { supplier: '华力制动', costFen: 70_000, date: '2026-11-05' }),
        closing('incident-2026-11-DP-1230-卡滞', { date: '2026-11-28', costFen: 25_050 }),
      ],
      '2026-11',
    );
    const out = addIncidentCosts(returns, costs, byName);
    expect(
      out.batches.map((b) => [b.supplierCode, b.lines.length, b.incidents?.length, b.incidentFen, b.totalFen]),
    ).toEqual([
      ['HLZD', 0, 1, 70_000, 70_000], // a supplier with an incident only gets a batch of its own
      ['HXZD', 2, 2, 175_050, 96_050 + 175_050],
    ]);
    expect(out.batches[1]!.incidents!.map((i) => i.incidentId)).toEqual([
      'incident-2026-11-DP-1230-异响',
      'incident-2026-11-DP-1230-卡滞',
    ]);
    expect(out.batches[1]!.email).toBe('claims@huaxin.example.cn');
    expect(out.unassignedIncidents).toBeUndefined();
    // The returns batches given in are not changed.
    expect(returns.batches[0]!.totalFen).toBe(96_050);
  });

  it('counts an incident once, however often its closing row or the month is read', () => {
    const row = closing('incident-2026-11-DP-1230-异响', { row: 7 });
    const costs = supplierIncidentCosts([row, { ...row, row: 8 }], '2026-11');
    expect(costs).toEqual([expect.objectContaining({ incidentId: row.incidentId, row: 7 })]);
    const once = addIncidentCosts(returns, costs, byName);
    const twice = addIncidentCosts(once, costs, byName);
    expect(twice.batches.map((b) => b.totalFen)).toEqual([96_050 + 150_000]);
    expect(twice).toEqual(once);
  });

  it('claims only supplier-responsible incidents closed in the month with a cost', () => {
    const costs = supplierIncidentCosts(
      [
        closing('A', { supplierResponsible: false }),
        closing('B', { date: '2026-12-01' }),
        closing('C', { costFen: 0 }),
        closing('D', { event: 'verified' }),
        closing('E'),
      ],
      '2026-11',
    );
    expect(costs.map((c) => c.incidentId)).toEqual(['E']);
  });

  it('lists an incident whose supplier nobody knows, with its register row, and claims nothing for it', () => {
    const costs = supplierIncidentCosts([closing('X', { supplier: '无名配套厂', row: 4 })], '2026-11');
    const out = addIncidentCosts(returns, costs, byName);
    expect(out.batches.map((b) => b.totalFen)).toEqual([96_050]);
    expect(out.unassignedIncidents).toEqual([
      { incidentId: 'X', partNo: 'DP-1230', supplier: '无名配套厂', costFen: 150_000, row: 4 },
    ]);
  });

  it('names the closing rows whose cost or responsibility cannot be read where they decide a claim', () => {
    expect(
      incidentCostProblems(
        [
          closing('A', { costFen: 0, costUnreadable: '待定', row: 2 }),
          closing('B', { supplierResponsible: null, responsibilityUnreadable: '待确认', row: 3 }),
          closing('C', { costFen: -500, row: 4 }),
          closing('D', { supplierResponsible: false, costFen: 0, costUnreadable: 'n/a', row: 5 }), // not claimed anyway
          closing('E', { date: '2026-10-31', costFen: 0, costUnreadable: '?', row: 6 }), // another month
        ],
        '2026-11',
      ).map((p) => [p.incidentId, p.row, p.column, p.value]),
    ).toEqual([
      ['A', 2, '费用', '待定'],
      ['B', 3, '供应商责任', '待确认'],
      ['C', 4, '费用', '-5.00'],
    ]);
  });
});
