import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildSampleSheets } from './build-sample-sheets';
import { writeLargeLedger } from './write-large-ledger';
import { writeSampleWorkbook } from './write-sample-workbook';
import { SAMPLE_SCHEMAS, type PlantedError, type SampleSchemaName } from './types';

export interface GenerateSamplesOptions {
  /** Output folder (created if missing). */
  dir: string;
  seed: number | string;
  /** "2026-11". */
  period: string;
  /** Also stream-write a stock ledger with this many rows (benchmarks). */
  large?: number;
  /** Append invalid rows for validation-report tests; see `planted`. */
  withErrors?: boolean;
}

export interface GeneratedSamples {
  /** Workbook path per schema. */
  files: Record<SampleSchemaName, string>;
  /** Name of the data sheet in each workbook. */
  sheets: Record<SampleSchemaName, string>;
  /** Valid data rows per schema. */
  records: Record<SampleSchemaName, number>;
  /** Invalid cells planted by `withErrors` (empty otherwise). */
  planted: PlantedError[];
  /** Path of the large ledger when `large` was given. */
  largeLedger?: string;
}

/**
 * Writes realistic Chinese sample workbooks, one per logical schema, messy but parseable; the same seed and
 * period always give the same cell values. Overwrites files of the same names in `dir`.
 */
export async function generateSamples(o: GenerateSamplesOptions): Promise<GeneratedSamples> {
  mkdirSync(o.dir, { recursive: true });
  const sheets = buildSampleSheets({ seed: o.seed, period: o.period, ...(o.withErrors ? { withErrors: true } : {}) });
  const out = { files: {}, sheets: {}, records: {}, planted: [] } as unknown as GeneratedSamples;
  for (const name of SAMPLE_SCHEMAS) {
    const sheet = sheets[name];
    const path = join(o.dir, sheet.fileName);
    await writeSampleWorkbook(sheet, path);
    out.files[name] = path;
    out.sheets[name] = sheet.sheetName;
    out.records[name] = sheet.records;
    out.planted.push(...sheet.planted);
  }
  if (o.large) {
    const path = join(o.dir, `库存台账-large-${o.large}.xlsx`);
    await writeLargeLedger(path, { seed: o.seed, period: o.period, rows: o.large });
    out.largeLedger = path;
  }
  return out;
}
