export { generateSamples, type GenerateSamplesOptions, type GeneratedSamples } from './generate-samples';
export { buildSampleSheets, type SampleOptions } from './build-sample-sheets';
export { writeLargeLedger, largeLedgerRows, LARGE_LEDGER_HEADERS } from './write-large-ledger';
export { writeSampleWorkbook } from './write-sample-workbook';
export {
  SAMPLE_SCHEMAS,
  type PlantedError,
  type SampleCell,
  type SampleSchemaName,
  type SampleSheet,
  type SampleValue,
} from './types';
