import { describe, expect, it } from 'vitest';
import {
  batchSupplierClaims,
  claimAgeDays,
  claimReminderDays,
  isClaimAged,
  localDate,
  localMonth,
  previousMonth,
  supplierClaimNo,
  supplierCodeOf,
  type InspectionRecord,
} from '../../../domain/returns';

const rec = (
  returnNo: string,
  date: string,
  supplier: string,
  verdict: string,
  creditFen: number,
  qty = 1,
): InspectionRecord => ({
  returnNo,
  date,
  dealerId: 'D001',
  partNo: 'P',
  partName: '件',
  supplier,
  verdict,
  qty,
  failureMode: '',
  creditFen,
});
const directory = [{ code: 'HXZD', name: '浙江华信制动系统有限公司', email: 'c@hx.cn' }];

describe('batchSupplierClaims', () => {
  it('groups the month’s supplier-responsible inspections per supplier, once per return', () => {
    const batches = batchSupplierClaims(
      [
        rec('R3', '2026-11-20', '浙江华信制动系统有限公司', 'supplier-responsible', 100, 2),
        rec('R1', '2026-11-03', ' 浙江华信制动系统有限公司', 'supplier-responsible', 250),
        rec('R1', '2026-11-03', '浙江华信制动系统有限公司', 'supplier-responsible', 250),
        rec('R2', '2026-11-04', '宁波东昇汽车电器有限公司', 'supplier-responsible', 999),
        rec('R4', '2026-11-05', '浙江华信制动系统有限公司', 'warranty-accepted', 50),
        rec('R5', '2026-10-31', '浙江华信制动系统有限公司', 'supplier-responsible', 70),
        rec('R6', '2026-11-06', '', 'supplier-responsible', 70),
      ],
      '2026-11',
      directory,
    );
    const hx = batches.find((b) => b.supplierCode === 'HXZD')!;
    expect(hx).toMatchObject({ supplierName: '浙江华信制动系统有限公司', qty: 3, totalFen: 350 });
    expect(hx.lines.map((l) => l.returnNo)).toEqual(['R1', 'R3']);
    const other = batches.find((b) => b.supplierCode !== 'HXZD')!;
    expect(other.supplierCode).toBe(supplierCodeOf('宁波东昇汽车电器有限公司', directory));
    expect(batches).toHaveLength(2);
  });

  it('gives suppliers outside the directory a stable code usable in a workflow id', () => {
    const a = supplierCodeOf('宁波东昇汽车电器有限公司', []);
    expect(a).toMatch(/^S[0-9A-F]{8}$/);
    expect(supplierCodeOf(' 宁波东昇汽车电器有限公司 ', [])).toBe(a);
    expect(supplierCodeOf('重庆川渝减震器厂', [])).not.toBe(a);
    expect(supplierCodeOf('hxzd', directory)).toBe('HXZD');
    expect(supplierClaimNo('2026-11', 'HXZD')).toBe('SC-2026-11-HXZD');
  });
});

describe('claim aging and dates', () => {
  it('ages in whole days and reminds strictly before the limit', () => {
    const t0 = Date.UTC(2026, 11, 1);
    expect(claimAgeDays(t0, t0 + 29.9 * 86_400_000)).toBe(29);
    expect(isClaimAged(t0, t0 + 29.9 * 86_400_000, 30)).toBe(false);
    expect(isClaimAged(t0, t0 + 30 * 86_400_000, 30)).toBe(true);
    expect(claimReminderDays(7, 30)).toEqual([7, 14, 21, 28]);
    expect(claimReminderDays(10, 30)).toEqual([10, 20]);
    expect(claimReminderDays(0, 30)).toEqual([]);
  });

  it('takes calendar dates in the company time zone', () => {
    const late = Date.parse('2026-11-30T17:00:00Z');
    expect(localDate(late, 'Asia/Shanghai')).toBe('2026-12-01');
    expect(localDate(late, 'UTC')).toBe('2026-11-30');
    expect(localMonth(late, 'Asia/Shanghai')).toBe('2026-12');
    expect(previousMonth('2026-01')).toBe('2025-12');
    expect(previousMonth('2026-11')).toBe('2026-10');
  });
});
