/** Dealer reconciliation and dunning (对账催款): pure logic over typed records, no I/O. */
export * from './types';
export * from './compute-statement';
export * from './allocate-payments';
export * from './compute-aging';
export * from './accrue-interest';
export * from './build-charges';
export * from './procedure';
export * from './dealer-status';
export * from './decide-credit-hold';
export * from './decide-dunning';
export * from './dunning-state';
export * from './validate-transactions';
export * from './reconcile-dealer';
export * from './summarize-finance';
export * from './reason-text';
export * from './statement-document';
