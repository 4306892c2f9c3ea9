import {
  buildDealers,
  buildLedger,
  buildMovements,
  buildParts,
  buildVolumes,
  failureModeRows,
  type DealerRecord,
  type LedgerRecord,
  type MovementRecord,
  type PartRecord,
  type VolumeRecord,
} from './build-master-data';
import { buildBatchProblem, withBatchProblem } from './build-batch-problem';
import { SUPPLIER_INFO } from './catalog';
import { buildQualityEvents, buildReturns, type QualityEventRecord, type ReturnRecord } from './build-quality';
import { buildTransactions, type TransactionRecord } from './build-transactions';
import { monthsBack, periodInfo } from './dates';
import { layOutTable, messyDate, messyNumber, type BadRow } from './lay-out-table';
import { createRng, type Rng } from './random';
import type { SampleCell, SampleSchemaName, SampleSheet } from './types';

export interface SampleOptions {
  seed: number | string;
  /** Month the samples are for, "2026-11". */
  period: string;
  /** Append invalid rows (listed in each sheet's `planted`) for validation-report tests. */
  withErrors?: boolean;
}

const MONEY = '#,##0.00';
const DATE = 'yyyy-mm-dd';
const opt = <T>(v: T | null, f: (x: T) => SampleCell): SampleCell => (v === null ? null : f(v));
const flag = (rng: Rng, v: boolean): SampleCell =>
  v ? rng.pick(['是', '是', 'Y']) : rng.pick(['否', '否', '否', 'N']);
const bad = <R>(withErrors: boolean | undefined, rows: BadRow<R>[]): BadRow<R>[] => (withErrors ? rows : []);

