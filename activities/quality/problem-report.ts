import ExcelJS from 'exceljs';
import type { CellProblem } from '../../domain/errors';
import { addTableSheet } from '../sheets/excel/sheet-builder';
import type { QualitySourceReport } from './types';

/**
 * The problem list the supervisor (or whoever keeps the sheets) corrects from: one row per bad cell with file,
 * sheet, row, column, value and reason, and a second sheet with each source's read status.
 */
export async function qualityProblemReportXlsx(
  period: string,
  problems: readonly CellProblem[],
  total: number,
  sources: readonly QualitySourceReport[],
): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = 'aftersales-ops';
  const stamp = new Date(`${period}-01T00:00:00Z`);
  wb.created = stamp;
  wb.modified = stamp;
  const rows = problems.map((p) => [p.file, p.sheet, p.row || '', p.column, p.value, p.reason]);
  if (total > problems.length)
    rows.push(['', '', '', '', '', `另有 ${total - problems.length} 个问题未列出 / more not listed`]);
  addTableSheet(
    wb,
    `数据问题 ${period}`,
    ['文件 File', '工作表 Sheet', '行 Row', '列 Column', '值 Value', '问题 Problem'],
    rows,
  );
  addTableSheet(
    wb,
    '数据来源 Sources',
    [
      '用途 Role',
      '文件 File',
      '工作表 Sheet',
      '有效行 Valid',
      '问题行 Invalid',
      '问题数 Problems',
      '无法读取 Unreadable',
    ],
    sources.map((s) => [s.role, s.file, s.sheet, s.validRows, s.invalidRows, s.problemCount, s.fatal ?? '']),
  );
  return Buffer.from(await wb.xlsx.writeBuffer());
}
