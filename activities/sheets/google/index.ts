export { createGoogleBackend, type GoogleBackend, type GoogleBackendDeps } from './create-google-backend';
export { SHEETS_SCOPE, type GoogleAuthConfig } from './create-sheets-client';
export type { RetryOptions } from './call-with-retry';
export { TABLE_METADATA_KEY, contentHash } from './write-google-table';