/** Every sample table as sheet grids (title rows, mess and all), deterministic for a seed and period. */
export function buildSampleSheets(o: SampleOptions): Record<SampleSchemaName, SampleSheet> {
  const p = periodInfo(o.period);
  const root = createRng(o.seed);
  const parts = buildParts(root.fork('parts'));
  const ledger = buildLedger(root.fork('ledger'), parts, p);
  const movements = buildMovements(root.fork('movements'), ledger, p);
  const dealers = buildDealers(root.fork('dealers'));
  const txns = buildTransactions(root.fork('transactions'), dealers, p);
  const events = buildQualityEvents(root.fork('quality'), parts, dealers, p);
  const returns = buildReturns(root.fork('returns'), parts, dealers, p);
  const volumes = buildVolumes(root.fork('volumes'), p);
  const rng = root.fork('layout');
  const [y, m] = [p.year, p.month];
  const first = <T>(xs: T[]): T => xs[0] as T;
  const firstMonth = monthsBack(p, 6)[0] as string;

  const sheets: Record<SampleSchemaName, SampleSheet> = {
    parts: layOutTable<PartRecord>(rng, {
      schema: 'parts',
      fileName: '配件目录.xlsx',
      sheetName: '配件目录',
      records: parts,
      columns: [
        { header: '配件编号', get: (r) => r.partNo },
        { header: '配件名称', get: (r) => r.name },
        { header: '类别', get: (r) => r.category },
        { header: '单位', get: (r) => r.unit },
        { header: '单价（元）', get: (r) => messyNumber(rng, r.unitCost, { money: true, mess: 0.05 }), numFmt: MONEY },
        { header: '供应商', get: (r) => r.supplier },
        { header: '适用车型', get: (r) => r.model },
        // Who is claimed against when a part fails through the supplier's fault (supplier recovery).
        { header: '供应商代码', get: (r) => SUPPLIER_INFO.get(r.supplier)?.code ?? null },
        { header: '供应商联系人', get: (r) => SUPPLIER_INFO.get(r.supplier)?.contact ?? null },
        { header: '供应商邮箱', get: (r) => SUPPLIER_INFO.get(r.supplier)?.email ?? null },
      ],
      badRows: bad(o.withErrors, [
        {
          base: { ...first(parts), partNo: 'ERR-0001' },
          column: '单价（元）',
          value: '面议',
          why: 'unit cost is not an amount',
        },
      ]),
    }),
    stockLedger: layOutTable<LedgerRecord>(rng, {
      schema: 'stockLedger',
      fileName: `库存台账 ${o.period}.xlsx`,
      sheetName: '库存台账',
      records: ledger,
      titleRows: [
        [`售后配件库存台账 ${y}年${m}月`],
        [`制表：仓储组\u3000\u3000截止日期：${o.period}-${String(new Date(Date.UTC(y, m, 0)).getUTCDate())}`],
      ],
      mergeTitle: true,
      blankRows: 3,
      totalsLabel: '合计',
      // One merged header cell: 备注 spans the two note columns L:M.
      merges: ['L3:M3'],
      columns: [
        { header: '仓库', get: (r) => r.warehouse },
        { header: '库区', get: (r) => r.zone },
        { header: '配件编号', get: (r) => r.partNo },
        { header: '配件名称', get: (r) => r.partName },
        { header: '库位', get: (r) => r.location },
        { header: '账面\n数量', get: (r) => messyNumber(rng, r.bookQty), total: true },
        { header: '卡片 数量', get: (r) => messyNumber(rng, r.cardQty), total: true },
        { header: '单价（元）', get: (r) => messyNumber(rng, r.unitCost, { money: true, mess: 0.04 }), numFmt: MONEY },
        { header: '类别', get: (r) => r.category },
        { header: '最后变动日期', get: (r) => messyDate(rng, r.lastMovement), numFmt: DATE },
        {
          header: '内部编码',
          get: (r) => `N${r.partNo.replace(/\D/g, '')}${r.location.replace(/\W/g, '')}`,
          hidden: true,
        },
        { header: '备注', get: (r) => (r.bookQty !== r.cardQty ? '卡片待核对' : r.bookQty === 0 ? '缺货' : null) },
        { header: '', get: () => null },
      ],
      badRows: bad(o.withErrors, [
        {
          base: { ...first(ledger), location: 'ERR-01' },
          column: '账面\n数量',
          value: '十二',
          why: 'book qty is not a number',
        },
        {
          base: { ...(ledger[1] as LedgerRecord), location: 'ERR-02' },
          column: '配件编号',
          value: null,
          why: 'part number missing',
        },
        {
          base: { ...(ledger[2] as LedgerRecord), location: 'ERR-03' },
          column: '单价（元）',
          value: -5,
          why: 'negative unit cost',
        },
      ]),
    }),
    stockMovements: layOutTable<MovementRecord>(rng, {
      schema: 'stockMovements',
      fileName: `出入库流水 ${o.period}.xlsx`,
      sheetName: '出入库流水',
      records: movements,
      columns: [
        { header: '日期', get: (r) => messyDate(rng, r.date, 0.1), numFmt: DATE },
        { header: '仓库', get: (r) => r.warehouse },
        { header: '配件编号', get: (r) => r.partNo },
        { header: '库位', get: (r) => r.location },
        { header: '数量', get: (r) => messyNumber(rng, r.qty, { mess: 0.05 }) },
        { header: '单据号', get: (r) => r.docNo },
      ],
      badRows: bad(o.withErrors, [
        { base: { ...first(movements), docNo: 'CK-ERR-1' }, column: '数量', value: '若干', why: 'qty is not a number' },
      ]),
    }),
    dealers: layOutTable<DealerRecord>(rng, {
      schema: 'dealers',
      fileName: '经销商名录.xlsx',
      sheetName: '经销商',
      records: dealers,
      columns: [
        { header: '经销商编号', get: (r) => r.dealerId },
        { header: '经销商名称', get: (r) => r.name },
        { header: '区域', get: (r) => r.region },
        { header: '邮箱', get: (r) => (rng.chance(0.05) ? r.email.toUpperCase() : r.email) },
        { header: '联系人', get: (r) => r.contact },
        { header: '信用额度', get: (r) => messyNumber(rng, r.creditLimit, { money: true, mess: 0.15 }), numFmt: MONEY },
        { header: '账期(天)', get: (r) => (rng.chance(0.1) ? `${r.paymentTermsDays}天` : r.paymentTermsDays) },
        { header: '信用冻结', get: (r) => flag(rng, r.creditHold) },
        { header: '催款冻结', get: (r) => opt(r.dunningBlock, (v) => flag(rng, v)) },
      ],
      badRows: bad(o.withErrors, [
        {
          base: { ...first(dealers), dealerId: 'D9901' },
          column: '邮箱',
          value: 'd9901@',
          why: 'invalid email address',
        },
        {
          base: { ...(dealers[1] as DealerRecord), dealerId: 'D9902' },
          column: '信用冻结',
          value: '也许',
          why: 'not a yes/no flag',
        },
      ]),
    }),
    dealerTransactions: layOutTable<TransactionRecord>(rng, {
      schema: 'dealerTransactions',
      fileName: `往来账 ${o.period}.xlsx`,
      sheetName: '往来账',
      records: txns,
      titleRows: [[`经销商往来账（截至${y}年${m}月）`]],
      mergeTitle: true,
      blankRows: 2,
      totalsLabel: '合计',
      columns: [
        { header: '日期', get: (r) => messyDate(rng, r.date), numFmt: DATE },
        { header: '经销商编号', get: (r) => r.dealerId },
        { header: '类型', get: (r) => r.type },
        { header: '单据号', get: (r) => r.docNo },
        {
          header: '金额',
          get: (r) => messyNumber(rng, r.amount, { money: true, mess: 0.1 }),
          numFmt: MONEY,
          total: true,
        },
        { header: '到期日', get: (r) => opt(r.dueDate, (d) => messyDate(rng, d, 0.1)), numFmt: DATE },
        { header: '核销单据号', get: (r) => r.refDocNo },
        { header: '备注', get: (r) => r.note },
      ],
      badRows: bad(o.withErrors, [
        { base: { ...first(txns), docNo: 'FH-ERR-0' }, column: '日期', value: '2026-13-45', why: 'not a date' },
        {
          base: { ...(txns[1] as TransactionRecord), docNo: 'FH-ERR-2' },
          column: '类型',
          value: '退款',
          why: 'unknown transaction type',
        },
        {
          base: { ...(txns.find((t) => t.type === '发货') as TransactionRecord), docNo: 'FH-ERR-1' },
          column: '到期日',
          value: null,
          why: 'shipment without due date',
        },
      ]),
    }),
    qualityEvents: layOutTable<QualityEventRecord>(rng, {
      schema: 'qualityEvents',
      fileName: '质量信息汇总.xlsx',
      sheetName: '质量信息',
      records: events,
      titleRows: [[`质量信息汇总表（${firstMonth} 至 ${o.period}）`]],
      mergeTitle: true,
      blankRows: 2,
      columns: [
        { header: '日期', get: (r) => messyDate(rng, r.date), numFmt: DATE },
        { header: '来源', get: (r) => r.source },
        { header: '产品型号', get: (r) => r.model },
        { header: '配件编号', get: (r) => (rng.chance(0.04) ? r.partNo.toLowerCase().replace('-', '') : r.partNo) },
        { header: '配件名称', get: (r) => r.partName },
        { header: '故障模式', get: (r) => r.failureMode },
        { header: '供应商', get: (r) => r.supplier },
        { header: '经销商编号', get: (r) => r.dealerId },
        { header: '区域', get: (r) => r.region },
        { header: '车架号', get: (r) => r.vin },
        { header: '严重度', get: (r) => (rng.chance(0.15) ? ({ A: 1, B: 2, C: 3 } as const)[r.severity] : r.severity) },
        { header: '数量', get: (r) => messyNumber(rng, r.qty, { mess: 0.03 }) },
        { header: '故障描述', get: (r) => r.description },
        { header: '处理完成日期', get: (r) => opt(r.closedAt, (d) => messyDate(rng, d, 0.1)), numFmt: DATE },
      ],
      badRows: bad(o.withErrors, [
        { base: first(events), column: '日期', value: '上周', why: 'not a date' },
        { base: events[1] as QualityEventRecord, column: '严重度', value: 'Z', why: 'unknown severity' },
      ]),
    }),
    failureModes: layOutTable(rng, {
      schema: 'failureModes',
      fileName: '故障模式目录.xlsx',
      sheetName: '故障模式',
      records: failureModeRows(rng),
      columns: [
        { header: '代码', get: (r) => r.code },
        { header: '故障模式', get: (r) => r.name },
        { header: '分类', get: (r) => r.category },
        { header: '同义词', get: (r) => r.synonyms },
      ],
    }),
    returns: layOutTable<ReturnRecord>(rng, {
      schema: 'returns',
      fileName: '旧件退回登记.xlsx',
      sheetName: '旧件退回',
      records: returns,
      columns: [
        { header: '退回单号', get: (r) => r.returnNo },
        { header: '日期', get: (r) => messyDate(rng, r.date), numFmt: DATE },
        { header: '经销商编号', get: (r) => r.dealerId },
        { header: '配件编号', get: (r) => r.partNo },
        { header: '数量', get: (r) => messyNumber(rng, r.qty, { mess: 0.05 }) },
        { header: 'Claim No', get: (r) => r.claimNo },
        { header: '退回原因', get: (r) => r.reason },
        { header: '收货日期', get: (r) => opt(r.received, (d) => messyDate(rng, d, 0.1)), numFmt: DATE },
        { header: '鉴定结论', get: (r) => r.verdict },
        { header: '状态', get: (r) => r.status },
        { header: 'Claim Amount', get: (r) => messyNumber(rng, r.amount, { money: true, mess: 0.08 }), numFmt: MONEY },
      ],
      badRows: bad(o.withErrors, [
        { base: { ...first(returns), returnNo: 'R-ERR-1' }, column: '数量', value: '两个', why: 'qty is not a number' },
      ]),
    }),
    productionVolumes: layOutTable<VolumeRecord>(rng, {
      schema: 'productionVolumes',
      fileName: '产量统计.xlsx',
      sheetName: 'Production',
      records: volumes,
      columns: [
        {
          header: 'Month',
          get: (r) => (rng.chance(0.2) ? `${r.month.slice(0, 4)}年${Number(r.month.slice(5))}月` : r.month),
        },
        { header: 'Model', get: (r) => r.model },
        { header: 'Volume', get: (r) => messyNumber(rng, r.volume, { mess: 0.1 }) },
      ],
      badRows: bad(o.withErrors, [
        {
          base: { ...first(volumes), model: 'JK9999' },
          column: 'Volume',
          value: '很多',
          why: 'volume is not a number',
        },
      ]),
    }),
  };
  // The early-warning demo's batch problem: its own random stream, rows appended after everything else.
  const batch = buildBatchProblem(root.fork('batch-problem'), parts, dealers, p);
  return { ...sheets, qualityEvents: withBatchProblem(sheets.qualityEvents, batch) };
}
