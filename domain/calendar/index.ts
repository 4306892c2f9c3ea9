export * from './working-days';
export * from './decide-monthly-run';
export * from './document-time';
