import ExcelJS from 'exceljs';

/** Writes one sheet of plain rows (header first) as a staff workbook would look after a save. */
export async function sheet(path: string, name: string, rows: unknown[][]): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(name);
  for (const r of rows) ws.addRow(r);
  await wb.xlsx.writeFile(path);
}
