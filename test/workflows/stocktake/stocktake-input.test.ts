// Business ids, tab names and the input built from the config (money in yuan → fen, tolerance groups).
import { describe, expect, it } from 'vitest';
import { defaultDocNoPrefix, resultTabName } from '../../../workflows/stocktake-input';
import { adhocTag, stocktakeWorkflowId } from '../../../workflows/stocktake';
import { makeTestConfig } from '../../support/test-config';
import { lastDayOf, parsePeriod, type Period } from '../../../domain/calendar';
import { stocktakeInputFromConfig } from '../../../config/start-inputs/stocktake-input';

describe('stocktake ids and input', () => {
  it('names the monthly and ad hoc runs by business id', () => {
    expect(stocktakeWorkflowId(parsePeriod('2026-11'), 'new-parts')).toBe('stocktake-2026-11-new-parts');
    expect(stocktakeWorkflowId(parsePeriod('2026-11'), 'old-parts', adhocTag('202611151030'))).toBe(
      'stocktake-2026-11-old-parts-adhoc-202611151030',
    );
    expect(stocktakeWorkflowId(parsePeriod('2026-11'), 'new-parts', 'Rack-A05')).toBe(
      'stocktake-2026-11-new-parts-rack-a05',
    );
    expect(() => stocktakeWorkflowId('2026-1' as Period, 'new-parts')).toThrow(/period/);
    expect(() => stocktakeWorkflowId(parsePeriod('2026-11'), 'new parts')).toThrow(/warehouse/);
    expect(() => stocktakeWorkflowId(parsePeriod('2026-11'), 'new-parts', 'a/b')).toThrow(/tag/);
    expect(() => adhocTag('2026-11-15')).toThrow(/yyyyMMddHHmm/);
  });

  it('keeps result tab names within Excel’s 31 characters and distinct per tag', () => {
    expect(resultTabName('盘点调整', parsePeriod('2026-11'), '新件库')).toBe('盘点调整 2026-11 新件库');
    expect(resultTabName('盘点调整', parsePeriod('2026-11'), '新件库', 'adhoc-202611151030')).toBe(
      '盘点调整 2026-11 新件库 202611151030',
    );
    const a = resultTabName(
      'Book after count',
      parsePeriod('2026-11'),
      'new parts warehouse',
      'a-very-long-caller-tag-1',
    );
    const b = resultTabName(
      'Book after count',
      parsePeriod('2026-11'),
      'new parts warehouse',
      'a-very-long-caller-tag-2',
    );
    expect(a.length).toBeLessThanOrEqual(31);
    expect(a).not.toBe(b);
    expect(lastDayOf(parsePeriod('2026-02'))).toBe('2026-02-28');
    expect(lastDayOf(parsePeriod('2028-02'))).toBe('2028-02-29');
    expect(defaultDocNoPrefix('old-parts')).toBe('PD-OP');
    expect(defaultDocNoPrefix('new-parts', 'adhoc-202611151030')).toBe('PD-NP-ADHOC-202611151030');
  });

  it('builds the workflow input from the config: counters, tiers in fen, tolerances by warehouse name', () => {
    const cfg = makeTestConfig({
      smtpPort: 2525,
      patch: {
        stocktake: {
          countDeadline: '2 days',
          tolerances: {
            default: { absQty: 1, percent: 5, value: 50 },
            byWarehouse: { 'old-parts': { absQty: 3 } },
            byCategory: { 紧固件: { absQty: 5, percent: 2, value: '20.50' } },
          },
          approvalTiers: [
            { approver: { name: '王经理', email: 'manager@example.cn' }, maxValue: '5,000' },
            { approver: { name: '吴总监', email: 'director@example.cn' } },
          ],
          warehouses: [{ id: 'old-parts', name: '旧件库', counters: [{ name: '周仓管', email: 'wh-old@example.cn' }] }],
        },
      },
    });
    const input = stocktakeInputFromConfig(cfg, { period: '{period}' as Period, warehouseId: 'old-parts' });
    expect(input.period).toBe('{period}');
    expect(input.warehouse).toEqual({ id: 'old-parts', name: '旧件库' });
    expect(input.counters.map((c) => c.name)).toEqual(['周仓管']);
    expect(input.countDeadline).toBe('2 days');
    expect(input.approvalTiers.map((t) => t.maxValueFen)).toEqual([500_000, null]);
    expect(input.tolerances.default).toEqual({ absQty: 1, percent: 5, valueFen: 5000 });
    expect(input.tolerances.byWarehouse?.['旧件库']?.absQty).toBe(3);
    expect(input.tolerances.byCategory?.['紧固件']?.valueFen).toBe(2050);
    expect(input.blind).toBe(true);
    expect(() => stocktakeInputFromConfig(cfg, { period: parsePeriod('2026-11'), warehouseId: 'new-parts' })).toThrow(
      /old-parts/,
    );
  });
});
