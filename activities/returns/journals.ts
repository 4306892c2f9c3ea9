/**
 * Layouts of the four journals the return workflows append to. The headers are the Chinese headers of the
 * shared schemas (domain/sheets/schemas.ts), so the readers that already exist understand them: the dunning
 * reader parses the credits tab as dealerTransactions, the stocktake reader the receipts as stockMovements,
 * the quality reader the inspections as qualityEvents (退回单号 as each row's key, so the unmapped-text list cites it
 * rather than a row number that follows the order returns finish; other extra columns are ignored there).
 */
import { parseYuanToFen, type Fen } from '../../domain/money';
import { VERDICTS, verdictLabel, type InspectionRecord, type Verdict } from '../../domain/returns';
import type { WritableCell } from '../sheets/content-hash';
import type { RawRow, TableRef } from '../sheets/types';
import type { JournalSpec } from './append-once';

export const CREDIT_HEADER = [
  '日期',
  '经销商编号',
  '类型',
  '单据号',
  '金额',
  '到期日',
  '核销单据号',
  '备注',
  '退回单号',
] as const;
export const OLD_PARTS_HEADER = [
  '日期',
  '仓库',
  '配件编号',
  '库位',
  '数量',
  '单据号',
  '配件名称',
  '经销商编号',
  '退回单号',
  '鉴定结论',
] as const;
export const INSPECTION_HEADER = [
  '日期',
  '来源',
  '产品型号',
  '配件编号',
  '配件名称',
  '故障模式',
  '供应商',
  '经销商编号',
  '区域',
  '车架号',
  '数量',
  '故障描述',
  '退回单号',
  '鉴定结论',
  '索赔金额',
] as const;
export const RECOVERY_HEADER = [
  '索赔单号',
  '期间',
  '供应商代码',
  '供应商',
  '索赔行数',
  '索赔数量',
  '索赔金额',
  '状态',
  '确认金额',
  '确认人',
  '确认时间',
  '是否超期',
  '备注',
] as const;

export const creditJournal = (ref: TableRef): JournalSpec => ({ ref, header: CREDIT_HEADER, keyColumn: 3 });
export const oldPartsJournal = (ref: TableRef): JournalSpec => ({ ref, header: OLD_PARTS_HEADER, keyColumn: 5 });
export const inspectionJournal = (ref: TableRef): JournalSpec => ({ ref, header: INSPECTION_HEADER, keyColumn: 12 });
export const recoveryJournal = (ref: TableRef): JournalSpec => ({ ref, header: RECOVERY_HEADER, keyColumn: 0 });

/** A calendar date as a date cell (UTC fields carry the wall-clock date, the exceljs convention). */
export function dateCell(iso: string): Date {
  return new Date(`${iso}T00:00:00.000Z`);
}

/** Money goes into the sheet as a yuan number (summable by staff); fen stay integers up to this boundary. */
export function yuanCell(fen: Fen): number {
  return Number((fen / 100).toFixed(2));
}

export function isoOfCell(v: WritableCell | undefined): string {
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  const s = String(v ?? '').trim();
  return /^\d{4}-\d{2}-\d{2}/.test(s) ? s.slice(0, 10) : s;
}

export function fenOfCell(v: WritableCell | undefined): Fen {
  if (typeof v === 'number' || typeof v === 'string') return parseYuanToFen(v) ?? 0;
  return 0;
}

export function verdictOfLabel(label: string): Verdict | undefined {
  const t = label.trim();
  return VERDICTS.find((v) => v === t || verdictLabel(v, 'zh-CN') === t || verdictLabel(v, 'en') === t);
}

export function inspectionRecordOf(r: RawRow): InspectionRecord {
  const c = r.cells;
  const s = (i: number): string => String(c[i] ?? '').trim();
  return {
    date: isoOfCell(c[0]),
    partNo: s(3),
    partName: s(4),
    failureMode: s(5),
    supplier: s(6),
    dealerId: s(7),
    qty: typeof c[10] === 'number' ? c[10] : Number(s(10)) || 0,
    returnNo: s(12),
    verdict: verdictOfLabel(s(13)) ?? s(13),
    creditFen: fenOfCell(c[14]),
  };
}
