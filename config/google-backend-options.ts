import type { GoogleAuthConfig } from '../activities/sheets/google';
import type { AppConfig } from './schema';

/**
 * The Google Sheets client's credentials and API root from the `google` config key, in one place for the worker
 * and `config validate`. A service-account key is exchanged for access tokens at its own token_uri; an OAuth client
 * refreshes its token at `oauth.tokenUri` (default Google's); `apiRootUrl` points at a private endpoint.
 */
export function googleBackendOptions(
  google: AppConfig['google'],
): { auth: GoogleAuthConfig; rootUrl?: string } | undefined {
  if (!google) return undefined;
  const rootUrl = google.apiRootUrl ? { rootUrl: google.apiRootUrl } : {};
  if ('serviceAccountKeyFile' in google) {
    return { auth: { kind: 'service-account', keyFile: google.serviceAccountKeyFile }, ...rootUrl };
  }
  const { tokenUri, ...oauth } = google.oauth;
  return { auth: { kind: 'oauth', ...oauth, ...(tokenUri ? { tokenUri } : {}) }, ...rootUrl };
}
