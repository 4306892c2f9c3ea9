/**
 * The finance report's two sheet tabs: the per-dealer figures (往来统计) and the dunning charges the run posted
 * (催款费用). Each write leaves one copy of the same content (see TableBackend.writeTable).
 */
import { AGING_BUCKETS } from '../../domain/dunning';
import { formatFen } from '../../domain/money';
import type { TableBackend, TableRef } from '../sheets/types';
import type { PostedCharge } from './charge-journal';
import type { DealerResultRecord } from './types';

/** Amounts in the tabs are yuan numbers, as finance types them. */
const yuan = (fen: number): number => Number(formatFen(fen).replace(/,/g, ''));

const DEALER_HEADER = [
  '经销商编号',
  '经销商名称',
  '区域',
  '期初余额',
  '本期发货',
  '本期回款',
  '退货抵扣',
  '费用',
  '期末余额',
  ...AGING_BUCKETS.map((b) => b.heading),
  '未核销预收',
  '逾期合计',
  '对账单',
  '本月催款级别',
  '确认',
  '异议',
  '信用冻结',
  '利息',
  '催款费',
];

/** Writes one row per dealer result; returns how many rows were written. */
export async function writeDealerTab(
  backend: TableBackend,
  target: TableRef,
  tab: string,
  records: readonly DealerResultRecord[],
): Promise<number> {
  const rows = records.map((r) => [
    r.dealerId,
    r.name,
    r.region,
    yuan(r.totals.openingFen),
    yuan(r.totals.shipmentsFen),
    yuan(r.totals.paymentsFen),
    yuan(r.totals.creditsFen),
    yuan(r.totals.feesFen),
    yuan(r.totals.closingFen),
    ...AGING_BUCKETS.map((b) => yuan(r.aging[b.key])),
    yuan(r.aging.unappliedFen),
    yuan(r.overdueFen),
    r.statementSent ? '已发' : '',
    r.levelsSent.join(','),
    r.confirmed ? '已确认' : '',
    r.disputed ? '有异议' : '',
    r.onHold ? '是' : '',
    yuan(r.interestChargedFen),
    yuan(r.feesChargedFen),
  ]);
  await backend.writeTable(target, tab, DEALER_HEADER, rows);
  return rows.length;
}

/** Writes the charges the run posted, one row each. */
export async function writeChargesTab(
  backend: TableBackend,
  target: TableRef,
  tab: string,
  posted: readonly PostedCharge[],
): Promise<void> {
  await backend.writeTable(
    target,
    tab,
    ['日期', '经销商编号', '类型', '单据号', '金额', '到期日', '备注', '记账时间'],
    posted.map((p) => [
      p.charge.date,
      p.charge.dealerId,
      '费用',
      p.charge.docNo,
      yuan(p.charge.amountFen),
      p.charge.dueDate ?? '',
      p.charge.note ?? '',
      p.postedAt,
    ]),
  );
}
