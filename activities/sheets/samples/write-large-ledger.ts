import ExcelJS from 'exceljs';
import { PART_FAMILIES } from './catalog';
import { addDays, periodInfo, utcDate } from './dates';
import { daysInMonth } from '../../../domain/calendar';
import { createRng } from './random';
import type { SampleValue } from './types';

export const LARGE_LEDGER_HEADERS = [
  '仓库',
  '库区',
  '配件编号',
  '配件名称',
  '库位',
  '账面数量',
  '卡片数量',
  '单价（元）',
  '类别',
  '最后变动日期',
  '单位',
  '备注',
] as const;

const FULL_WIDTH = (s: string): string => s.replace(/[0-9]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) + 0xfee0));

/**
 * Yields the rows of a big stock ledger (12 columns), deterministic for a seed: every row a distinct
 * warehouse/location/part, Chinese text on every row, a light sprinkle of numbers typed as text.
 */
export function* largeLedgerRows(seed: number | string, period: string, count: number): Generator<SampleValue[]> {
  const rng = createRng(seed).fork('large-ledger');
  const p = periodInfo(period);
  const cutOff = utcDate(p.year, p.month, daysInMonth(p.year, p.month));
  const notes = ['', '', '', '', '卡片待核对', '待上架', '慢动件', '促销备货'];
  for (let i = 0; i < count; i++) {
    const family = PART_FAMILIES[i % PART_FAMILIES.length] as (typeof PART_FAMILIES)[number];
    const oldParts = i % 7 === 6;
    const book = Math.floor(400 * rng.next() ** 2);
    const card = rng.chance(0.03) ? Math.max(0, book + rng.pick([-2, -1, 1, 3])) : book;
    const [lo, hi] = family.cost;
    const cost = Math.round((lo + (hi - lo) * rng.next() ** 2.5) * 100) / 100;
    const messy = rng.chance(0.02);
    yield [
      oldParts ? '旧件库' : '新件库',
      oldParts ? rng.pick(['待鉴定区', '索赔区', '报废区']) : family.zone,
      `${family.prefix}-${String(10_000 + Math.floor(i / PART_FAMILIES.length)).padStart(6, '0')}`,
      `${rng.pick(family.names)}${rng.chance(0.2) ? rng.pick(['（左）', '（右）']) : ''}`,
      // The row index in the location keeps each ledger line unique, as bins are.
      `${oldParts ? 'J' : family.zone.slice(0, 1)}-${String(Math.floor(i / 500)).padStart(4, '0')}-${String(i % 500).padStart(3, '0')}`,
      messy ? FULL_WIDTH(String(book)) : book,
      messy ? String(card) : card,
      cost,
      family.category,
      addDays(cutOff, -rng.int(0, 365)),
      rng.pick(family.unit),
      rng.pick(notes) || null,
    ];
  }
}

/**
 * Streams a ledger of `rows` data rows to `path` with exceljs' WorkbookWriter (memory flat in row count):
 * a title row, the header, the rows. Inline strings (no shared-strings table) keep the writer flat too.
 */
export async function writeLargeLedger(
  path: string,
  opts: { seed: number | string; period: string; rows: number },
): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useStyles: true, useSharedStrings: false });
  wb.creator = '售后服务部';
  wb.created = new Date(Date.UTC(2026, 0, 1));
  wb.modified = wb.created;
  const ws = wb.addWorksheet('库存台账');
  const p = periodInfo(opts.period);
  const title = ws.addRow([`售后配件库存台账 ${p.year}年${p.month}月（大表）`]);
  title.commit();
  ws.addRow([...LARGE_LEDGER_HEADERS]).commit();
  for (const values of largeLedgerRows(opts.seed, opts.period, opts.rows)) {
    const row = ws.addRow(values);
    row.getCell(8).numFmt = '#,##0.00';
    row.getCell(10).numFmt = 'yyyy-mm-dd';
    row.commit();
  }
  ws.commit();
  await wb.commit();
}
