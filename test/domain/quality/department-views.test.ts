import { describe, expect, it } from 'vitest';
import {
  DEFAULT_QUALITY_ROUTING,
  aggregateQualityEvents,
  buildDepartmentViews,
  cleanQualityEvents,
  withDepartmentRecipients,
  type DepartmentView,
} from '../../../domain/quality';
import { ConfigError } from '../../../domain/errors';
import { CATALOGUE, EVENTS, VOLUMES } from './golden-dataset';
import { parsePeriod } from '../../../domain/calendar';

const cleaned = cleanQualityEvents(EVENTS, CATALOGUE);
const agg = aggregateQualityEvents(parsePeriod('2026-11'), cleaned.events, { productionVolumes: VOLUMES });
const routing = withDepartmentRecipients(DEFAULT_QUALITY_ROUTING, {
  sales: { name: '营销部', emails: ['sales@example.cn'] },
  purchasing: { emails: ['buy@example.cn'] },
});
const views = buildDepartmentViews(agg, routing, {
  unmapped: cleaned.unmapped,
  supplierRecovery: [{ supplier: ' 恒达密封 ', claimedFen: 50_000, recoveredFen: 20_000, openClaims: 1 }],
});
function view<K extends DepartmentView['kind']>(kind: K): Extract<DepartmentView, { kind: K }> {
  return views.find((v) => v.kind === kind) as Extract<DepartmentView, { kind: K }>;
}

