import type { FailureModeCatalogue, ProductionVolume, QualityEvent } from '../../../domain/quality';
import { parsePeriod } from '../../../domain/calendar';

/**
 * Hand-made month for the golden tests: report period 2026-11, window 2026-05 … 2026-11.
 * 30 rows: 1 outside the window (r0), 2 duplicates (r16 → r17 across the month boundary, r21 → r20),
 * so 27 events remain. Per mode after cleaning (months 05 06 07 08 09 10 11):
 *   F01 漏油 (制造)      1 1 0 1 1 1 4     r1 r3 r7 r9 r12 | r17 r18 r19 r20
 *   F02 异响 (装配)      1 0 1 1 1 1 2     r2 r5 r8 r10 r13 | r22 r23
 *   F03 电路故障 (设计)  0 1 1 0 1 1 1     r4 r6 r11 r14 | r24
 *   F04 密封件老化 (供应商) 0 0 0 0 0 1 2  r15 | r25 (qty 2) r26
 *   F05 焊点开裂 (制造)  0 0 0 0 0 0 1     r27 (r0 in 2026-04 is outside the window)
 *   F06 油封漏油 (供应商) 0 0 0 0 0 0 1    r28 ('油封\u3000漏油。': ideographic space and full stop normalised away)
 *   UNMAPPED 未归类      0 0 0 0 0 0 1     r29 ('仪表盘闪烁')
 *   total                2 2 2 2 3 4 12
 */
export const CATALOGUE: FailureModeCatalogue = [
  { code: 'F01', name: '漏油', category: '制造', synonyms: ['渗油', 'oil leak'] },
  { code: 'F02', name: '异响', category: '装配', synonyms: ['噪音', 'abnormal noise', '有异响'] },
  { code: 'F03', name: '电路故障', category: '设计', synonyms: ['短路', '断路', '线束短路'] },
  { code: 'F04', name: '密封件老化', category: '供应商', synonyms: ['密封圈老化'] },
  { code: 'F05', name: '焊点开裂', category: '制造', synonyms: ['焊缝开裂'] },
  { code: 'F06', name: '油封漏油', category: '供应商', synonyms: [] },
];

const ref = (row: number) => ({ file: 'quality.xlsx', sheet: '质量信息', row: row + 2 });

