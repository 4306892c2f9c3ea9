// Barrel of every workflow the worker registers. One file per workflow.
export * from './platform-check';
