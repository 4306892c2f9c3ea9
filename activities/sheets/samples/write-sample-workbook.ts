import ExcelJS from 'exceljs';
import type { SampleCell, SampleSheet } from './types';

/** Fixed document dates so the same seed writes the same workbook content. */
const FIXED_DATE = new Date(Date.UTC(2026, 0, 1));

function setCell(cell: ExcelJS.Cell, value: SampleCell, columnFormat: string | undefined): void {
  if (value === null) return;
  if (typeof value === 'object' && !(value instanceof Date)) {
    if (value.formula)
      cell.value = { formula: value.formula, result: value.value as number | string } as ExcelJS.CellFormulaValue;
    else cell.value = value.value;
    const fmt =
      value.numFmt ?? (typeof value.value === 'number' || value.value instanceof Date ? columnFormat : undefined);
    if (fmt) cell.numFmt = fmt;
    return;
  }
  cell.value = value;
  if (columnFormat && (typeof value === 'number' || value instanceof Date)) cell.numFmt = columnFormat;
}

/** Writes one sample sheet as an .xlsx file the way a clerk would have saved it (title, merges, hidden column). */
export async function writeSampleWorkbook(sheet: SampleSheet, path: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '售后服务部';
  wb.lastModifiedBy = '售后服务部';
  wb.created = FIXED_DATE;
  wb.modified = FIXED_DATE;
  const ws = wb.addWorksheet(sheet.sheetName, { views: [{ state: 'frozen', ySplit: sheet.headerRow }] });
  const width = sheet.rows.reduce((w, r) => Math.max(w, r.length), 0);
  for (let c = 0; c < width; c++) {
    const col = ws.getColumn(c + 1);
    const header = sheet.rows[sheet.headerRow - 1]?.[c];
    col.width = Math.max(8, Math.min(40, String(typeof header === 'string' ? header : '').length * 2 + 4));
    if (sheet.hiddenColumns.includes(c)) col.hidden = true;
  }
  sheet.rows.forEach((row, r) => {
    const xr = ws.getRow(r + 1);
    row.forEach((value, c) => setCell(xr.getCell(c + 1), value, sheet.columnFormats[c]));
    if (r + 1 === sheet.headerRow) {
      xr.font = { bold: true };
      xr.alignment = { wrapText: true, vertical: 'middle' };
    }
  });
  if (sheet.headerRow > 1) ws.getRow(1).font = { bold: true, size: 14 };
  for (const m of sheet.merges) ws.mergeCells(m);
  await wb.xlsx.writeFile(path);
}
