// The workflow bundle used by tests: every production workflow plus test-only fixture workflows.
export * from '../../workflows';
