/** Rows that are not data: blank rows, totals rows and sign-off notes under a table. */
import { isBlankCell, type CellValue } from './cell-value';
import { keyLastChar, normalizeKey } from './normalize-text';

export type SkipReason = 'blank' | 'totals' | 'notes';

const TOTALS = /^(本页|本月|本期|全部|总|累计)?(合计|小计|总计|汇总)(金额|数量)?$|^(grand|sub)?totals?$|^sum$/;
const NOTE = /^(制表人?|填表人?|审核人?|复核人?|批准人?|负责人|盘点人|监盘人|注|说明|备注)[:：]/;

/** Last characters a TOTALS text can end with (计 总 额 量, total(s), sum): most cells skip the regexp. */
const TOTALS_ENDINGS = new Set(['计', '总', '额', '量', 'l', 's', 'm'].map((c) => c.charCodeAt(0)));

function isTotalsText(text: string): boolean {
  const last = keyLastChar(text);
  if (last !== -1 && !TOTALS_ENDINGS.has(last)) return false;
  const key = normalizeKey(text);
  return TOTALS_ENDINGS.has(key.charCodeAt(key.length - 1)) && TOTALS.test(key);
}

/**
 * Classifies a raw row: 'blank' when no cell has visible content, 'totals' when a text cell reads exactly like
 * 合计/小计/总计/Total (a part named "Total Seal Kit" stays data), 'notes' when the only text is a sign-off line
 * such as "制表人：张三". Returns null for a data row.
 */
export function classifyRow(cells: readonly CellValue[]): SkipReason | null {
  let filled = 0;
  let firstText: string | null = null;
  let totals = false;
  for (const c of cells) {
    if (isBlankCell(c)) continue;
    filled++;
    if (typeof c === 'string') {
      if (firstText === null) firstText = c;
      if (!totals && c.length <= 16 && isTotalsText(c)) totals = true;
    }
  }
  if (filled === 0) return 'blank';
  if (totals) return 'totals';
  if (filled === 1 && firstText !== null && NOTE.test(firstText.normalize('NFKC').replace(/\s+/g, ''))) {
    return 'notes';
  }
  return null;
}