type Partial = Omit<QualityEvent, 'qty' | 'ref'> & { qty?: number };
const rows: Partial[] = [
  /* r0  */ { date: '2026-04-30', source: 'inspection', model: 'XD-30', partNo: 'JK-5005', failureMode: '焊点开裂' },
  /* r1  */ {
    date: '2026-05-06',
    source: 'complaint',
    model: 'XD-30',
    partNo: 'ab-1001 ',
    failureMode: '漏油',
    region: '华东',
    dealerId: 'D01',
    closedAt: '2026-05-08',
  },
  /* r2  */ {
    date: '2026-05-20',
    source: 'call',
    model: 'XD-50',
    partNo: 'CD-2002',
    failureMode: '异响',
    vin: 'LVIN0002',
    region: '华北',
    dealerId: 'D02',
  },
  /* r3  */ { date: '2026-06-11', source: 'inspection', model: 'XD-30', partNo: 'AB-1001', failureMode: '渗油' },
  /* r4  */ { date: '2026-06-15', source: 'complaint', model: 'XD-50', partNo: 'EF-3003', failureMode: '短路' },
  /* r5  */ { date: '2026-07-02', source: 'return', model: 'XD-30', partNo: 'CD-2002', failureMode: '噪音' },
  /* r6  */ { date: '2026-07-19', source: 'inspection', model: 'XD-30', partNo: 'EF-3003', failureMode: '电路故障' },
  /* r7  */ { date: '2026-08-08', source: 'complaint', model: 'XD-30', partNo: 'AB-1001', failureMode: 'oil leak' },
  /* r8  */ { date: '2026-08-21', source: 'call', model: 'XD-50', partNo: 'CD-2002', failureMode: 'Abnormal Noise' },
  /* r9  */ {
    date: '2026-09-10',
    source: 'inspection',
    model: 'XD-30',
    partNo: 'AB-1001',
    failureMode: '漏油',
    vin: 'LVIN0001',
  },
  /* r10 */ { date: '2026-09-14', source: 'complaint', model: 'XD-30', partNo: 'CD-2002', failureMode: '异响' },
  /* r11 */ { date: '2026-09-25', source: 'call', model: 'XD-50', partNo: 'EF-3003', failureMode: '断路' },
  /* r12 */ { date: '2026-10-09', source: 'inspection', model: 'XD-30', partNo: 'AB-1001', failureMode: '漏油' },
  /* r13 */ { date: '2026-10-15', source: 'complaint', model: 'XD-30', partNo: 'CD-2002', failureMode: '异响' },
  /* r14 */ { date: '2026-10-22', source: 'return', model: 'XD-30', partNo: 'EF-3003', failureMode: '电路故障' },
  /* r15 */ {
    date: '2026-10-27',
    source: 'inspection',
    model: 'XD-50',
    partNo: 'GH-4004',
    failureMode: '密封圈老化',
    supplier: '恒达密封',
  },
  /* r16 */ {
    date: '2026-10-30',
    source: 'call',
    model: 'XD-30',
    partNo: 'AB-1001',
    failureMode: '漏油',
    vin: 'lvin-0005',
  },
  /* r17 */ {
    date: '2026-11-02',
    source: 'complaint',
    model: 'XD-30',
    partNo: 'AB-1001',
    partName: '机油滤清器',
    failureMode: '漏油',
    supplier: '宏发油封',
    vin: 'LVIN0005',
    region: '华东',
    dealerId: 'D01',
    description: '发动机底部漏油',
    closedAt: '2026-11-04',
  },
  /* r18 */ {
    date: '2026-11-05',
    source: 'inspection',
    model: 'XD-30',
    partNo: 'AB 1001',
    failureMode: '渗油',
    vin: 'LVIN0001',
  },
  /* r19 */ {
    date: '2026-11-03',
    source: 'complaint',
    model: 'XD-30',
    partNo: 'ab-1001',
    failureMode: '漏油',
    vin: 'LVIN0003',
    region: '华南',
    dealerId: 'D03',
    closedAt: '2026-11-07',
  },
  /* r20 */ {
    date: '2026-11-08',
    source: 'complaint',
    model: 'XD-50',
    partNo: 'AB-1001',
    failureMode: '漏油',
    vin: 'LVIN0004',
    region: '华北',
    dealerId: 'd02',
    closedAt: '2026-11-13',
  },
  /* r21 */ {
    date: '2026-11-10',
    source: 'inspection',
    model: 'XD-50',
    partNo: 'AB-1001',
    failureMode: '漏油',
    vin: 'LVIN0004',
  },
  /* r22 */ {
    date: '2026-11-12',
    source: 'call',
    model: 'XD-30',
    partNo: 'CD-2002',
    failureMode: '异响',
    vin: 'LVIN0002',
    region: '华东',
    dealerId: 'D01',
    closedAt: '2026-11-22',
  },
  /* r23 */ {
    date: '2026-11-20',
    source: 'complaint',
    model: 'XD-50',
    partNo: 'CD-2002',
    failureMode: '有异响',
    vin: 'LVIN0003',
    region: '华南',
    dealerId: 'D03',
  },
  /* r24 */ {
    date: '2026-11-16',
    source: 'call',
    model: 'XD-70',
    partNo: 'EF-3003',
    failureMode: '线束短路',
    region: '华北',
    dealerId: 'D02',
    closedAt: '2026-11-15',
  },
  /* r25 */ {
    date: '2026-11-09',
    source: 'inspection',
    model: 'xd－30',
    partNo: 'GH-4004',
    failureMode: '密封件老化',
    supplier: '恒达密封',
    region: '华东',
    qty: 2,
  },
  /* r26 */ { date: '2026-11-18', source: 'return', model: 'XD-50', partNo: 'GH-4004', failureMode: 'F04' },
  /* r27 */ { date: '2026-11-21', source: 'inspection', model: 'XD-30', partNo: 'JK-5005', failureMode: '焊缝开裂' },
  /* r28 */ {
    date: '2026-11-25',
    source: 'return',
    model: 'XD-30',
    partNo: 'LM-6006',
    failureMode: '油封\u3000漏油。',
    supplier: '华远橡胶',
  },
  /* r29 */ {
    date: '2026-11-28',
    source: 'inspection',
    model: 'XD-30',
    partNo: 'NP-9009',
    failureMode: '仪表盘闪烁',
    description: '仪表盘偶发闪烁',
  },
];

export const EVENTS: QualityEvent[] = rows.map((r, i) => ({ ...r, qty: r.qty ?? 1, ref: ref(i) }));

/** XD-30 also has an October volume (window PPM); XD-90 has a volume but no failures; XD-70 has no volume. */
export const VOLUMES: ProductionVolume[] = [
  { month: parsePeriod('2026-10'), model: 'XD-30', volume: 2500 },
  { month: parsePeriod('2026-11'), model: 'xd－30', volume: 2000 },
  { month: parsePeriod('2026-11'), model: 'XD-50', volume: 1000 },
  { month: parsePeriod('2026-11'), model: 'XD-90', volume: 500 },
];
