/**
 * The count sheet (盘点表) as written and as read back: one place for its tab names, headers and which
 * columns a counter may edit, so the writer and the reader can never disagree.
 */
import { DEFAULT_COUNT_COLUMNS, type LedgerLine } from '../../domain/stocktake';
import type { ColumnSpec, SheetSpec } from '../sheets/excel/sheet-builder';

export const COUNT_TAB = '盘点表';
export const STATUS_TAB = '提交状态';
export const STATUS_OPEN = '未提交';
export const STATUS_SUBMITTED = '已提交';

export const HEAD = {
  lineNo: '序号',
  warehouse: DEFAULT_COUNT_COLUMNS.warehouse,
  zone: '库区',
  location: DEFAULT_COUNT_COLUMNS.location,
  partNo: DEFAULT_COUNT_COLUMNS.partNo,
  partName: DEFAULT_COUNT_COLUMNS.partName,
  bookQty: '账面数量',
  cardQty: '卡片数量',
  countedQty: DEFAULT_COUNT_COLUMNS.countedQty,
  counter: '盘点人',
  countedAt: '盘点时间',
  note: '备注',
  status: '状态',
} as const;

export type CountSheetKey = Exclude<keyof typeof HEAD, 'status'>;

/** Columns in order. Blind sheets (the default) never show the book or card quantity. */
export function countColumns(blind: boolean): ColumnSpec[] {
  const locked = (key: CountSheetKey, width?: number): ColumnSpec => ({
    header: HEAD[key],
    key,
    locked: true,
    ...(width ? { width } : {}),
  });
  return [
    locked('lineNo', 8),
    locked('warehouse', 10),
    locked('zone', 10),
    locked('location', 14),
    locked('partNo', 16),
    locked('partName', 24),
    ...(blind ? [] : [locked('bookQty', 10), locked('cardQty', 10)]),
    { header: HEAD.countedQty, key: 'countedQty', locked: false, validation: 'nonNegativeNumber', width: 12 },
    { header: HEAD.counter, key: 'counter', locked: false, width: 10 },
    { header: HEAD.countedAt, key: 'countedAt', locked: false, width: 18 },
    { header: HEAD.note, key: 'note', locked: false, width: 24 },
  ];
}

export function countRow(lineNo: number, l: LedgerLine, blind: boolean): Record<string, string | number | null> {
  return {
    lineNo,
    warehouse: l.warehouse,
    zone: l.zone,
    location: l.location,
    partNo: l.partNo,
    partName: l.partName,
    ...(blind ? {} : { bookQty: l.bookQty, cardQty: l.cardQty }),
    countedQty: null,
    counter: null,
    countedAt: null,
    note: null,
  };
}

/** The status tab's text row, header and value row (1-based), shared by Excel and Google layouts. */
export const STATUS_TITLE =
  '填写完成后请将下方“状态”改为“已提交” / Set the status to 已提交 when the counts are complete';

/** The status tab of a count sheet: the cell the counter sets to 已提交 (a list validation), the sheet and counter. */
export function statusSheetSpec(sheetId: string, counter: string): SheetSpec {
  return {
    name: STATUS_TAB,
    title: STATUS_TITLE,
    columns: [
      {
        header: HEAD.status,
        key: 'status',
        locked: false,
        validation: { list: [STATUS_OPEN, STATUS_SUBMITTED] },
        width: 14,
      },
      { header: '盘点单', key: 'sheet', width: 14 },
      { header: '盘点人', key: 'counter', width: 14 },
    ],
    rows: [{ status: STATUS_OPEN, sheet: sheetId, counter }],
    protect: true,
  };
}
