import {
  stockLineKey,
  type CountLine,
  type LedgerLine,
  type Movement,
  type ToleranceConfig,
} from '../../../domain/stocktake';

/**
 * Hand-made snapshot of 新件库 at the 2026-11 cut-off (unit cost in fen):
 *   L1 A A-01-01 P100 螺栓M8      book 100 card 100  ¥0.50  紧固件
 *   L2 A A-01-02 P200 机油滤清器  book 20  card 20   ¥35
 *   L3 A A-02-01 P300 刹车片      book 10  card 12   ¥120   (账≠卡)
 *   L4 B B-01-01 P400 火花塞      book 50  card 50   ¥20
 *   L5 B B-01-02 P500 空气滤清器  book 0   card 0    ¥40
 *   L6 B B-02-01 P600 雨刮片      book 30  card 30   ¥15    (left uncounted)
 *   L7 B B-02-02 P700 大灯总成    book 5   card 5    ¥800   (2 issued after the cut-off)
 *   L8 A A-02-02 P800 减震器      book 8   card 7    ¥300   (账≠卡)
 */
const line = (
  zone: string,
  location: string,
  partNo: string,
  partName: string,
  bookQty: number,
  cardQty: number,
  unitCostFen: number,
  category?: string,
): LedgerLine => ({
  warehouse: '新件库',
  zone,
  location,
  partNo,
  partName,
  bookQty,
  cardQty,
  unitCostFen,
  ...(category ? { category } : {}),
});

export const LEDGER: LedgerLine[] = [
  line('A', 'A-01-01', 'P100', '螺栓M8', 100, 100, 50, '紧固件'),
  line('A', 'A-01-02', 'P200', '机油滤清器', 20, 20, 3500),
  line('A', 'A-02-01', 'P300', '刹车片', 10, 12, 12000),
  line('B', 'B-01-01', 'P400', '火花塞', 50, 50, 2000),
  line('B', 'B-01-02', 'P500', '空气滤清器', 0, 0, 4000),
  line('B', 'B-02-01', 'P600', '雨刮片', 30, 30, 1500),
  line('B', 'B-02-02', 'P700', '大灯总成', 5, 5, 80000),
  line('A', 'A-02-02', 'P800', '减震器', 8, 7, 30000),
];

export const KEYS = LEDGER.map((l) => stockLineKey(l.warehouse, l.location, l.partNo));

/** Default: 2 units, 5 %, ¥100. Fasteners (紧固件): 10 units, 10 %, ¥20. */
export const TOLERANCES: ToleranceConfig = {
  default: { absQty: 2, percent: 5, valueFen: 10_000 },
  byCategory: { 紧固件: { absQty: 10, percent: 10, valueFen: 2_000 } },
};

const count = (i: number, countedQty: number | null, counter: string, round = 1): CountLine => ({
  key: KEYS[i]!,
  countedQty,
  counter,
  countedAt: `2026-12-0${round}T10:00:00+08:00`,
  round,
});

/** Round 1: zone A counted by 孙仓管, zone B by 钱发货员; L6 left empty. */
export const ROUND1: CountLine[] = [
  count(0, 92, '孙仓管'),
  count(1, 19, '孙仓管'),
  count(2, 12, '孙仓管'),
  count(3, 47, '钱发货员'),
  count(4, 1, '钱发货员'),
  count(5, null, '钱发货员'),
  count(6, 3, '钱发货员'),
  count(7, 8, '孙仓管'),
];

export const MOVEMENTS: Movement[] = [
  { date: '2026-12-01', location: 'B-02-02', partNo: 'P700', qty: -2, docNo: 'CK-001' },
  { date: '2026-12-01', warehouse: '新件库', location: 'Z-99', partNo: 'P999', qty: 5, docNo: 'RK-002' },
];

export { count };
