/** Spreadsheet schemas, value parsing and validation shared by the Excel and Google Sheets backends. */
export * from './cell-value';
export * from './classify-row';
export * from './detect-header';
export * from './field-types';
export * from './formula-guard';
export * from './messages';
export * from './normalize-text';
export * from './parse-values';
export * from './schema';
export * from './schemas';
export * from './table-parser';
export * from './source-options';
export * from './apply-direction';
export * from './cross-checks';