describe('department views from the routing table (golden month)', () => {
  it('one view per department, recipients from config', () => {
    expect(views.map((v) => [v.id, v.name, v.recipients])).toEqual([
      ['sales', '营销部', ['sales@example.cn']],
      ['production', '生产部', []],
      ['quality', '品质部', []],
      ['purchasing', '采购/配套部', ['buy@example.cn']],
      ['engineering', '技术部', []],
    ]);
    expect(views.every((v) => v.period === '2026-11' && v.months.length === 7)).toBe(true);
  });

  it('sales: complaints and calls only, by region and dealer, handling times', () => {
    const s = view('sales');
    // complaint r17 r19 r20 r23 + call r22 r24 = 6; r25 (华东) is an inspection and is not counted here.
    expect(s.totals).toEqual({ count: 6, qty: 6 });
    expect(s.bySource).toEqual([
      { source: 'complaint', count: 4, qty: 4 },
      { source: 'call', count: 2, qty: 2 },
    ]);
    expect(s.byRegion.map((r) => [r.key, r.count, r.sharePct])).toEqual([
      ['华东', 2, 33.33],
      ['华北', 2, 33.33],
      ['华南', 2, 33.33],
    ]);
    expect(s.byDealer.map((r) => [r.key, r.count])).toEqual([
      ['D01', 2],
      ['D02', 2],
      ['D03', 2],
    ]);
    expect(s.handling.overall.medianDays).toBe(4.5);
  });

  it('production: 制造/装配 modes only (F01, F02, F05)', () => {
    const p = view('production');
    // 4 + 2 + 1 = 7: F01 57.14 / 57.14 vital; F02 28.57 / 85.71 vital (57.14 < 80 before it); F05 14.29 / 100 cut.
    expect(p.totals).toEqual({ count: 7, qty: 7 });
    expect(p.pareto.rows.map((r) => [r.key, r.sharePct, r.cumulativePct, r.vital])).toEqual([
      ['F01', 57.14, 57.14, true],
      ['F02', 28.57, 85.71, true],
      ['F05', 14.29, 100, false],
    ]);
    // F01 [1,1,0,1,1,1,4] + F02 [1,0,1,1,1,1,2] + F05 [0,0,0,0,0,0,1]
    expect(p.groupTrend.monthly).toEqual([2, 1, 1, 2, 2, 2, 7]);
    expect(p.groupTrend.momChangePct).toBe(250);
    expect(p.trends.map((t) => t.key)).toEqual(['F01', 'F02', 'F05']);
    expect(p.byModel).toEqual([
      {
        model: 'XD-30',
        count: 5,
        qty: 5,
        topModes: [
          { code: 'F01', name: '漏油', count: 3 },
          { code: 'F02', name: '异响', count: 1 },
          { code: 'F05', name: '焊点开裂', count: 1 },
        ],
      },
      {
        model: 'XD-50',
        count: 2,
        qty: 2,
        topModes: [
          { code: 'F01', name: '漏油', count: 1 },
          { code: 'F02', name: '异响', count: 1 },
        ],
      },
    ]);
  });

  it('quality: full Pareto, trends, PPM, movers, repeats, new modes and the unmapped list', () => {
    const q = view('quality');
    expect(q.totals).toEqual({ count: 12, qty: 13 });
    expect(q.pareto.vitalCount).toBe(5);
    expect(q.overallTrend.vsAvg3Pct).toBe(300);
    expect(q.ppm.rows[0]).toMatchObject({ model: 'XD-30', ppm: 4000 });
    expect(q.repeats.total).toBe(2);
    expect(q.newFailureModes.map((m) => m.code)).toEqual(['F05', 'F06']);
    expect(q.unmapped.map((u) => [u.text, u.count])).toEqual([['仪表盘闪烁', 1]]);
    expect(q.byModel.map((r) => [r.key, r.sharePct])).toEqual([
      ['XD-30', 66.67],
      ['XD-50', 25],
      ['XD-70', 8.33],
    ]);
  });

  it('purchasing: supplier-attributable modes (F04, F06), ranking, unattributed, recovery status', () => {
    const p = view('purchasing');
    // F04: 恒达密封 (qty 2) and one without supplier (r26); F06: 华远橡胶. Equal counts, 恒达密封 ranks first on qty.
    expect(p.totals).toEqual({ count: 2, qty: 3 });
    expect(p.unattributed).toEqual({ count: 1, qty: 1 });
    expect(p.suppliers).toEqual([
      {
        rank: 1,
        key: '恒达密封',
        label: '恒达密封',
        count: 1,
        qty: 2,
        sharePct: 50,
        topModes: [{ code: 'F04', name: '密封件老化', count: 1 }],
        recovery: { status: 'partial', claimedFen: 50_000, recoveredFen: 20_000, openClaims: 1 },
      },
      {
        rank: 2,
        key: '华远橡胶',
        label: '华远橡胶',
        count: 1,
        qty: 1,
        sharePct: 50,
        topModes: [{ code: 'F06', name: '油封漏油', count: 1 }],
        recovery: { status: 'none', claimedFen: 0, recoveredFen: 0, openClaims: 0 },
      },
    ]);
    expect(p.allSuppliers.map((r) => r.key)).toEqual(['恒达密封', '华远橡胶', '宏发油封']);
  });

  it('engineering: design modes (F03) and all new modes', () => {
    const e = view('engineering');
    expect(e.totals).toEqual({ count: 1, qty: 1 });
    // F03 [0,1,1,0,1,1,1]
    expect(e.groupTrend).toMatchObject({ monthly: [0, 1, 1, 0, 1, 1, 1], avg3: 0.67, vsAvg3Pct: 50 });
    expect(e.byModel.map((m) => m.model)).toEqual(['XD-70']);
    expect(e.byPart.map((r) => [r.key, r.count])).toEqual([['EF-3003', 1]]);
    expect(e.newFailureModes.map((m) => m.code)).toEqual(['F05', 'F06']);
  });

  it('recovery status rules and duplicate department ids', () => {
    const recov = (claimedFen: number, recoveredFen: number, openClaims: number) =>
      (
        buildDepartmentViews(
          agg,
          { departments: [DEFAULT_QUALITY_ROUTING.departments[3]!] },
          {
            supplierRecovery: [{ supplier: '恒达密封', claimedFen, recoveredFen, openClaims }],
          },
        )[0] as Extract<DepartmentView, { kind: 'purchasing' }>
      ).suppliers[0]!.recovery.status;
    expect(recov(10_000, 10_000, 0)).toBe('recovered');
    expect(recov(10_000, 0, 1)).toBe('open');
    expect(recov(10_000, 10_000, 1)).toBe('partial');
    expect(recov(0, 0, 0)).toBe('none');
    const twice = { departments: [DEFAULT_QUALITY_ROUTING.departments[0]!, DEFAULT_QUALITY_ROUTING.departments[0]!] };
    expect(() => buildDepartmentViews(agg, twice)).toThrow(ConfigError);
  });
});
