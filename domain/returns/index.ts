/** Pure logic of return processing and supplier recovery (no I/O; importable by workflows and activities). */
export * from './types';
export * from './verdicts';
export * from './doc-numbers';
export * from './compute-credit';
export * from './assess-inspection';
export * from './check-return-lines';
export * from './supplier-batch';
export * from './incident-claims';
export * from './claim-aging';
