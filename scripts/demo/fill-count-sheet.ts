/**
 * What a counter does in Excel with the count sheet on the shared folder: types the quantity found in
 * 实盘数量, their name in 盘点人 and the time in 盘点时间, and saves. Columns are found by their header text,
 * as a person finds them, so a layout change in the generated sheet does not silently mis-fill it.
 */
import ExcelJS from 'exceljs';
import { DateTime } from 'luxon';

export interface CountLineRef {
  location: string;
  partNo: string;
}

/** Fills every listed line `count` knows; returns the number of lines filled. */
export async function fillCountSheet(
  path: string,
  opts: { counter: string; timeZone: string; count: (line: CountLineRef) => number | null },
): Promise<number> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(path);
  const ws = wb.getWorksheet('盘点表');
  if (!ws) throw new Error(`${path}: no 盘点表 tab`);
  let headerRow = 0;
  const col: Record<string, number> = {};
  for (let r = 1; r <= 5 && !headerRow; r++) {
    const row = ws.getRow(r);
    const cells: Record<string, number> = {};
    row.eachCell((c, n) => (cells[String(c.value ?? '').trim()] = n));
    if (cells['实盘数量'] && cells['库位'] && cells['配件编号']) {
      headerRow = r;
      Object.assign(col, cells);
    }
  }
  if (!headerRow) throw new Error(`${path}: no header row with 库位 / 配件编号 / 实盘数量`);
  const now = DateTime.now().setZone(opts.timeZone).toFormat('yyyy-MM-dd HH:mm');
  let filled = 0;
  ws.eachRow((row, n) => {
    if (n <= headerRow) return;
    const location = row.getCell(col['库位']!).value;
    const partNo = row.getCell(col['配件编号']!).value;
    if (location === null || partNo === null) return;
    const qty = opts.count({ location: String(location), partNo: String(partNo) });
    if (qty === null) return;
    row.getCell(col['实盘数量']!).value = qty;
    if (col['盘点人']) row.getCell(col['盘点人']).value = opts.counter;
    if (col['盘点时间']) row.getCell(col['盘点时间']).value = now;
    filled++;
  });
  await wb.xlsx.writeFile(path);
  return filled;
}
