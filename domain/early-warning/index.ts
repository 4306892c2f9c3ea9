export * from './types';
export * from './poisson';
export * from './detect-cell';
export * from './field-exposure';
export * from './incident-key';
export * from './detect-signals';
export * from './build-evidence';
export * from './zoned-time';
