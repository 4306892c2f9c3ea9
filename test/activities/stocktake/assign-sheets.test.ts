// Who counts what: zones shared out by size, recount lines grouped per counter and zone.
import { describe, expect, it } from 'vitest';
import { assignRecount, assignZones } from '../../../activities/stocktake/assign-sheets';
import { stockLineKey, type LedgerLine } from '../../../domain/stocktake';

const line = (zone: string, i: number): LedgerLine => ({
  warehouse: '新件库',
  zone,
  partNo: `P${i}`,
  partName: '零件',
  location: `${zone}-${i}`,
  bookQty: 1,
  cardQty: 1,
  unitCostFen: 100,
});
const LINES = [
  ...Array.from({ length: 5 }, (_, i) => line('A区', i)),
  ...Array.from({ length: 3 }, (_, i) => line('B区', 10 + i)),
  ...Array.from({ length: 3 }, (_, i) => line('C区', 20 + i)),
  line('D区', 30),
];
const SUN = { name: '孙仓管', email: 'sun@example.cn' };
const QIAN = { name: '钱发货员', email: 'qian@example.cn' };

describe('assigning count sheets', () => {
  it('gives the largest zones first to the least-loaded counter, deterministically', () => {
    const a = assignZones(LINES, [SUN, QIAN]);
    expect(a.map((x) => [x.counter.name, x.zone, x.lineNos.length])).toEqual([
      ['孙仓管', 'A区', 5],
      ['孙仓管', 'D区', 1],
      ['钱发货员', 'B区', 3],
      ['钱发货员', 'C区', 3],
    ]);
    expect(a.flatMap((x) => x.lineNos).sort((p, q) => p - q)).toEqual(LINES.map((_, i) => i + 1));
    expect(assignZones(LINES, [SUN, QIAN])).toEqual(a);
    expect(() => assignZones(LINES, [])).toThrow(/no counters/);
  });

  it('groups recount lines per counter and zone, in snapshot order', () => {
    const key = (i: number) => stockLineKey(LINES[i]!.warehouse, LINES[i]!.location, LINES[i]!.partNo);
    const rl = (i: number, counter: string) => ({
      key: key(i),
      warehouse: '新件库',
      zone: LINES[i]!.zone,
      location: LINES[i]!.location,
      partNo: LINES[i]!.partNo,
      partName: '零件',
      reason: 'over-tolerance' as const,
      trippedRules: [],
      previousCounter: null,
      previousQty: null,
      counter,
    });
    const a = assignRecount(LINES, { lines: [rl(4, '钱发货员'), rl(1, '钱发货员'), rl(6, '孙仓管')] }, [SUN, QIAN]);
    expect(a.map((x) => [x.counter.name, x.zone, x.lineNos])).toEqual([
      ['孙仓管', 'B区', [7]],
      ['钱发货员', 'A区', [2, 5]],
    ]);
    expect(() => assignRecount(LINES, { lines: [rl(1, '别人')] }, [SUN, QIAN])).toThrow(/not a configured counter/);
  });
});
