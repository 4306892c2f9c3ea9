import { describe, expect, it } from 'vitest';
import {
  batchSupplierClaims,
  claimAgeDays,
  claimReminderDays,
  isClaimAged,
  dispositionOf,
  findSupplier,
  supplierClaimNo,
  type InspectionRecord,
  type SupplierContact,
} from '../../../domain/returns';
import { localDate, localPeriod, parsePeriod, previousPeriod } from '../../../domain/calendar';

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
  partNo: supplier ? `P-${returnNo}` : 'P-NONE',
  partName: '件',
  supplier,
  verdict,
  qty,
  failureMode: '',
  creditFen,
});
const directory = [{ code: 'HXZD', name: '浙江华信制动系统有限公司', email: 'c@hx.cn' }];

describe('batchSupplierClaims', () => {
  // The catalogue: part → supplier code, contact and address (the activity builds this resolver from 配件目录).
  const catalogue = (r: InspectionRecord): SupplierContact | undefined =>
    r.supplier.includes('华信')
      ? { code: 'HXZD', name: '浙江华信制动系统有限公司', contact: '孙主任', email: 'claims-hxzd@suppliers.example.cn' }
      : r.supplier.includes('东昇')
        ? { code: 'NBDS', name: '宁波东昇汽车电器有限公司', email: 'claims-nbds@suppliers.example.cn' }
        : findSupplier(r.supplier, directory);

  it('groups the month’s supplier-responsible inspections per catalogue supplier, once per return', () => {
    const { batches, unassigned } = batchSupplierClaims(
      [
        rec('R3', '2026-11-20', '浙江华信制动系统有限公司', 'supplier-responsible', 100, 2),
        rec('R1', '2026-11-03', ' 浙江华信制动系统有限公司', 'supplier-responsible', 250),
        rec('R1', '2026-11-03', '浙江华信制动系统有限公司', 'supplier-responsible', 250),
        rec('R2', '2026-11-04', '宁波东昇汽车电器有限公司', 'supplier-responsible', 999),
        rec('R4', '2026-11-05', '浙江华信制动系统有限公司', 'warranty-accepted', 50),
        rec('R5', '2026-10-31', '浙江华信制动系统有限公司', 'supplier-responsible', 70),
        rec('R6', '2026-11-06', '', 'supplier-responsible', 70),
        rec('R7', '2026-11-07', '某不知名厂', 'supplier-responsible', 30),
      ],
      '2026-11',
      catalogue,
    );
    expect(batches.map((b) => b.supplierCode)).toEqual(['HXZD', 'NBDS']);
    const hx = batches[0]!;
    expect(hx).toMatchObject({ supplierName: '浙江华信制动系统有限公司', contact: '孙主任', qty: 3, totalFen: 350 });
    expect(hx.email).toBe('claims-hxzd@suppliers.example.cn');
    expect(hx.lines.map((l) => l.returnNo)).toEqual(['R1', 'R3']);
    // No invented codes: a line nobody knows the supplier of is listed, not claimed.
    expect(unassigned.map((r) => r.returnNo)).toEqual(['R6', 'R7']);
  });

  it('finds directory suppliers by code or name, whitespace and width ignored', () => {
    expect(findSupplier('hxzd', directory)?.code).toBe('HXZD');
    expect(findSupplier(' 浙江华信制动系统有限公司 ', directory)?.code).toBe('HXZD');
    expect(findSupplier('', directory)).toBeUndefined();
    expect(supplierClaimNo('2026-11', 'HXZD')).toBe('SC-2026-11-HXZD');
  });

  it('says what happens to the part under the verdict (处理方式)', () => {
    expect(dispositionOf('supplier-responsible', 2)).toBe('入索赔区 2 件，向供应商索赔');
    expect(dispositionOf('warranty-accepted', 1)).toContain('报废区 1 件');
    expect(dispositionOf('rejected-not-warranty', 0)).toBe('不属三包：不入库，不予抵扣');
    expect(dispositionOf('no-fault-found', 1, 'en')).toBe('No fault found: not taken in, no credit');
    expect(dispositionOf('warranty-accepted', 0)).toContain('认可数量为 0');
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
    expect(localPeriod(late, 'Asia/Shanghai')).toBe('2026-12');
    expect(previousPeriod(parsePeriod('2026-01'))).toBe('2025-12');
    expect(previousPeriod(parsePeriod('2026-11'))).toBe('2026-10');
  });
});
