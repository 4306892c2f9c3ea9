import { readFileSync } from 'node:fs';
import { auth as googleAuth, sheets, type sheets_v4 } from '@googleapis/sheets';
import { ConfigError } from '../../../domain/errors';

export const SHEETS_SCOPE = 'https://www.googleapis.com/auth/spreadsheets';

export type GoogleAuthConfig =
  | {
      kind: 'service-account';
      keyFile: string;
      /**
       * Authenticate each call with a self-signed JWT carrying the scope instead of exchanging it for an access
       * token. Google accepts both; the client library always sends the token exchange to Google's fixed token
       * URL (it ignores the key's token_uri), so tests against the local stand-in use this.
       */
      selfSignedJwt?: boolean;
    }
  | { kind: 'oauth'; clientId: string; clientSecret: string; refreshToken: string; tokenUri?: string };

interface ServiceAccountKey {
  type?: string;
  client_email?: string;
  private_key?: string;
  private_key_id?: string;
}

function readKeyFile(
  keyFile: string,
): Required<Pick<ServiceAccountKey, 'client_email' | 'private_key'>> & ServiceAccountKey {
  let key: ServiceAccountKey;
  try {
    key = JSON.parse(readFileSync(keyFile, 'utf8')) as ServiceAccountKey;
  } catch (err) {
    throw new ConfigError(`Cannot read the Google service-account key file ${keyFile}: ${(err as Error).message}`, {
      keyFile,
    });
  }
  if (key.type !== 'service_account' || !key.client_email || !key.private_key) {
    throw new ConfigError(`${keyFile} is not a Google service-account key (needs type, client_email, private_key)`, {
      keyFile,
    });
  }
  return key as ReturnType<typeof readKeyFile>;
}

/** Google's own Sheets v4 client with the configured credentials; retries are ours (see callWithRetry), not gaxios'. */
export function createSheetsClient(opts: {
  auth: GoogleAuthConfig;
  rootUrl?: string;
  timeoutMs: number;
}): sheets_v4.Sheets {
  let client: InstanceType<typeof googleAuth.OAuth2>;
  if (opts.auth.kind === 'service-account') {
    const key = readKeyFile(opts.auth.keyFile);
    const jwt = new googleAuth.JWT({
      email: key.client_email,
      key: key.private_key,
      ...(key.private_key_id ? { keyId: key.private_key_id } : {}),
      scopes: [SHEETS_SCOPE],
    });
    jwt.useJWTAccessWithScope = opts.auth.selfSignedJwt ?? false;
    client = jwt;
  } else {
    const { clientId, clientSecret, refreshToken, tokenUri } = opts.auth;
    if (!clientId || !clientSecret || !refreshToken) {
      throw new ConfigError('Google OAuth needs clientId, clientSecret and refreshToken', { clientId });
    }
    client = new googleAuth.OAuth2({
      clientId,
      clientSecret,
      ...(tokenUri ? { endpoints: { oauth2TokenUrl: tokenUri } } : {}),
    });
    client.setCredentials({ refresh_token: refreshToken });
  }
  return sheets({
    version: 'v4',
    auth: client,
    retry: false,
    timeout: opts.timeoutMs,
    ...(opts.rootUrl ? { rootUrl: opts.rootUrl } : {}),
  });
}
