/** Whole-layer child: Excel backend + header detection + mapping + validation (read-table), rows streamed. */
import { createExcelBackend } from '../../activities/sheets/excel/excel-backend';
import { forEachRow } from '../../activities/sheets/read-table';
import { stockLedger } from '../../domain/sheets/schemas';
import { childMain } from '../lib/child-main';

childMain(async ([path]) => {
  let rows = 0;
  let bookQty = 0;
  const summary = await forEachRow(
    createExcelBackend(),
    { kind: 'excel', path: path as string },
    stockLedger,
    { policy: 'proceed-with-valid' },
    (row) => {
      rows++;
      bookQty += row.bookQty;
    },
  );
  return { rows, bookQty, headerRow: summary.headerRow, problems: summary.problemCount, skipped: summary.skipped };
});
