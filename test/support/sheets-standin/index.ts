export {
  startSheetsStandin,
  type SheetsStandin,
  type SpreadsheetSeed,
  type StandinOptions,
  type CallRecord,
} from './server';
export { createOAuthClient, createServiceAccountKeyFile } from './credentials';
export type { SeedCell, SeedSheet, StandinSpreadsheet } from './model';
export type { CellValue, NumberFormat } from './render';
export { loadSamplesIntoStandin, toSeedSheet, numberFormatOf } from './load-samples';
