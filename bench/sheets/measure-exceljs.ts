/** Baseline child: raw exceljs streaming (WorkbookReader), touching every cell of every row. */
import ExcelJS from 'exceljs';
import { childMain } from '../lib/child-main';

childMain(async ([path]) => {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(path as string, {
    worksheets: 'emit',
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    entries: 'emit',
  });
  let rows = 0;
  let cells = 0;
  let chars = 0;
  for await (const ws of reader) {
    for await (const row of ws as AsyncIterable<ExcelJS.Row>) {
      rows++;
      row.eachCell({ includeEmpty: false }, (cell) => {
        cells++;
        const v = cell.value;
        if (typeof v === 'string') chars += v.length;
      });
    }
  }
  return { rows, cells, chars };
});
