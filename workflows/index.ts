// Barrel of every workflow the worker registers. One file per workflow.
export * from './platform-check';
export * from './dunning-month';
export * from './dunning-dealer';
export * from './month-end-trigger';
export * from './stocktake';
export * from './return-processing';
export * from './returns-watcher';
export * from './supplier-recovery';
export * from './return-supplier-month';
export * from './quality-feedback';
export * from './incident';
export * from './incident-detection';
export * from './resend-mail';
