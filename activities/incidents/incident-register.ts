/**
 * The incident register (质量事件登记): a system-owned journal with one row per incident event, keyed
 * `<incident id>#<event>[-<round>]` so a retried or replayed step never adds a second row. It is meant for the
 * monthly quality feedback (incidents opened and closed in the month) and supplier recovery (costs of
 * supplier-responsible incidents: the `closed` row carries responsibility and cost); domain/early-warning/incident-month
 * computes both from `registerEntryOf` rows; the monthly feedback reads it in activities/quality/read-incident-month.
 */
import { parseYuanToFen } from '../../domain/money';
import { yuanCell, dateCell, fenOfCell, isoOfCell } from '../returns/journals';
import type { JournalSpec } from '../returns/append-once';
import type { WritableCell } from '../sheets/content-hash';
import type { RawRow, TableRef } from '../sheets/types';
import { INCIDENT_STATE_LABELS, type IncidentRegisterEntry } from '../../domain/early-warning';
import type { IncidentEventCode, IncidentRegisterRow } from './types';

export const INCIDENT_REGISTER_HEADER = [
  '记录号',
  '事件编号',
  '日期',
  '状态码',
  '状态',
  '配件编号',
  '配件名称',
  '故障模式',
  '供应商',
  '供应商责任',
  '费用',
  '处理人',
  '说明',
] as const;

export const incidentRegister = (ref: TableRef): JournalSpec => ({
  ref,
  header: INCIDENT_REGISTER_HEADER,
  keyColumn: 0,
});

export const EVENT_LABELS: Record<IncidentEventCode, [string, string]> = INCIDENT_STATE_LABELS;

const REPEATING: IncidentEventCode[] = ['action', 'implemented', 'recurred', 'not-effective'];

export function registerKey(r: Pick<IncidentRegisterRow, 'incidentId' | 'event' | 'round'>): string {
  return `${r.incidentId}#${r.event}${REPEATING.includes(r.event) ? `-${r.round ?? 1}` : ''}`;
}

export function registerCells(r: IncidentRegisterRow, locale: 'zh-CN' | 'en'): WritableCell[] {
  const yes = locale === 'en' ? ['yes', 'no'] : ['是', '否'];
  return [
    registerKey(r),
    r.incidentId,
    dateCell(r.date),
    r.event,
    EVENT_LABELS[r.event][locale === 'en' ? 1 : 0],
    r.partNo,
    r.partName ?? null,
    r.failureName,
    r.supplier ?? null,
    r.supplierResponsible === undefined ? null : r.supplierResponsible ? yes[0]! : yes[1]!,
    r.costFen === undefined ? null : yuanCell(r.costFen),
    r.by,
    r.notes ? r.notes.slice(0, 500) : null,
  ];
}

/** A register row as the readers see it (monthly feedback, supplier recovery). */
export function registerEntryOf(row: RawRow): IncidentRegisterEntry {
  const c = row.cells;
  const s = (i: number): string => String(c[i] ?? '').trim();
  const responsible = s(9);
  const yes = YES.includes(responsible.toLowerCase());
  const no = NO.includes(responsible.toLowerCase());
  const cost = c[10];
  const costRead = typeof cost === 'number' || typeof cost === 'string' ? parseYuanToFen(cost) : null;
  return {
    incidentId: s(1),
    date: isoOfCell(c[2]),
    event: s(3),
    partNo: s(5),
    partName: s(6),
    failureName: s(7),
    supplier: s(8),
    supplierResponsible: yes ? true : no ? false : null,
    costFen: fenOfCell(cost),
    row: row.rowNumber,
    ...(costRead === null && s(10) !== '' ? { costUnreadable: cost instanceof Date ? isoOfCell(cost) : s(10) } : {}),
    ...(responsible !== '' && !yes && !no ? { responsibilityUnreadable: responsible } : {}),
  };
}

// What registerCells writes (是/否, yes/no), and what people type when they correct a cell by hand.
const YES = ['是', 'yes', 'true', 'y'];
const NO = ['否', 'no', 'false', 'n'];
