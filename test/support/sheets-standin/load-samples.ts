import type { SampleCell, SampleSchemaName, SampleSheet } from '../../../activities/sheets/samples';
import type { SeedCell, SeedSheet } from './model';
import type { NumberFormat } from './render';
import type { SheetsStandin } from './server';

export function numberFormatOf(numFmt: string): NumberFormat {
  const unquoted = numFmt.replace(/"[^"]*"/g, '');
  if (/[yd]/i.test(unquoted)) return { type: 'DATE', pattern: numFmt };
  if (unquoted.includes('%')) return { type: 'PERCENT', pattern: numFmt };
  if (/[¥$]/.test(unquoted)) return { type: 'CURRENCY', pattern: numFmt };
  return { type: 'NUMBER', pattern: numFmt };
}

function seedCell(cell: SampleCell): SeedCell {
  if (cell === null || typeof cell !== 'object' || cell instanceof Date) return cell;
  return {
    value: cell.value,
    ...(cell.formula ? { formula: `=${cell.formula}` } : {}),
    ...(cell.numFmt ? { format: numberFormatOf(cell.numFmt) } : {}),
  };
}

/** A sample sheet as the same tab would look in Google Sheets (values, formats, merges, cached formula results). */
export function toSeedSheet(sheet: SampleSheet): SeedSheet {
  const columnFormats: (NumberFormat | undefined)[] = [];
  for (const [i, fmt] of Object.entries(sheet.columnFormats)) columnFormats[Number(i)] = numberFormatOf(fmt);
  return {
    title: sheet.sheetName,
    rows: sheet.rows.map((r) => r.map(seedCell)),
    merges: sheet.merges,
    columnFormats,
  };
}

/** Loads sample sheets into the stand-in, one spreadsheet per schema; returns where each landed. */
export function loadSamplesIntoStandin(
  standin: SheetsStandin,
  sheets: Partial<Record<SampleSchemaName, SampleSheet>>,
): Record<string, { spreadsheetId: string; tab: string }> {
  const out: Record<string, { spreadsheetId: string; tab: string }> = {};
  for (const [name, sheet] of Object.entries(sheets) as [SampleSchemaName, SampleSheet][]) {
    const spreadsheetId = standin.createSpreadsheet({
      title: sheet.fileName.replace(/\.xlsx$/, ''),
      sheets: [toSeedSheet(sheet)],
    });
    out[name] = { spreadsheetId, tab: sheet.sheetName };
  }
  return out;
}
