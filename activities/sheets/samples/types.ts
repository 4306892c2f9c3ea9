/** Sample workbooks as plain data, shared by the xlsx writer and the Google Sheets stand-in loader. */
export type SampleValue = string | number | boolean | Date | null;

/** A cell: a plain value, or a value with a number format and/or the formula that produced it (cached value). */
export type SampleCell = SampleValue | { value: SampleValue; numFmt?: string; formula?: string };

export const SAMPLE_SCHEMAS = [
  'parts',
  'stockLedger',
  'stockMovements',
  'dealers',
  'dealerTransactions',
  'qualityEvents',
  'failureModes',
  'returns',
  'productionVolumes',
] as const;

export type SampleSchemaName = (typeof SAMPLE_SCHEMAS)[number];

/** An invalid cell planted on purpose by `withErrors`, for tests of the validation report. */
export interface PlantedError {
  schema: SampleSchemaName;
  sheet: string;
  /** Row as the user sees it (1-based). */
  row: number;
  /** Header of the column as problem reports show it (displayHeader of the sheet's text). */
  column: string;
  value: string;
  /** What is wrong, in words, for humans reading the test. */
  why: string;
}

export interface SampleSheet {
  schema: SampleSchemaName;
  fileName: string;
  sheetName: string;
  /** The whole grid: title rows, header, data, blank and totals rows; index 0 is row 1. */
  rows: SampleCell[][];
  /** Merged ranges in A1 notation (no sheet name). */
  merges: string[];
  /** 1-based row holding the header. */
  headerRow: number;
  /** Number format per column index for numbers/dates without their own. */
  columnFormats: Record<number, string>;
  hiddenColumns: number[];
  /** Valid data rows (records) in the sheet. */
  records: number;
  planted: PlantedError[];
}

/** Shared facts the builders agree on (a dealer in transactions exists in the dealer list, etc.). */
export interface PeriodInfo {
  /** "2026-11". */
  period: string;
  year: number;
  /** 1-12. */
  month: number;
}
